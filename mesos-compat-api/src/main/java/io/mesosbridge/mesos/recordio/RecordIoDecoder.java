package io.mesosbridge.mesos.recordio;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Incremental Mesos RecordIO decoder. Feed it the stream in chunks of any size, split anywhere; each call returns
 * the records completed by that chunk, in order. Memory use is bounded by {@code maxRecordSize}: a header announcing
 * a longer record is rejected before any of its bytes are buffered, and a header is at most 19 digits.
 *
 * <p>Errors ({@link RecordIoException}): a header with anything but decimal digits before its line feed (including
 * an empty header), a header longer than 19 digits, a length above {@code maxRecordSize}, and, from
 * {@link #finish()}, a stream that ended inside a header or a record. After an error every call throws.
 *
 * <p>A zero length is accepted and yields an empty record (Mesos never sends one). Not thread-safe: one decoder per
 * stream.
 */
public final class RecordIoDecoder {

  /** Default maximum record size: 16 MiB. */
  public static final int DEFAULT_MAX_RECORD_SIZE = 16 * 1024 * 1024;

  private static final int MAX_HEADER_DIGITS = 19;

  private final int maxRecordSize;

  // header state
  private long length;
  private int digits;
  // record state (record != null while reading a record body)
  private byte[] record;
  private int filled;
  private String failure;

  public RecordIoDecoder() {
    this(DEFAULT_MAX_RECORD_SIZE);
  }

  public RecordIoDecoder(int maxRecordSize) {
    if (maxRecordSize < 0) {
      throw new IllegalArgumentException("maxRecordSize must be >= 0: " + maxRecordSize);
    }
    this.maxRecordSize = maxRecordSize;
  }

  public int maxRecordSize() {
    return maxRecordSize;
  }

  /** Decodes a whole chunk. */
  public List<byte[]> feed(byte[] chunk) throws RecordIoException {
    return feed(chunk, 0, chunk.length);
  }

  /** Decodes {@code chunk[offset, offset + count)}. */
  public List<byte[]> feed(byte[] chunk, int offset, int count) throws RecordIoException {
    if (offset < 0 || count < 0 || offset > chunk.length - count) {
      throw new IndexOutOfBoundsException("offset " + offset + ", count " + count + ", length " + chunk.length);
    }
    checkNotFailed();
    List<byte[]> out = new ArrayList<>();
    int i = offset;
    int end = offset + count;
    while (i < end) {
      if (record != null) {
        int n = Math.min(end - i, record.length - filled);
        System.arraycopy(chunk, i, record, filled, n);
        filled += n;
        i += n;
        if (filled == record.length) {
          out.add(record);
          record = null;
        }
        continue;
      }
      byte b = chunk[i++];
      if (b == '\n') {
        startRecord(out);
      } else if (b >= '0' && b <= '9') {
        if (digits == MAX_HEADER_DIGITS) {
          fail("record length header longer than " + MAX_HEADER_DIGITS + " digits");
        }
        length = length * 10 + (b - '0');
        digits++;
        if (length > maxRecordSize) {
          fail("record length " + length + "+ exceeds the maximum record size " + maxRecordSize);
        }
      } else {
        fail("unexpected byte 0x" + Integer.toHexString(b & 0xff) + " in record length header");
      }
    }
    return out;
  }

  /** Decodes the remaining bytes of a buffer (the buffer's position moves to its limit). */
  public List<byte[]> feed(ByteBuffer chunk) throws RecordIoException {
    if (chunk.hasArray()) {
      int start = chunk.arrayOffset() + chunk.position();
      int count = chunk.remaining();
      List<byte[]> out = feed(chunk.array(), start, count);
      chunk.position(chunk.limit());
      return out;
    }
    byte[] copy = new byte[chunk.remaining()];
    chunk.get(copy);
    return feed(copy);
  }

  /**
   * Declares the end of the stream. Throws if the stream stopped inside a header or a record; a decoder left
   * between records is fine.
   */
  public void finish() throws RecordIoException {
    checkNotFailed();
    if (record != null) {
      fail("stream ended inside a record: " + filled + " of " + record.length + " bytes received");
    }
    if (digits > 0) {
      fail("stream ended inside a record length header");
    }
  }

  /** True when the decoder sits exactly between two records. */
  public boolean isBetweenRecords() {
    return failure == null && record == null && digits == 0;
  }

  private void startRecord(List<byte[]> out) throws RecordIoException {
    if (digits == 0) {
      fail("empty record length header");
    }
    int size = (int) length; // <= maxRecordSize, checked digit by digit
    length = 0;
    digits = 0;
    if (size == 0) {
      out.add(new byte[0]);
    } else {
      record = new byte[size];
      filled = 0;
    }
  }

  private void checkNotFailed() throws RecordIoException {
    if (failure != null) {
      throw new RecordIoException("decoder failed earlier: " + failure);
    }
  }

  private void fail(String message) throws RecordIoException {
    failure = message;
    record = null;
    throw new RecordIoException(message);
  }
}
