package io.mesosbridge.operator.http;

import com.google.protobuf.Message;

/** How the master answers a non-streaming call: an HTTP status, and a plain-text error or a response message. */
public record CallResult(int status, String error, Message body) {

    public static CallResult accepted() {
        return new CallResult(202, null, null);
    }

    public static CallResult ok() {
        return new CallResult(200, null, null);
    }

    public static CallResult ok(Message body) {
        return new CallResult(200, null, body);
    }

    public static CallResult badRequest(String message) {
        return new CallResult(400, message, null);
    }

    public static CallResult forbidden(String message) {
        return new CallResult(403, message, null);
    }

    public static CallResult notImplemented(String message) {
        return new CallResult(501, message, null);
    }
}
