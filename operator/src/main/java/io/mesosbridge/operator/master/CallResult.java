package io.mesosbridge.operator.master;

import com.google.protobuf.Message;

/**
 * How the master answers a call that does not open a stream: an outcome, and an error message or a response. Each API
 * adapter says it in its own protocol (the v1 HTTP APIs as status codes).
 */
public record CallResult(Outcome outcome, String error, Message body) {

    public enum Outcome {
        /** Taken; its effects follow as events (HTTP 202). */
        ACCEPTED,
        /** Done, with or without a response (HTTP 200). */
        OK,
        /** The call is malformed or names what does not exist (HTTP 400). */
        INVALID,
        /** The caller may not make it now (HTTP 403). */
        FORBIDDEN,
        /** It conflicts with what someone else did (HTTP 409). */
        CONFLICT,
        /** The master could not do it for now (HTTP 503). */
        UNAVAILABLE,
        /** The master does not implement it (HTTP 501). */
        NOT_IMPLEMENTED
    }

    public static CallResult accepted() {
        return new CallResult(Outcome.ACCEPTED, null, null);
    }

    public static CallResult ok() {
        return new CallResult(Outcome.OK, null, null);
    }

    public static CallResult ok(Message body) {
        return new CallResult(Outcome.OK, null, body);
    }

    public static CallResult invalid(String message) {
        return new CallResult(Outcome.INVALID, message, null);
    }

    public static CallResult forbidden(String message) {
        return new CallResult(Outcome.FORBIDDEN, message, null);
    }

    public static CallResult conflict(String message) {
        return new CallResult(Outcome.CONFLICT, message, null);
    }

    public static CallResult unavailable(String message) {
        return new CallResult(Outcome.UNAVAILABLE, message, null);
    }

    public static CallResult notImplemented(String message) {
        return new CallResult(Outcome.NOT_IMPLEMENTED, message, null);
    }
}
