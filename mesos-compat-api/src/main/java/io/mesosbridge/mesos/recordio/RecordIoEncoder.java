package io.mesosbridge.mesos.recordio;

import com.google.protobuf.MessageLite;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Mesos RecordIO framing: each record is written as its length in decimal ASCII, a line feed, and exactly that many
 * bytes (no trailing newline). Stateless and thread-safe.
 */
public final class RecordIoEncoder {

  private RecordIoEncoder() {}

  /** Frames one record: {@code <length>\n<bytes>}. */
  public static byte[] encode(byte[] record) {
    byte[] header = header(record.length);
    byte[] out = new byte[header.length + record.length];
    System.arraycopy(header, 0, out, 0, header.length);
    System.arraycopy(record, 0, out, header.length, record.length);
    return out;
  }

  /** Frames a serialized protobuf message. */
  public static byte[] encode(MessageLite message) {
    return encode(message.toByteArray());
  }

  /** Frames text (e.g. a Mesos JSON event) as UTF-8. */
  public static byte[] encode(String text) {
    return encode(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes one framed record to a stream (does not flush). */
  public static void write(OutputStream out, byte[] record) throws IOException {
    out.write(header(record.length));
    out.write(record);
  }

  private static byte[] header(int length) {
    return (length + "\n").getBytes(StandardCharsets.US_ASCII);
  }
}
