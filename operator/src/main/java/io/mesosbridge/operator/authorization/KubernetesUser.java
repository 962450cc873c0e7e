package io.mesosbridge.operator.authorization;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A user as a TokenReview returns it, and as a SubjectAccessReview takes it. */
public record KubernetesUser(String username, Optional<String> uid, List<String> groups,
                             Map<String, List<String>> extra) {

    public KubernetesUser {
        groups = List.copyOf(groups);
        extra = Map.copyOf(extra);
    }

    public KubernetesUser(String username, List<String> groups) {
        this(username, Optional.empty(), groups, Map.of());
    }
}
