package io.mesosbridge.mesos.json;

/**
 * Text that is not a valid Mesos JSON rendering of the requested message: malformed JSON, a value of the wrong type
 * for its field, or a message missing required fields. This is the only exception {@link MesosJson#parse} throws
 * for bad input.
 */
public class MesosJsonException extends Exception {
  private static final long serialVersionUID = 1L;

  public MesosJsonException(String message) {
    super(message);
  }

  public MesosJsonException(String message, Throwable cause) {
    super(message, cause);
  }
}
