package io.mesosbridge.mesos.resources;

/** Text that is not a valid Mesos resource or attribute string, or a resource that Mesos would reject. */
public class ResourceParseException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public ResourceParseException(String message) {
    super(message);
  }

  public ResourceParseException(String message, Throwable cause) {
    super(message, cause);
  }
}
