package io.mesosbridge.operator.authorization;

import io.mesosbridge.crds.MesosResources;

/**
 * The RBAC permission that stands for a Mesos action when a Kubernetes user asks: a verb on a resource of the
 * bridge's API group (in the bridge's namespace) or on core Nodes. The SubjectAccessReview names the action's object
 * (role, user, principal, Node) as the resource name, so that an RBAC rule's {@code resourceNames} plays the part of
 * an ACL's {@code values}, and a rule without them that of {@code {"type": "ANY"}}.
 */
record KubernetesPermission(String verb, String group, String resource, String subresource, boolean namespaced) {

    static KubernetesPermission of(Action action) {
        return switch (action) {
            case REGISTER_FRAMEWORK -> mesos("create", "mesosframeworks", "");
            case TEARDOWN_FRAMEWORK -> mesos("delete", "mesosframeworks", "");
            case VIEW_FRAMEWORK -> mesos("get", "mesosframeworks", "");
            case RUN_TASK -> mesos("create", "mesostasks", "");
            case VIEW_TASK -> mesos("get", "mesostasks", "");
            case VIEW_EXECUTOR -> mesos("get", "mesostasks", "executor");
            case VIEW_ROLE -> mesos("get", "mesosroles", "");
            case UPDATE_WEIGHT -> mesos("update", "mesosroles", "weight");
            case GET_QUOTA -> mesos("get", "mesosroles", "quota");
            case UPDATE_QUOTA -> mesos("update", "mesosroles", "quota");
            case RESERVE_RESOURCES -> mesos("create", "mesosreservations", "");
            case UNRESERVE_RESOURCES -> mesos("delete", "mesosreservations", "");
            case CREATE_VOLUME -> mesos("create", "mesosvolumes", "");
            case DESTROY_VOLUME -> mesos("delete", "mesosvolumes", "");
            case DRAIN_AGENT, DEACTIVATE_AGENT, REACTIVATE_AGENT, UPDATE_MAINTENANCE_SCHEDULE, START_MAINTENANCE,
                    STOP_MAINTENANCE -> nodes("patch");
            case GET_MAINTENANCE_SCHEDULE, GET_MAINTENANCE_STATUS -> nodes("get");
            case MARK_AGENT_GONE -> nodes("delete");
        };
    }

    private static KubernetesPermission mesos(String verb, String resource, String subresource) {
        return new KubernetesPermission(verb, MesosResources.GROUP, resource, subresource, true);
    }

    private static KubernetesPermission nodes(String verb) {
        return new KubernetesPermission(verb, "", "nodes", "", false);
    }
}
