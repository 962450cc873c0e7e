package io.mesosbridge.mesos.libprocess;

/** Bytes from a libprocess peer that are not the HTTP responses it should write. */
public class MalformedResponseException extends Exception {

    public MalformedResponseException(String message) {
        super(message);
    }
}
