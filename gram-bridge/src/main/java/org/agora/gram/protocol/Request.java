package org.agora.gram.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One request: its command, arguments and fields (each name's values in the order sent).
 */
public record Request(String command, List<String> arguments, Map<String, List<byte[]>> fields) {

    public Request {
        arguments = List.copyOf(arguments);
        Map<String, List<byte[]>> copy = new LinkedHashMap<>();
        fields.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        fields = Collections.unmodifiableMap(copy);
    }

    /** The {@code index}th argument of the command line. */
    public String argument(int index) throws ProtocolException {
        if (index >= arguments.size()) {
            throw new ProtocolException("bad-request", command + " needs " + (index + 1) + " argument(s)");
        }
        return arguments.get(index);
    }

    /** Every value of {@code name}, as UTF-8 text. */
    public List<String> texts(String name) {
        List<String> texts = new ArrayList<>();
        for (byte[] value : fields.getOrDefault(name, List.of())) {
            texts.add(new String(value, StandardCharsets.UTF_8));
        }
        return texts;
    }

    /** The one value of {@code name} as text; null when absent. */
    public String text(String name) throws ProtocolException {
        byte[] value = bytes(name);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    /** The one value of {@code name}; null when absent. */
    public byte[] bytes(String name) throws ProtocolException {
        List<byte[]> values = fields.getOrDefault(name, List.of());
        if (values.size() > 1) {
            throw new ProtocolException("bad-request", "the field " + name + " is sent more than once");
        }
        return values.isEmpty() ? null : values.get(0);
    }
}
