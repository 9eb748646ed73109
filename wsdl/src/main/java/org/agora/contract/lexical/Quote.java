package org.agora.contract.lexical;

/**
 * Text a caller sent, made safe to put in a fault or a log line: at most {@value #MAX_CHARACTERS}
 * characters of it, control and invisible characters escaped as {@code \\uXXXX}, quoted, and its
 * full length stated when it was cut. A 50 MB element becomes about a hundred bytes.
 */
public final class Quote {
    /** Characters of the sent text kept; enough to recognise a value, too few to echo an attack. */
    public static final int MAX_CHARACTERS = 40;

    private Quote() {
    }

    /** {@code 'value'}, or {@code 'prefix…' (N characters)} when longer than the limit; {@code nothing} for null. */
    public static String of(CharSequence value) {
        if (value == null) {
            return "nothing";
        }
        int length = value.length();
        int kept = Math.min(length, MAX_CHARACTERS);
        StringBuilder out = new StringBuilder(kept + 32).append('\'');
        escape(value, kept, out);
        out.append('\'');
        if (kept < length) {
            out.insert(out.length() - 1, '…').append(" (").append(length).append(" characters)");
        }
        return out.toString();
    }

    /** Runs of non-blank characters longer than this are cut by {@link #shorten}; a {@link #of} quote is shorter. */
    static final int MAX_RUN = 64;

    /**
     * {@code text} with every run of more than {@value #MAX_RUN} non-blank characters cut to a
     * prefix and its length, invisible characters escaped and the whole at most about 1,000
     * characters: for sentences that may embed what the caller sent (an element name, a key),
     * whether written by a library or by Agora itself.
     */
    public static String shorten(CharSequence text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), 512));
        int i = 0;
        int n = text.length();
        while (i < n && out.length() < 1024) {
            int end = i;
            while (end < n && !Character.isWhitespace(text.charAt(end))) {
                end++;
            }
            int run = end - i;
            if (run > MAX_RUN) {
                escapeInvisible(text.subSequence(i, i + MAX_CHARACTERS), out);
                out.append("… (").append(run).append(" characters)");
            } else {
                escapeInvisible(text.subSequence(i, end), out);
            }
            if (end < n) {
                out.append(Character.isISOControl(text.charAt(end)) ? ' ' : text.charAt(end));
            }
            i = end + 1;
        }
        if (i < n) {
            out.append("… (").append(n).append(" characters)");
        }
        return out.toString().strip();
    }

    private static void escape(CharSequence value, int count, StringBuilder out) {
        for (int i = 0; i < count; i++) {
            char c = value.charAt(i);
            if (invisible(c)) {
                out.append(String.format("\\u%04X", (int) c));
            } else if (c == '\\' || c == '\'') {
                out.append('\\').append(c);
            } else {
                out.append(c);
            }
        }
    }

    private static void escapeInvisible(CharSequence value, StringBuilder out) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (invisible(c)) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
    }

    /** Characters a terminal or log viewer would act on or not show: controls, line separators, format characters, unpaired halves. */
    private static boolean invisible(char c) {
        return Character.isISOControl(c) || Character.isSurrogate(c) || c == '\u2028' || c == '\u2029'
                || Character.getType(c) == Character.FORMAT || c == '\uFFFE' || c == '\uFFFF';
    }
}
