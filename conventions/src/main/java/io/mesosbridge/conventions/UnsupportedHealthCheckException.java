package io.mesosbridge.conventions;

/** A Mesos health check that Kubernetes probes cannot express; the message says what part of it. */
public class UnsupportedHealthCheckException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public UnsupportedHealthCheckException(String message) {
        super(message);
    }
}
