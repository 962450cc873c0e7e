package io.mesosbridge.mesos.libprocess;

/** A request that claims to be a libprocess message but is not addressed as one. */
public class MalformedMessageException extends Exception {

    public MalformedMessageException(String message) {
        super(message);
    }
}
