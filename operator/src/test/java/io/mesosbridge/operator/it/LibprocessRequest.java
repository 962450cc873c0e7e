package io.mesosbridge.operator.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** One HTTP request as the master writes a libprocess message: request line, headers, a chunked body. */
record LibprocessRequest(String line, Map<String, String> headers, byte[] body) {

    /** The message's full protobuf name: the last path segment of {@code POST /<process>/<name> HTTP/1.1}. */
    String messageName() {
        String path = line.split(" ")[1];
        return path.substring(path.lastIndexOf('/') + 1);
    }

    static LibprocessRequest read(InputStream in) throws IOException {
        String line = readLine(in);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String header = readLine(in); !header.isEmpty(); header = readLine(in)) {
            int colon = header.indexOf(':');
            headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int size = Integer.parseInt(readLine(in), 16); size > 0; size = Integer.parseInt(readLine(in), 16)) {
            body.write(in.readNBytes(size));
            readLine(in);
        }
        readLine(in);
        return new LibprocessRequest(line, headers, body.toByteArray());
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed in the middle of a request");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
