package org.agora.gram.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads requests off one connection, within the protocol's bounds. */
public final class RequestReader {
    private static final Pattern COMMAND = Pattern.compile("[A-Z]{1,16}");
    private static final Pattern ARGUMENT = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Pattern NAME = Pattern.compile("[a-z]{1,32}\\+?");
    private final LineReader lines;

    public RequestReader(LineReader lines) {
        this.lines = lines;
    }

    /** The next request; null when the client closed the connection between requests. */
    public Request next() throws IOException, ProtocolException {
        long start = lines.bytesRead();
        String first = lines.next();
        if (first == null) {
            return null;
        }
        String[] words = first.split(" ");
        if (!COMMAND.matcher(words[0]).matches()) {
            throw new ProtocolException("bad-request", "not a command line: " + quote(first));
        }
        List<String> arguments = new ArrayList<>();
        for (String word : Arrays.asList(words).subList(1, words.length)) {
            if (!ARGUMENT.matcher(word).matches()) {
                throw new ProtocolException("bad-request", "not an argument: " + quote(word));
            }
            arguments.add(word);
        }
        Map<String, List<byte[]>> fields = new LinkedHashMap<>();
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        String pendingName = null;
        int count = 0;
        while (true) {
            String line = lines.next();
            if (line == null) {
                throw new ProtocolException("bad-request", "the connection ended before END");
            }
            if (lines.bytesRead() - start > Wire.MAX_REQUEST) {
                throw new ProtocolException("too-large", "a request over " + Wire.MAX_REQUEST + " bytes");
            }
            if (line.equals("END")) {
                if (pendingName != null) {
                    throw new ProtocolException("bad-request", "the field " + pendingName + " ends with a continuation");
                }
                return new Request(words[0], arguments, fields);
            }
            if (++count > Wire.MAX_FIELDS) {
                throw new ProtocolException("too-large", "more than " + Wire.MAX_FIELDS + " field lines");
            }
            int space = line.indexOf(' ');
            String name = space < 0 ? line : line.substring(0, space);
            if (!NAME.matcher(name).matches()) {
                throw new ProtocolException("bad-request", "not a field name: " + quote(name));
            }
            byte[] value;
            try {
                value = Base64.getDecoder().decode(space < 0 ? "" : line.substring(space + 1));
            } catch (IllegalArgumentException e) {
                throw new ProtocolException("bad-request", "the field " + name + " is not base64");
            }
            boolean continues = name.endsWith("+");
            String base = continues ? name.substring(0, name.length() - 1) : name;
            if (pendingName != null && !pendingName.equals(base)) {
                throw new ProtocolException("bad-request", "the field " + pendingName + " is continued by " + base);
            }
            pending.writeBytes(value);
            if (continues) {
                pendingName = base;
            } else {
                fields.computeIfAbsent(base, n -> new ArrayList<>()).add(pending.toByteArray());
                pending.reset();
                pendingName = null;
            }
        }
    }

    private static String quote(String text) {
        return "\"" + (text.length() <= 40 ? text : text.substring(0, 40) + "...") + "\"";
    }
}
