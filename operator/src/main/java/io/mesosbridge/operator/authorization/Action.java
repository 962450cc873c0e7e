package io.mesosbridge.operator.authorization;

import java.util.Arrays;
import java.util.Optional;

/**
 * The authorizable actions of a Mesos master that exist in the bridge, each with the name of its list in the
 * {@code --acls} JSON and the name of its object field (Mesos's {@code acls.proto}).
 */
public enum Action {
    REGISTER_FRAMEWORK("register_frameworks", "RegisterFramework", "roles", ObjectKind.ROLE),
    RUN_TASK("run_tasks", "RunTask", "users", ObjectKind.VALUE),
    TEARDOWN_FRAMEWORK("teardown_frameworks", "TeardownFramework", "framework_principals", ObjectKind.VALUE),
    VIEW_FRAMEWORK("view_frameworks", "ViewFramework", "users", ObjectKind.VALUE),
    VIEW_TASK("view_tasks", "ViewTask", "users", ObjectKind.VALUE),
    VIEW_EXECUTOR("view_executors", "ViewExecutor", "users", ObjectKind.VALUE),
    VIEW_ROLE("view_roles", "ViewRole", "roles", ObjectKind.ROLE),
    UPDATE_WEIGHT("update_weights", "UpdateWeight", "roles", ObjectKind.ROLE),
    GET_QUOTA("get_quotas", "GetQuota", "roles", ObjectKind.ROLE),
    UPDATE_QUOTA("update_quotas", "UpdateQuota", "roles", ObjectKind.ROLE),
    RESERVE_RESOURCES("reserve_resources", "ReserveResources", "roles", ObjectKind.ROLE),
    UNRESERVE_RESOURCES("unreserve_resources", "UnreserveResources", "reserver_principals", ObjectKind.VALUE),
    CREATE_VOLUME("create_volumes", "CreateVolume", "roles", ObjectKind.ROLE),
    DESTROY_VOLUME("destroy_volumes", "DestroyVolume", "creator_principals", ObjectKind.VALUE),
    DRAIN_AGENT("drain_agents", "DrainAgent", "agents", ObjectKind.IMPLICIT),
    DEACTIVATE_AGENT("deactivate_agents", "DeactivateAgent", "agents", ObjectKind.IMPLICIT),
    REACTIVATE_AGENT("reactivate_agents", "ReactivateAgent", "agents", ObjectKind.IMPLICIT),
    MARK_AGENT_GONE("mark_agents_gone", "MarkAgentGone", "agents", ObjectKind.IMPLICIT),
    UPDATE_MAINTENANCE_SCHEDULE("update_maintenance_schedules", "UpdateMaintenanceSchedule", "machines",
            ObjectKind.IMPLICIT),
    GET_MAINTENANCE_SCHEDULE("get_maintenance_schedules", "GetMaintenanceSchedule", "machines",
            ObjectKind.IMPLICIT),
    START_MAINTENANCE("start_maintenances", "StartMaintenance", "machines", ObjectKind.IMPLICIT),
    STOP_MAINTENANCE("stop_maintenances", "StopMaintenance", "machines", ObjectKind.IMPLICIT),
    GET_MAINTENANCE_STATUS("get_maintenance_statuses", "GetMaintenanceStatus", "machines", ObjectKind.IMPLICIT);

    /** How the object of an action is matched against an ACL's object entity. */
    enum ObjectKind {
        /** Exact values (users, principals). */
        VALUE,
        /** Roles: exact values, and {@code parent/%} for every role nested below {@code parent}. */
        ROLE,
        /** Given implicitly: an ACL may only say ANY or NONE, and a request's object is always ANY. */
        IMPLICIT
    }

    private final String aclsField;
    private final String protoMessage;
    private final String objectField;
    private final ObjectKind objectKind;

    Action(String aclsField, String protoMessage, String objectField, ObjectKind objectKind) {
        this.aclsField = aclsField;
        this.protoMessage = protoMessage;
        this.objectField = objectField;
        this.objectKind = objectKind;
    }

    /** The key of this action's list in the {@code --acls} JSON, e.g. {@code register_frameworks}. */
    public String aclsField() {
        return aclsField;
    }

    /** The name of one ACL of this action in Mesos's {@code acls.proto}, e.g. {@code RegisterFramework}. */
    String protoMessage() {
        return protoMessage;
    }

    /** The field of an ACL naming its objects, e.g. {@code roles}; its subjects are always {@code principals}. */
    public String objectField() {
        return objectField;
    }

    ObjectKind objectKind() {
        return objectKind;
    }

    static Optional<Action> ofAclsField(String field) {
        return Arrays.stream(values()).filter(action -> action.aclsField.equals(field)).findFirst();
    }
}
