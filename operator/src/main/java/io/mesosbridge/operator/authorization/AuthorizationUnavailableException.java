package io.mesosbridge.operator.authorization;

/** No decision could be made (not a denial): e.g. the Kubernetes API server did not answer. */
public class AuthorizationUnavailableException extends RuntimeException {

    public AuthorizationUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
