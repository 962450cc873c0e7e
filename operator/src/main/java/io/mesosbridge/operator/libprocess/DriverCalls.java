package io.mesosbridge.operator.libprocess;

import com.google.protobuf.InvalidProtocolBufferException;
import io.mesosbridge.mesos.internal.Messages;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.scheduler.Protos.Call;

/**
 * What a driver sends, as the v1 calls the master core takes: {@code mesos.scheduler.Call} itself, and the scheduler
 * messages of drivers older than Mesos 1.0 (and of pesos) as a Mesos 1.11 master turns them into calls:
 * RegisterFrameworkMessage is SUBSCRIBE, LaunchTasksMessage ACCEPT with one LAUNCH (DECLINE when it launches nothing),
 * and so on. A SUBSCRIBE's {@code force}, which v1 does not have, the caller takes from the v0 call or message.
 */
final class DriverCalls {

    private DriverCalls() {
    }

    /**
     * The v1 form of a v0 call: the same fields, which have the same numbers (V0WireCompatibilityTest), but for
     * SUBSCRIBE's, renumbered around {@code force}.
     */
    static Call v1(io.mesosbridge.mesos.v0.scheduler.Protos.Call call) throws InvalidProtocolBufferException {
        Call.Builder v1 = Call.parseFrom(call.toBuilder().clearSubscribe().build().toByteArray()).toBuilder();
        if (call.hasSubscribe()) {
            var subscribe = call.getSubscribe();
            Call.Subscribe.Builder v1Subscribe = Call.Subscribe.newBuilder()
                    .setFrameworkInfo(subscribe.getFrameworkInfo())
                    .addAllSuppressedRoles(subscribe.getSuppressedRolesList());
            if (subscribe.hasOfferConstraints()) {
                v1Subscribe.setOfferConstraints(subscribe.getOfferConstraints());
            }
            v1.setSubscribe(v1Subscribe);
        }
        return v1.build();
    }

    static Call register(Messages.RegisterFrameworkMessage message) {
        return Call.newBuilder().setType(Call.Type.SUBSCRIBE)
                .setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(message.getFramework()))
                .build();
    }

    static Call reregister(Messages.ReregisterFrameworkMessage message) {
        return Call.newBuilder().setType(Call.Type.SUBSCRIBE)
                .setFrameworkId(message.getFramework().getId())
                .setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(message.getFramework()))
                .build();
    }

    static Call unregister(Messages.UnregisterFrameworkMessage message) {
        return Call.newBuilder().setType(Call.Type.TEARDOWN).setFrameworkId(message.getFrameworkId()).build();
    }

    static Call launchTasks(Messages.LaunchTasksMessage message) {
        Call.Builder call = Call.newBuilder().setFrameworkId(message.getFrameworkId());
        if (message.getTasksCount() == 0) {
            return call.setType(Call.Type.DECLINE)
                    .setDecline(Call.Decline.newBuilder().addAllOfferIds(message.getOfferIdsList())
                            .setFilters(message.getFilters()))
                    .build();
        }
        return call.setType(Call.Type.ACCEPT)
                .setAccept(Call.Accept.newBuilder().addAllOfferIds(message.getOfferIdsList())
                        .setFilters(message.getFilters())
                        .addOperations(Protos.Offer.Operation.newBuilder()
                                .setType(Protos.Offer.Operation.Type.LAUNCH)
                                .setLaunch(Protos.Offer.Operation.Launch.newBuilder()
                                        .addAllTaskInfos(message.getTasksList()))))
                .build();
    }

    static Call revive(Messages.ReviveOffersMessage message) {
        return Call.newBuilder().setType(Call.Type.REVIVE).setFrameworkId(message.getFrameworkId())
                .setRevive(Call.Revive.newBuilder().addAllRoles(message.getRolesList()))
                .build();
    }

    /** KillTaskMessage carries a kill policy, which a Mesos 1.11 master does not pass on either. */
    static Call kill(Messages.KillTaskMessage message) {
        return Call.newBuilder().setType(Call.Type.KILL).setFrameworkId(message.getFrameworkId())
                .setKill(Call.Kill.newBuilder().setTaskId(message.getTaskId()))
                .build();
    }

    static Call acknowledge(Messages.StatusUpdateAcknowledgementMessage message) {
        return Call.newBuilder().setType(Call.Type.ACKNOWLEDGE).setFrameworkId(message.getFrameworkId())
                .setAcknowledge(Call.Acknowledge.newBuilder().setAgentId(message.getSlaveId())
                        .setTaskId(message.getTaskId()).setUuid(message.getUuid()))
                .build();
    }

    static Call reconcile(Messages.ReconcileTasksMessage message) {
        Call.Reconcile.Builder reconcile = Call.Reconcile.newBuilder();
        for (Protos.TaskStatus status : message.getStatusesList()) {
            Call.Reconcile.Task.Builder task = Call.Reconcile.Task.newBuilder().setTaskId(status.getTaskId());
            if (status.hasAgentId()) {
                task.setAgentId(status.getAgentId());
            }
            reconcile.addTasks(task);
        }
        return Call.newBuilder().setType(Call.Type.RECONCILE).setFrameworkId(message.getFrameworkId())
                .setReconcile(reconcile).build();
    }

    static Call request(Messages.ResourceRequestMessage message) {
        return Call.newBuilder().setType(Call.Type.REQUEST).setFrameworkId(message.getFrameworkId())
                .setRequest(Call.Request.newBuilder().addAllRequests(message.getRequestsList()))
                .build();
    }

    static Call message(Messages.FrameworkToExecutorMessage message) {
        return Call.newBuilder().setType(Call.Type.MESSAGE).setFrameworkId(message.getFrameworkId())
                .setMessage(Call.Message.newBuilder().setAgentId(message.getSlaveId())
                        .setExecutorId(message.getExecutorId()).setData(message.getData()))
                .build();
    }
}
