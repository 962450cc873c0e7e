package io.mesosbridge.mesos.libprocess;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the HTTP responses a libprocess peer writes back on a connection the master opened to send it messages
 * ({@code 202 Accepted}, or {@code 404 Not Found} for a process it does not have), fed in the pieces the network
 * delivers. Bodies are skipped by their {@code Content-Length} or chunks. Anything that is not HTTP, or a head longer
 * than {@value #MAX_HEAD_BYTES} bytes, is an error: the caller closes the connection.
 */
public final class ResponseReader {

    static final int MAX_HEAD_BYTES = 8192;
    private static final int MAX_LINE_BYTES = 1024;

    private enum Phase { HEAD, BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILER }

    private Phase phase = Phase.HEAD;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final List<String> headLines = new ArrayList<>();
    private int headBytes;
    private long remaining;

    /** Consumes {@code bytes}; returns the status codes of the responses they complete, in order. */
    public List<Integer> feed(byte[] bytes) throws MalformedResponseException {
        List<Integer> completed = new ArrayList<>();
        int i = 0;
        while (i < bytes.length) {
            if (phase == Phase.BODY || phase == Phase.CHUNK_DATA) {
                int skip = (int) Math.min(remaining, bytes.length - i);
                i += skip;
                remaining -= skip;
                if (remaining == 0) {
                    if (phase == Phase.BODY) {
                        completed.add(finishResponse());
                    } else {
                        phase = Phase.CHUNK_END;
                    }
                }
                continue;
            }
            byte b = bytes[i++];
            if (phase == Phase.HEAD && ++headBytes > MAX_HEAD_BYTES) {
                throw new MalformedResponseException("response head longer than " + MAX_HEAD_BYTES + " bytes");
            }
            if (b != '\n') {
                if (line.size() >= MAX_LINE_BYTES) {
                    throw new MalformedResponseException("response line longer than " + MAX_LINE_BYTES + " bytes");
                }
                line.write(b);
                continue;
            }
            String text = line.toString(StandardCharsets.ISO_8859_1);
            if (text.endsWith("\r")) {
                text = text.substring(0, text.length() - 1);
            }
            line.reset();
            Integer status = onLine(text);
            if (status != null) {
                completed.add(status);
            }
        }
        return completed;
    }

    private Integer onLine(String text) throws MalformedResponseException {
        switch (phase) {
            case HEAD:
                if (!text.isEmpty()) {
                    if (headLines.isEmpty() && !text.startsWith("HTTP/1.")) {
                        throw new MalformedResponseException("not an HTTP response: " + Upid.printable(text));
                    }
                    headLines.add(text);
                    return null;
                }
                if (headLines.isEmpty()) {
                    return null;
                }
                return startBody();
            case CHUNK_SIZE:
                long size = chunkSize(text);
                if (size == 0) {
                    phase = Phase.TRAILER;
                } else {
                    remaining = size;
                    phase = Phase.CHUNK_DATA;
                }
                return null;
            case CHUNK_END:
                if (!text.isEmpty()) {
                    throw new MalformedResponseException("chunk not followed by CRLF");
                }
                phase = Phase.CHUNK_SIZE;
                return null;
            case TRAILER:
                return text.isEmpty() ? finishResponse() : null;
            default:
                throw new IllegalStateException(phase.name());
        }
    }

    private Integer startBody() throws MalformedResponseException {
        long contentLength = 0;
        boolean chunked = false;
        for (String header : headLines.subList(1, headLines.size())) {
            int colon = header.indexOf(':');
            if (colon <= 0) {
                throw new MalformedResponseException("bad header line: " + Upid.printable(header));
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            if (name.equals("content-length")) {
                contentLength = number(value, 10);
            } else if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                chunked = true;
            }
        }
        if (chunked) {
            phase = Phase.CHUNK_SIZE;
            return null;
        }
        if (contentLength == 0) {
            return finishResponse();
        }
        remaining = contentLength;
        phase = Phase.BODY;
        return null;
    }

    private int finishResponse() throws MalformedResponseException {
        String[] statusLine = headLines.get(0).split(" ", 3);
        if (statusLine.length < 2 || statusLine[1].length() != 3) {
            throw new MalformedResponseException("bad status line: " + Upid.printable(headLines.get(0)));
        }
        int status = (int) number(statusLine[1], 10);
        headLines.clear();
        headBytes = 0;
        phase = Phase.HEAD;
        return status;
    }

    private static long chunkSize(String text) throws MalformedResponseException {
        int extension = text.indexOf(';');
        return number((extension < 0 ? text : text.substring(0, extension)).trim(), 16);
    }

    private static long number(String text, int radix) throws MalformedResponseException {
        if (text.isEmpty() || text.length() > 12) {
            throw new MalformedResponseException("bad number: " + Upid.printable(text));
        }
        try {
            long value = Long.parseLong(text, radix);
            if (value < 0) {
                throw new MalformedResponseException("negative number: " + Upid.printable(text));
            }
            return value;
        } catch (NumberFormatException e) {
            throw new MalformedResponseException("bad number: " + Upid.printable(text));
        }
    }
}
