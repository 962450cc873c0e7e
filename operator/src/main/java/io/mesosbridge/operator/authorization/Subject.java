package io.mesosbridge.operator.authorization;

import java.util.Optional;

/**
 * Who asks: the authenticated principal, if any, and, when it authenticated with a Kubernetes bearer token, the
 * Kubernetes user the TokenReview named (whose username is the principal).
 */
public record Subject(Optional<String> principal, Optional<KubernetesUser> kubernetesUser) {

    private static final Subject ANONYMOUS = new Subject(Optional.empty(), Optional.empty());

    public Subject {
        if (kubernetesUser.isPresent() && !principal.equals(kubernetesUser.map(KubernetesUser::username))) {
            throw new IllegalArgumentException("A Kubernetes user's principal is its username");
        }
    }

    /** A request without a principal (authentication off): only ACLs whose principals are ANY or NONE match it. */
    public static Subject anonymous() {
        return ANONYMOUS;
    }

    /** A principal authenticated by the master's credentials (HTTP Basic, CRAM-MD5) or named by a framework. */
    public static Subject principal(String principal) {
        return new Subject(Optional.of(principal), Optional.empty());
    }

    /** The principal when there is one, else {@link #anonymous()}. */
    public static Subject principal(Optional<String> principal) {
        return principal.map(Subject::principal).orElse(ANONYMOUS);
    }

    /** A Kubernetes identity, from a bearer token that a TokenReview accepted. */
    public static Subject kubernetes(KubernetesUser user) {
        return new Subject(Optional.of(user.username()), Optional.of(user));
    }
}
