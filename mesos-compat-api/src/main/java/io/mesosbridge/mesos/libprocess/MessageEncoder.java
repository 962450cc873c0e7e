package io.mesosbridge.mesos.libprocess;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One libprocess message as the bytes libprocess writes for it: an HTTP/1.1 POST to {@code /<receiver>/<name>} naming
 * the sender in {@code Libprocess-From} and {@code User-Agent}, on a kept-alive connection, with the body in one chunk.
 */
public final class MessageEncoder {

    private MessageEncoder() {
    }

    public static byte[] encode(Upid from, Upid to, String name, byte[] body) {
        String head = "POST /" + to.id() + "/" + name + " HTTP/1.1\r\n"
                + "User-Agent: " + Envelope.LEGACY_USER_AGENT_PREFIX + from + "\r\n"
                + Envelope.FROM_HEADER + ": " + from + "\r\n"
                + "Connection: Keep-Alive\r\n"
                + "Host: \r\n"
                + "Transfer-Encoding: chunked\r\n\r\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length() + body.length + 16);
        out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        if (body.length > 0) {
            out.writeBytes((Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(body);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
