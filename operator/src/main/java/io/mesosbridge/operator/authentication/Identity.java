package io.mesosbridge.operator.authentication;

import java.util.List;

/**
 * Who an HTTP request proved to be: a principal of the credentials store (HTTP Basic) or a Kubernetes user (a bearer
 * token the API server's TokenReview accepted), with that user's groups.
 */
public record Identity(String principal, List<String> groups, boolean kubernetesUser) {

    public Identity {
        groups = List.copyOf(groups);
    }

    public static Identity ofCredentials(String principal) {
        return new Identity(principal, List.of(), false);
    }

    public static Identity ofKubernetesUser(String username, List<String> groups) {
        return new Identity(username, groups, true);
    }
}
