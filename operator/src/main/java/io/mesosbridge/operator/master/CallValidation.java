package io.mesosbridge.operator.master;

import io.mesosbridge.mesos.v1.scheduler.Protos.Call;

import java.util.Optional;

/**
 * The checks a Mesos master makes on every scheduler call before it looks at the framework, whichever API brought it
 * ({@code validation::scheduler::call::validate}): a type, the message its type needs, a framework id that agrees with
 * the FrameworkInfo, an acknowledged uuid that is a UUID, and an authenticated principal that agrees with the one the
 * FrameworkInfo names.
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

    /** 16 bytes of an RFC 4122 UUID of a version Mesos knows (1 to 5), as {@code id::UUID::fromBytes} wants. */
    static boolean isUuid(byte[] bytes) {
        if (bytes.length != 16) {
            return false;
        }
        int version = (bytes[6] & 0xf0) >> 4;
        return version >= 1 && version <= 5;
    }
}
