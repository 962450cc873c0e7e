package io.mesosbridge.mesos.recordio;

import java.io.IOException;

/**
 * A RecordIO stream is malformed: a length header that is not a decimal number, a record longer than the
 * decoder's maximum, or a stream that ends inside a header or a record. The decoder that threw it is failed for
 * good; a new stream needs a new decoder.
 */
public class RecordIoException extends IOException {
  private static final long serialVersionUID = 1L;

  public RecordIoException(String message) {
    super(message);
  }
}
