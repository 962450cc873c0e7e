package io.mesosbridge.operator.master;

import io.mesosbridge.mesos.v1.Protos.FrameworkInfo;
import io.mesosbridge.mesos.v1.scheduler.Protos.Call;
import io.mesosbridge.operator.validation.MesosIds;
import io.mesosbridge.operator.validation.MesosRoles;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checks a Mesos master makes on every scheduler call before it looks at the framework, whichever API brought it
 * ({@code validation::scheduler::call::validate}): a type, the message its type needs, a framework id that agrees with
 * the FrameworkInfo, an acknowledged uuid that is a UUID, and an authenticated principal that agrees with the one the
 * FrameworkInfo names; and the checks of a FrameworkInfo ({@code validation::framework::validate}) a SUBSCRIBE or
 * UPDATE_FRAMEWORK is refused for.
 */
public final class CallValidation {

    private CallValidation() {
    }

    /** The first problem found, in Mesos's words (an API adds its own prefix), or empty for a valid call. */
    public static Optional<String> validate(Call call, Optional<String> authenticatedPrincipal) {
        if (!call.hasType()) {
            return Optional.of("Expecting 'type' to be present");
        }
        if (call.getType() == Call.Type.SUBSCRIBE) {
            if (!call.hasSubscribe()) {
                return Optional.of("Expecting 'subscribe' to be present");
            }
            var info = call.getSubscribe().getFrameworkInfo();
            if (!call.getFrameworkId().getValue().equals(info.getId().getValue())) {
                return Optional.of("'framework_id' differs from 'subscribe.framework_info.id'");
            }
            if (authenticatedPrincipal.isPresent() && info.hasPrincipal()
                    && !authenticatedPrincipal.get().equals(info.getPrincipal())) {
                return Optional.of("Authenticated principal '" + authenticatedPrincipal.get()
                        + "' does not match principal '" + info.getPrincipal() + "' set in `FrameworkInfo`");
            }
            return Optional.empty();
        }
        if (!call.hasFrameworkId()) {
            return Optional.of("Expecting 'framework_id' to be present");
        }
        String needed = switch (call.getType()) {
            case ACCEPT -> call.hasAccept() ? null : "accept";
            case DECLINE -> call.hasDecline() ? null : "decline";
            case ACCEPT_INVERSE_OFFERS -> call.hasAcceptInverseOffers() ? null : "accept_inverse_offers";
            case DECLINE_INVERSE_OFFERS -> call.hasDeclineInverseOffers() ? null : "decline_inverse_offers";
            case KILL -> call.hasKill() ? null : "kill";
            case SHUTDOWN -> call.hasShutdown() ? null : "shutdown";
            case ACKNOWLEDGE -> call.hasAcknowledge() ? null : "acknowledge";
            case ACKNOWLEDGE_OPERATION_STATUS -> call.hasAcknowledgeOperationStatus() ? null
                    : "acknowledge_operation_status";
            case RECONCILE -> call.hasReconcile() ? null : "reconcile";
            case RECONCILE_OPERATIONS -> call.hasReconcileOperations() ? null : "reconcile_operations";
            case MESSAGE -> call.hasMessage() ? null : "message";
            case REQUEST -> call.hasRequest() ? null : "request";
            case UPDATE_FRAMEWORK -> call.hasUpdateFramework() ? null : "update_framework";
            default -> null;
        };
        if (needed != null) {
            return Optional.of("Expecting '" + needed + "' to be present");
        }
        if (call.getType() == Call.Type.ACKNOWLEDGE && !isUuid(call.getAcknowledge().getUuid().toByteArray())) {
            return Optional.of("Not a valid UUID");
        }
        if (call.getType() == Call.Type.UPDATE_FRAMEWORK && !call.getFrameworkId().getValue()
                .equals(call.getUpdateFramework().getFrameworkInfo().getId().getValue())) {
            return Optional.of("'framework_id' differs from 'update_framework.framework_info.id'");
        }
        return Optional.empty();
    }

    /**
     * Mesos's {@code validation::framework::validate} of a subscribing or updated FrameworkInfo, then its
     * {@code validateSuppressedRoles}: the role fields that go with MULTI_ROLE, no duplicate roles, each role valid,
     * an ID (when given) valid, and the suppressed roles among the framework's roles.
     */
    public static Optional<String> validateFrameworkInfo(FrameworkInfo info, Collection<String> suppressedRoles) {
        boolean multiRole = info.getCapabilitiesList().stream()
                .anyMatch(c -> c.getType() == FrameworkInfo.Capability.Type.MULTI_ROLE);
        if (multiRole && info.hasRole()) {
            return Optional.of("'FrameworkInfo.role' must not be set when the framework is MULTI_ROLE capable");
        }
        if (!multiRole && info.getRolesCount() > 0) {
            return Optional.of("'FrameworkInfo.roles' must not be set when the framework is not MULTI_ROLE capable");
        }
        List<String> roles = multiRole ? info.getRolesList() : List.of(info.getRole());
        Set<String> duplicates = new TreeSet<>();
        Set<String> seen = new LinkedHashSet<>();
        roles.stream().filter(role -> !seen.add(role)).forEach(duplicates::add);
        if (!duplicates.isEmpty()) {
            return Optional.of("'FrameworkInfo.roles' contains duplicate items: " + stringify(duplicates));
        }
        for (String role : roles) {
            Optional<String> invalid = MesosRoles.problem(role);
            if (invalid.isPresent()) {
                return Optional.of(multiRole ? "'FrameworkInfo.roles' contains invalid role: " + invalid.get()
                        : "'FrameworkInfo.role' is not a valid role: " + invalid.get());
            }
        }
        if (info.hasId() && !info.getId().getValue().isEmpty()) {
            Optional<String> invalid = MesosIds.problem(info.getId().getValue());
            if (invalid.isPresent()) {
                return invalid;
            }
        }
        Set<String> unknown = new TreeSet<>(suppressedRoles);
        unknown.removeAll(roles);
        if (!unknown.isEmpty()) {
            return Optional.of("Suppressed roles " + stringify(unknown) + " are not contained in the set of roles");
        }
        return Optional.empty();
    }

    /** A set as stout's {@code stringify} prints it: {@code { a, b }}. */
    private static String stringify(Set<String> items) {
        return "{ " + String.join(", ", new ArrayList<>(items)) + " }";
    }

    /** 16 bytes of an RFC 4122 UUID of a version Mesos knows (1 to 5), as {@code id::UUID::fromBytes} wants. */
    static boolean isUuid(byte[] bytes) {
        if (bytes.length != 16) {
            return false;
        }
        int version = (bytes[6] & 0xf0) >> 4;
        return version >= 1 && version <= 5;
    }
}
