package io.mesosbridge.mesos.libprocess;

import java.util.regex.Pattern;

/**
 * The addressing of one libprocess message, read from its HTTP request: {@code POST /<receiver>/<message name>}, sent
 * by the process named in {@code Libprocess-From} (or, from libprocess before 0.21, in {@code User-Agent:
 * libprocess/<pid>}).
 */
public record Envelope(Upid from, String receiver, String name) {

    public static final String FROM_HEADER = "Libprocess-From";
    public static final String LEGACY_USER_AGENT_PREFIX = "libprocess/";
    private static final int MAX_PATH_LENGTH = 1024;
    private static final Pattern RECEIVER = Pattern.compile("[A-Za-z0-9_.()\\-]{1,256}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*){0,15}");

    /** Whether an HTTP request is a libprocess message rather than a call of an HTTP API. */
    public static boolean isMessage(String method, String libprocessFrom, String userAgent) {
        return "POST".equals(method)
                && (libprocessFrom != null || userAgent != null && userAgent.startsWith(LEGACY_USER_AGENT_PREFIX));
    }

    /**
     * Reads the envelope of a message request ({@link #isMessage} holds); throws {@link MalformedMessageException}
     * when the path or the sender is not what libprocess sends.
     */
    public static Envelope parse(String rawPath, String libprocessFrom, String userAgent)
            throws MalformedMessageException {
        if (rawPath == null || rawPath.length() > MAX_PATH_LENGTH) {
            throw new MalformedMessageException("message path missing or longer than " + MAX_PATH_LENGTH);
        }
        String path = percentDecoded(rawPath);
        if (!path.startsWith("/")) {
            throw new MalformedMessageException("message path does not start with '/': " + Upid.printable(path));
        }
        int slash = path.indexOf('/', 1);
        if (slash < 0) {
            throw new MalformedMessageException("message path is not /<process>/<message>: " + Upid.printable(path));
        }
        String receiver = path.substring(1, slash);
        String name = path.substring(slash + 1);
        if (!RECEIVER.matcher(receiver).matches()) {
            throw new MalformedMessageException("not a process id: " + Upid.printable(receiver));
        }
        if (!NAME.matcher(name).matches()) {
            throw new MalformedMessageException("not a message name: " + Upid.printable(name));
        }
        String sender = libprocessFrom != null ? libprocessFrom
                : userAgent.substring(LEGACY_USER_AGENT_PREFIX.length()).trim();
        try {
            return new Envelope(Upid.parse(sender.trim()), receiver, name);
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException("bad sender: " + e.getMessage());
        }
    }

    /** %XX escapes decoded as libprocess decodes request paths; a malformed escape is kept as it is. */
    static String percentDecoded(String path) {
        if (path.indexOf('%') < 0) {
            return path;
        }
        StringBuilder out = new StringBuilder(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%' && i + 2 < path.length() && hex(path.charAt(i + 1)) >= 0 && hex(path.charAt(i + 2)) >= 0) {
                out.append((char) (hex(path.charAt(i + 1)) * 16 + hex(path.charAt(i + 2))));
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
