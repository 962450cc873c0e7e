package io.mesosbridge.mesos.libprocess;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A libprocess process id, {@code id@host:port}: {@code master@10.0.0.5:5050},
 * {@code scheduler-6f1c…@10.0.0.9:41234}, {@code crammd5-authenticatee(1)@10.0.0.9:41234}. The host is an IPv4
 * address or a DNS name; anything else is refused, since the master dials what a peer claims to be.
 */
public record Upid(String id, String host, int port) {

    private static final int MAX_LENGTH = 512;
    private static final Pattern FORM = Pattern.compile(
            "([A-Za-z0-9_.()\\-]{1,256})@([A-Za-z0-9](?:[A-Za-z0-9.\\-]{0,251}[A-Za-z0-9])?):([0-9]{1,5})");

    public Upid {
        if (!FORM.matcher(id + "@" + host + ":" + port).matches() || port < 1 || port > 65535) {
            throw new IllegalArgumentException("not a libprocess pid: " + id + "@" + host + ":" + port);
        }
    }

    /** Parses {@code id@host:port}; throws {@link IllegalArgumentException} naming what is wrong. */
    public static Upid parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty libprocess pid");
        }
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("libprocess pid longer than " + MAX_LENGTH + " characters");
        }
        Matcher matcher = FORM.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a libprocess pid (id@host:port): " + printable(text));
        }
        int port = Integer.parseInt(matcher.group(3));
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("libprocess pid port out of range: " + printable(text));
        }
        return new Upid(matcher.group(1), matcher.group(2), port);
    }

    /** The same address with another process id: the agent {@code slave(1)} beside a scheduler, for instance. */
    public Upid withId(String otherId) {
        return new Upid(otherId, host, port);
    }

    /** {@code host:port}: processes at one address share one connection. */
    public String address() {
        return host + ":" + port;
    }

    @Override
    public String toString() {
        return id + "@" + host + ":" + port;
    }

    static String printable(String text) {
        String shown = text.length() > 80 ? text.substring(0, 80) + "…" : text;
        StringBuilder out = new StringBuilder(shown.length());
        for (char c : shown.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.toString();
    }
}
