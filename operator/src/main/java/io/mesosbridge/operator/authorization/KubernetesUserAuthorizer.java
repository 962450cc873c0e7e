package io.mesosbridge.operator.authorization;

import java.util.Optional;

/** Decides for Kubernetes users: a SubjectAccessReview in the bridge ({@link KubernetesAuthorizer}). */
interface KubernetesUserAuthorizer {

    /** Whether the user may perform the action on the object, or, without object, on every object of its kind. */
    boolean allows(KubernetesUser user, Action action, Optional<String> object);
}
