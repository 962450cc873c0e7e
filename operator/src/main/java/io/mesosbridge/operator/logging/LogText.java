package io.mesosbridge.operator.logging;

/**
 * Client-supplied text (framework names, task ids, roles, messages) made safe to print in a log line: control
 * characters and Unicode line separators appear as escapes, so no client can start a line of its own, and very long
 * values are cut.
 */
public final class LogText {

    /** Characters of a value printed; the rest is replaced by a count. */
    static final int MAX_CHARS = 512;

    private LogText() {
    }

    /** {@code value} with CR, LF, TAB as {@code \r \n \t}, other controls as {@code \\uXXXX}; null as "null". */
    public static String escape(String value) {
        if (value == null) {
            return "null";
        }
        int shown = Math.min(value.length(), MAX_CHARS);
        StringBuilder out = null;
        for (int i = 0; i < shown; i++) {
            char c = value.charAt(i);
            String replacement = replacement(c);
            if (replacement != null && out == null) {
                out = new StringBuilder(shown + 16).append(value, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                }
            }
        }
        if (out == null && shown == value.length()) {
            return value;
        }
        if (out == null) {
            out = new StringBuilder(value.substring(0, shown));
        }
        if (shown < value.length()) {
            out.append("...(").append(value.length() - shown).append(" more characters)");
        }
        return out.toString();
    }

    private static String replacement(char c) {
        return switch (c) {
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            case '\\' -> "\\\\";
            default -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
                    || Character.getType(c) == Character.FORMAT ? String.format("\\u%04x", (int) c) : null;
        };
    }
}
