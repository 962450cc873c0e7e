package io.mesosbridge.operator.authentication;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code Authorization} header of an HTTP request, read as the two schemes the master takes: {@code Basic}
 * (principal and secret of the credentials store, as Mesos's basic authenticator) and {@code Bearer} (a Kubernetes
 * token).
 */
public sealed interface AuthorizationHeader {

    /** At most this many characters are looked at; a longer header is refused unread. */
    int MAX_LENGTH = 16 * 1024;

    record Basic(String principal, String secret) implements AuthorizationHeader {
        /** Whether {@code credentials} hold this principal with this secret (compared in constant time). */
        public boolean matches(Credentials credentials) {
            return credentials.secretOf(principal)
                    .map(expected -> MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                            secret.getBytes(StandardCharsets.UTF_8)))
                    .orElse(false);
        }
    }

    record Bearer(String token) implements AuthorizationHeader {
    }

    /** A header present but not usable; {@code reason} names why, without repeating what the client sent. */
    record Malformed(String reason) implements AuthorizationHeader {
    }

    /** Reads a header value; nothing when the request has none. */
    static Optional<AuthorizationHeader> read(String value) {
        if (value == null) {
            return Optional.empty();
        }
        if (value.length() > MAX_LENGTH) {
            return Optional.of(new Malformed("Authorization header too long"));
        }
        int space = value.indexOf(' ');
        if (space <= 0) {
            return Optional.of(new Malformed("Malformed 'Authorization' header"));
        }
        String scheme = value.substring(0, space).toLowerCase(Locale.ROOT);
        String rest = value.substring(space + 1).strip();
        return Optional.of(switch (scheme) {
            case "basic" -> basic(rest);
            case "bearer" -> rest.isEmpty() || rest.chars().anyMatch(c -> c <= ' ' || c >= 127)
                    ? new Malformed("Malformed bearer token") : new Bearer(rest);
            default -> new Malformed("Unsupported authentication scheme");
        });
    }

    private static AuthorizationHeader basic(String encoded) {
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            return new Malformed("Malformed 'Authorization' header: not base64");
        }
        String credential = new String(decoded, StandardCharsets.UTF_8);
        int colon = credential.indexOf(':');
        if (colon < 0) {
            return new Malformed("Malformed 'Authorization' header: expecting 'principal:secret'");
        }
        return new Basic(credential.substring(0, colon), credential.substring(colon + 1));
    }
}
