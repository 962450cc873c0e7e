package io.mesosbridge.operator.libprocess;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import io.mesosbridge.mesos.internal.Messages;
import io.mesosbridge.mesos.v1.Protos.AgentID;
import io.mesosbridge.mesos.v1.Protos.CommandInfo;
import io.mesosbridge.mesos.v1.Protos.DurationInfo;
import io.mesosbridge.mesos.v1.Protos.ExecutorID;
import io.mesosbridge.mesos.v1.Protos.Filters;
import io.mesosbridge.mesos.v1.Protos.FrameworkID;
import io.mesosbridge.mesos.v1.Protos.FrameworkInfo;
import io.mesosbridge.mesos.v1.Protos.KillPolicy;
import io.mesosbridge.mesos.v1.Protos.Offer;
import io.mesosbridge.mesos.v1.Protos.OfferID;
import io.mesosbridge.mesos.v1.Protos.OperationID;
import io.mesosbridge.mesos.v1.Protos.Request;
import io.mesosbridge.mesos.v1.Protos.TaskID;
import io.mesosbridge.mesos.v1.Protos.TaskInfo;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;
import io.mesosbridge.mesos.v1.scheduler.Protos.AttributeConstraint;
import io.mesosbridge.mesos.v1.scheduler.Protos.Call;
import io.mesosbridge.mesos.v1.scheduler.Protos.OfferConstraints;
import io.mesosbridge.operator.master.CallValidation;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a driver sends, as the v1 call the master core handles: {@code mesos.scheduler.Call} field for field, and the
 * messages of drivers older than Mesos 1.0 as the calls a Mesos 1.11 master makes of them
 * ({@code Master::registerFramework}, {@code launchTasks}, {@code reconcileTasks}, ...).
 */
class DriverCallsTest {

    private static final FrameworkID FRAMEWORK = FrameworkID.newBuilder().setValue("m-0000").build();
    private static final AgentID AGENT = AgentID.newBuilder().setValue("m-S1").build();
    private static final TaskID TASK = TaskID.newBuilder().setValue("task-1").build();
    private static final ExecutorID EXECUTOR = ExecutorID.newBuilder().setValue("executor-1").build();
    private static final ByteString UUID_BYTES = uuid("6ba7b810-9dad-41d1-80b4-00c04fd430c8");
    private static final Filters FILTERS = Filters.newBuilder().setRefuseSeconds(30).build();

    // ---- mesos.scheduler.Call ----

    @Test
    void aV0CallKeepsEveryFieldInItsV1Form() throws Exception {
        io.mesosbridge.mesos.v0.scheduler.Protos.Call v0 = io.mesosbridge.mesos.v0.scheduler.Protos.Call.newBuilder()
                .setFrameworkId(FRAMEWORK)
                .setType(Call.Type.ACCEPT)
                .setAccept(Call.Accept.newBuilder().addOfferIds(offer("O1")).setFilters(FILTERS)
                        .addOperations(Offer.Operation.newBuilder().setType(Offer.Operation.Type.LAUNCH)
                                .setLaunch(Offer.Operation.Launch.newBuilder().addTaskInfos(task()))))
                .setDecline(Call.Decline.newBuilder().addOfferIds(offer("O2")).setFilters(FILTERS))
                .setKill(Call.Kill.newBuilder().setTaskId(TASK).setAgentId(AGENT)
                        .setKillPolicy(KillPolicy.newBuilder().setGracePeriod(DurationInfo.newBuilder()
                                .setNanoseconds(5))))
                .setShutdown(Call.Shutdown.newBuilder().setExecutorId(EXECUTOR).setAgentId(AGENT))
                .setAcknowledge(Call.Acknowledge.newBuilder().setAgentId(AGENT).setTaskId(TASK).setUuid(UUID_BYTES))
                .setReconcile(Call.Reconcile.newBuilder().addTasks(Call.Reconcile.Task.newBuilder().setTaskId(TASK)))
                .setMessage(Call.Message.newBuilder().setAgentId(AGENT).setExecutorId(EXECUTOR)
                        .setData(ByteString.copyFromUtf8("data")))
                .setRequest(Call.Request.newBuilder().addRequests(Request.newBuilder().setAgentId(AGENT)))
                .setAcceptInverseOffers(Call.AcceptInverseOffers.newBuilder().addInverseOfferIds(offer("I1")))
                .setDeclineInverseOffers(Call.DeclineInverseOffers.newBuilder().addInverseOfferIds(offer("I2")))
                .setRevive(Call.Revive.newBuilder().addRoles("web"))
                .setSuppress(Call.Suppress.newBuilder().addRoles("batch"))
                .setAcknowledgeOperationStatus(Call.AcknowledgeOperationStatus.newBuilder().setAgentId(AGENT)
                        .setUuid(UUID_BYTES).setOperationId(OperationID.newBuilder().setValue("op-1")))
                .setReconcileOperations(Call.ReconcileOperations.newBuilder().addOperations(
                        Call.ReconcileOperations.Operation.newBuilder()
                                .setOperationId(OperationID.newBuilder().setValue("op-2"))))
                .setUpdateFramework(Call.UpdateFramework.newBuilder().setFrameworkInfo(framework(true))
                        .addSuppressedRoles("batch"))
                .build();

        Call v1 = DriverCalls.v1(v0);

        int compared = 0;
        for (FieldDescriptor field : v0.getDescriptorForType().getFields()) {
            if (field.getName().equals("subscribe")) {
                continue;
            }
            assertThat(v0.hasField(field)).as("the test sets %s", field.getName()).isTrue();
            FieldDescriptor v1Field = Call.getDescriptor().findFieldByName(field.getName());
            assertThat(v1Field).as("v1 field %s", field.getName()).isNotNull();
            assertThat(v1.getField(v1Field)).as(field.getName()).isEqualTo(v0.getField(field));
            compared++;
        }
        assertThat(compared).isEqualTo(Call.getDescriptor().getFields().size() - 1);
        assertThat(v1.getUnknownFields().asMap()).isEmpty();
        assertThat(v1.hasSubscribe()).isFalse();
    }

    @Test
    void aV0SubscribeKeepsItsSuppressedRolesAndOfferConstraintsThoughV1NumbersThemWithoutForce()
            throws Exception {
        OfferConstraints constraints = OfferConstraints.newBuilder().putRoleConstraints("web",
                OfferConstraints.RoleConstraints.newBuilder().addGroups(
                        OfferConstraints.RoleConstraints.Group.newBuilder().addAttributeConstraints(
                                AttributeConstraint.newBuilder()
                                        .setSelector(AttributeConstraint.Selector.newBuilder()
                                                .setAttributeName("rack"))
                                        .setPredicate(AttributeConstraint.Predicate.newBuilder()
                                                .setTextEquals(AttributeConstraint.Predicate.TextEquals.newBuilder()
                                                        .setValue("r1")))))
                        .build()).build();
        io.mesosbridge.mesos.v0.scheduler.Protos.Call v0 = io.mesosbridge.mesos.v0.scheduler.Protos.Call.newBuilder()
                .setType(Call.Type.SUBSCRIBE).setFrameworkId(FRAMEWORK)
                .setSubscribe(io.mesosbridge.mesos.v0.scheduler.Protos.Call.Subscribe.newBuilder()
                        .setFrameworkInfo(framework(true)).setForce(true)
                        .addSuppressedRoles("web").addSuppressedRoles("batch")
                        .setOfferConstraints(constraints))
                .build();

        Call v1 = DriverCalls.v1(v0);

        assertThat(v1.getType()).isEqualTo(Call.Type.SUBSCRIBE);
        assertThat(v1.getFrameworkId()).isEqualTo(FRAMEWORK);
        Call.Subscribe subscribe = v1.getSubscribe();
        assertThat(subscribe.getFrameworkInfo()).isEqualTo(framework(true));
        assertThat(subscribe.getSuppressedRolesList()).containsExactly("web", "batch");
        assertThat(subscribe.getOfferConstraints()).isEqualTo(constraints);
        // force has no v1 field: it must not turn up as an unknown one (the caller takes it from the v0 call)
        assertThat(subscribe.getUnknownFields().asMap()).isEmpty();
        assertThat(v1.getUnknownFields().asMap()).isEmpty();
        assertThat(CallValidation.validate(v1, Optional.empty())).isEmpty();
    }

    @Test
    void aV0SubscribeWithoutSuppressedRolesOrConstraintsHasNoneInV1() throws Exception {
        io.mesosbridge.mesos.v0.scheduler.Protos.Call v0 = io.mesosbridge.mesos.v0.scheduler.Protos.Call.newBuilder()
                .setType(Call.Type.SUBSCRIBE)
                .setSubscribe(io.mesosbridge.mesos.v0.scheduler.Protos.Call.Subscribe.newBuilder()
                        .setFrameworkInfo(framework(false)))
                .build();

        Call v1 = DriverCalls.v1(v0);

        assertThat(v1.hasFrameworkId()).isFalse();
        assertThat(v1.getSubscribe().getFrameworkInfo()).isEqualTo(framework(false));
        assertThat(v1.getSubscribe().getSuppressedRolesCount()).isZero();
        assertThat(v1.getSubscribe().hasOfferConstraints()).isFalse();
    }

    @Test
    void aV0CallWithoutSubscribeHasNoneInV1() throws Exception {
        io.mesosbridge.mesos.v0.scheduler.Protos.Call v0 = io.mesosbridge.mesos.v0.scheduler.Protos.Call.newBuilder()
                .setType(Call.Type.TEARDOWN).setFrameworkId(FRAMEWORK).build();

        Call v1 = DriverCalls.v1(v0);

        assertThat(v1).isEqualTo(Call.newBuilder().setType(Call.Type.TEARDOWN).setFrameworkId(FRAMEWORK).build());
    }

    // ---- the messages of older drivers ----

    @Test
    void registerFrameworkMessageIsASubscribeWithoutFrameworkId() {
        Call call = DriverCalls.register(Messages.RegisterFrameworkMessage.newBuilder()
                .setFramework(framework(false)).build());

        assertThat(call.getType()).isEqualTo(Call.Type.SUBSCRIBE);
        assertThat(call.hasFrameworkId()).isFalse();
        assertThat(call.getSubscribe().getFrameworkInfo()).isEqualTo(framework(false));
        assertThat(call.getSubscribe().getSuppressedRolesCount()).isZero();
        assertThat(call.getSubscribe().hasOfferConstraints()).isFalse();
        assertThat(CallValidation.validate(call, Optional.empty())).isEmpty();
    }

    @Test
    void reregisterFrameworkMessageIsASubscribeForTheFrameworksId() {
        Call call = DriverCalls.reregister(Messages.ReregisterFrameworkMessage.newBuilder()
                .setFramework(framework(true)).setFailover(true).build());

        assertThat(call.getType()).isEqualTo(Call.Type.SUBSCRIBE);
        assertThat(call.getFrameworkId()).isEqualTo(FRAMEWORK);
        assertThat(call.getSubscribe().getFrameworkInfo()).isEqualTo(framework(true));
        assertThat(CallValidation.validate(call, Optional.empty())).isEmpty();
    }

    @Test
    void unregisterFrameworkMessageIsATeardown() {
        Call call = DriverCalls.unregister(Messages.UnregisterFrameworkMessage.newBuilder()
                .setFrameworkId(FRAMEWORK).build());

        assertThat(call).isEqualTo(Call.newBuilder().setType(Call.Type.TEARDOWN).setFrameworkId(FRAMEWORK).build());
    }

    @Test
    void launchTasksMessageWithTasksIsAnAcceptWithOneLaunchOfThemAndTheFilters() {
        TaskInfo first = task();
        TaskInfo second = task().toBuilder().setTaskId(TaskID.newBuilder().setValue("task-2")).build();

        Call call = DriverCalls.launchTasks(Messages.LaunchTasksMessage.newBuilder().setFrameworkId(FRAMEWORK)
                .addOfferIds(offer("O1")).addOfferIds(offer("O2")).addTasks(first).addTasks(second)
                .setFilters(FILTERS).build());

        assertThat(call.getType()).isEqualTo(Call.Type.ACCEPT);
        assertThat(call.getFrameworkId()).isEqualTo(FRAMEWORK);
        assertThat(call.hasDecline()).isFalse();
        Call.Accept accept = call.getAccept();
        assertThat(accept.getOfferIdsList()).containsExactly(offer("O1"), offer("O2"));
        assertThat(accept.getFilters()).isEqualTo(FILTERS);
        assertThat(accept.getOperationsList()).hasSize(1);
        Offer.Operation launch = accept.getOperations(0);
        assertThat(launch.getType()).isEqualTo(Offer.Operation.Type.LAUNCH);
        assertThat(launch.hasId()).as("a v0 operation never has an id").isFalse();
        assertThat(launch.getLaunch().getTaskInfosList()).containsExactly(first, second);
        assertThat(CallValidation.validate(call, Optional.empty())).isEmpty();
    }

    @Test
    void launchTasksMessageWithoutTasksIsADeclineOfTheOffersWithTheFilters() {
        Call call = DriverCalls.launchTasks(Messages.LaunchTasksMessage.newBuilder().setFrameworkId(FRAMEWORK)
                .addOfferIds(offer("O1")).setFilters(FILTERS).build());

        assertThat(call.getType()).isEqualTo(Call.Type.DECLINE);
        assertThat(call.getFrameworkId()).isEqualTo(FRAMEWORK);
        assertThat(call.hasAccept()).isFalse();
        assertThat(call.getDecline().getOfferIdsList()).containsExactly(offer("O1"));
        assertThat(call.getDecline().getFilters()).isEqualTo(FILTERS);
        assertThat(CallValidation.validate(call, Optional.empty())).isEmpty();
    }

    @Test
    void reviveOffersMessageIsAReviveOfItsRoles() {
        Call call = DriverCalls.revive(Messages.ReviveOffersMessage.newBuilder().setFrameworkId(FRAMEWORK)
                .addRoles("web").addRoles("batch").build());

        assertThat(call.getType()).isEqualTo(Call.Type.REVIVE);
        assertThat(call.getFrameworkId()).isEqualTo(FRAMEWORK);
        assertThat(call.getRevive().getRolesList()).containsExactly("web", "batch");
    }

    @Test
    void reviveOffersMessageWithoutRolesRevivesAllRoles() {
        Call call = DriverCalls.revive(Messages.ReviveOffersMessage.newBuilder().setFrameworkId(FRAMEWORK).build());

        assertThat(call.getType()).isEqualTo(Call.Type.REVIVE);
        assertThat(call.getRevive().getRolesCount()).isZero();
    }

    @Test
    void killTaskMessageIsAKillOfTheTaskWithoutItsKillPolicyAsInMesos() {
        Call call = DriverCalls.kill(Messages.KillTaskMessage.newBuilder().setFrameworkId(FRAMEWORK).setTaskId(TASK)
                .setKillPolicy(KillPolicy.newBuilder().setGracePeriod(DurationInfo.newBuilder()
                        .setNanoseconds(1_000_000_000L)))
                .build());

        assertThat(call.getType()).isEqualTo(Call.Type.KILL);
        assertThat(call.getFrameworkId()).isEqualTo(FRAMEWORK);
        assertThat(call.getKill()).isEqualTo(Call.Kill.newBuilder().setTaskId(TASK).build());
        assertThat(CallValidation.validate(call, Optional.empty())).isEmpty();
    }

    @Test
    void statusUpdateAcknowledgementMessageIsAnAcknowledgeOfTheAgentsUpdate() {
        Call call = DriverCalls.acknowledge(Messages.StatusUpdateAcknowledgementMessage.newBuilder()
                .setFrameworkId(FRAMEWORK).setSlaveId(AGENT).setTaskId(TASK).setUuid(UUID_BYTES).build());

        assertThat(call.getType()).isEqualTo(Call.Type.ACKNOWLEDGE);
        assertThat(call.getFrameworkId()).isEqualTo(FRAMEWORK);
        assertThat(call.getAcknowledge()).isEqualTo(Call.Acknowledge.newBuilder().setAgentId(AGENT).setTaskId(TASK)
                .setUuid(UUID_BYTES).build());
        assertThat(CallValidation.validate(call, Optional.empty())).isEmpty();
    }

    @Test
    void reconcileTasksMessageIsAReconcileOfItsTasksWithTheirAgentsWhereKnown() {
        TaskStatus onAgent = TaskStatus.newBuilder().setTaskId(TASK).setState(TaskState.TASK_RUNNING)
                .setAgentId(AGENT).setMessage("ignored").build();
        TaskStatus nowhere = TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue("task-2"))
                .setState(TaskState.TASK_STAGING).build();

        Call call = DriverCalls.reconcile(Messages.ReconcileTasksMessage.newBuilder().setFrameworkId(FRAMEWORK)
                .addStatuses(onAgent).addStatuses(nowhere).build());

        assertThat(call.getType()).isEqualTo(Call.Type.RECONCILE);
        assertThat(call.getFrameworkId()).isEqualTo(FRAMEWORK);
        assertThat(call.getReconcile().getTasksList()).containsExactly(
                Call.Reconcile.Task.newBuilder().setTaskId(TASK).setAgentId(AGENT).build(),
                Call.Reconcile.Task.newBuilder().setTaskId(TaskID.newBuilder().setValue("task-2")).build());
        assertThat(CallValidation.validate(call, Optional.empty())).isEmpty();
    }

    @Test
    void reconcileTasksMessageWithoutStatusesIsAnImplicitReconciliation() {
        Call call = DriverCalls.reconcile(Messages.ReconcileTasksMessage.newBuilder().setFrameworkId(FRAMEWORK)
                .build());

        assertThat(call.getType()).isEqualTo(Call.Type.RECONCILE);
        assertThat(call.hasReconcile()).as("a reconcile is present, so the call validates").isTrue();
        assertThat(call.getReconcile().getTasksCount()).isZero();
        assertThat(CallValidation.validate(call, Optional.empty())).isEmpty();
    }

    @Test
    void resourceRequestMessageIsARequestOfTheSameRequests() {
        Request request = Request.newBuilder().setAgentId(AGENT).build();

        Call call = DriverCalls.request(Messages.ResourceRequestMessage.newBuilder().setFrameworkId(FRAMEWORK)
                .addRequests(request).build());

        assertThat(call.getType()).isEqualTo(Call.Type.REQUEST);
        assertThat(call.getFrameworkId()).isEqualTo(FRAMEWORK);
        assertThat(call.getRequest().getRequestsList()).containsExactly(request);
        assertThat(CallValidation.validate(call, Optional.empty())).isEmpty();
    }

    @Test
    void frameworkToExecutorMessageIsAMessageToTheExecutor() {
        Call call = DriverCalls.message(Messages.FrameworkToExecutorMessage.newBuilder().setFrameworkId(FRAMEWORK)
                .setSlaveId(AGENT).setExecutorId(EXECUTOR).setData(ByteString.copyFromUtf8("ping")).build());

        assertThat(call.getType()).isEqualTo(Call.Type.MESSAGE);
        assertThat(call.getFrameworkId()).isEqualTo(FRAMEWORK);
        assertThat(call.getMessage()).isEqualTo(Call.Message.newBuilder().setAgentId(AGENT).setExecutorId(EXECUTOR)
                .setData(ByteString.copyFromUtf8("ping")).build());
        assertThat(CallValidation.validate(call, Optional.empty())).isEmpty();
    }

    private static FrameworkInfo framework(boolean withId) {
        FrameworkInfo.Builder info = FrameworkInfo.newBuilder().setUser("root").setName("marathon")
                .setFailoverTimeout(60).addRoles("web")
                .addCapabilities(FrameworkInfo.Capability.newBuilder()
                        .setType(FrameworkInfo.Capability.Type.MULTI_ROLE));
        if (withId) {
            info.setId(FRAMEWORK);
        }
        return info.build();
    }

    private static ByteString uuid(String text) {
        java.util.UUID uuid = java.util.UUID.fromString(text);
        return ByteString.copyFrom(java.nio.ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits()).array());
    }

    private static OfferID offer(String id) {
        return OfferID.newBuilder().setValue(id).build();
    }

    private static TaskInfo task() {
        return TaskInfo.newBuilder().setName("sleep").setTaskId(TASK).setAgentId(AGENT)
                .setCommand(CommandInfo.newBuilder().setValue("sleep 10")).build();
    }
}
