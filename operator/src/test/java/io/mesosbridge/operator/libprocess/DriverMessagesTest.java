package io.mesosbridge.operator.libprocess;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.UnknownFieldSet;
import io.mesosbridge.mesos.internal.Messages;
import io.mesosbridge.mesos.v1.Protos.Address;
import io.mesosbridge.mesos.v1.Protos.AgentID;
import io.mesosbridge.mesos.v1.Protos.ExecutorID;
import io.mesosbridge.mesos.v1.Protos.FrameworkID;
import io.mesosbridge.mesos.v1.Protos.MasterInfo;
import io.mesosbridge.mesos.v1.Protos.Offer;
import io.mesosbridge.mesos.v1.Protos.OfferID;
import io.mesosbridge.mesos.v1.Protos.TaskID;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;
import io.mesosbridge.mesos.v1.Protos.URL;
import io.mesosbridge.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each event the master has for a framework, as the libprocess message a Mesos 1.11 master sends a scheduler driver
 * in its place. Where the driver depends on the exact shape, the bytes are also read back by the field numbers of
 * Mesos's own {@code src/messages/messages.proto}, independently of our generated classes.
 */
class DriverMessagesTest {

    private static final String FRAMEWORK = "2c3a6e52-0b0e-4d9f-8e22-6c1e1b8f7a10-0000";
    private static final MasterInfo MASTER = MasterInfo.newBuilder()
            .setId("2c3a6e52-0b0e-4d9f-8e22-6c1e1b8f7a10").setIp(0x0100007f).setPort(5050)
            .setPid("master@127.0.0.1:5050").setHostname("localhost").setVersion("1.11.0")
            .setAddress(Address.newBuilder().setHostname("localhost").setIp("127.0.0.1").setPort(5050))
            .build();
    private static final String AGENT_PID = "slave(1)@10.0.0.5:5051";
    private static final Function<String, String> ACKNOWLEDGEE =
            agentId -> agentId.equals("agent-a") ? AGENT_PID : "master@127.0.0.1:5050";

    @Test
    void subscribedIsFrameworkRegisteredMessageWithTheFrameworkIdAndMasterInfo() throws Exception {
        Message message = convert(subscribed(), false).orElseThrow();

        assertThat(message).isInstanceOf(Messages.FrameworkRegisteredMessage.class);
        assertThat(name(message)).isEqualTo("mesos.internal.FrameworkRegisteredMessage");
        Messages.FrameworkRegisteredMessage registered = (Messages.FrameworkRegisteredMessage) message;
        assertThat(registered.getFrameworkId().getValue()).isEqualTo(FRAMEWORK);
        assertThat(registered.getMasterInfo()).isEqualTo(MASTER);

        // both fields are required by the driver: framework_id = 1, master_info = 2
        UnknownFieldSet wire = wire(message);
        assertThat(frameworkIdValue(wire.getField(1).getLengthDelimitedList().get(0))).isEqualTo(FRAMEWORK);
        assertThat(MasterInfo.parseFrom(wire.getField(2).getLengthDelimitedList().get(0))).isEqualTo(MASTER);
    }

    @Test
    void subscribedAnsweringAReregistrationIsFrameworkReregisteredMessage() {
        Message message = convert(subscribed(), true).orElseThrow();

        assertThat(message).isInstanceOf(Messages.FrameworkReregisteredMessage.class);
        assertThat(name(message)).isEqualTo("mesos.internal.FrameworkReregisteredMessage");
        Messages.FrameworkReregisteredMessage reregistered = (Messages.FrameworkReregisteredMessage) message;
        assertThat(reregistered.getFrameworkId().getValue()).isEqualTo(FRAMEWORK);
        assertThat(reregistered.getMasterInfo()).isEqualTo(MASTER);
    }

    @Test
    void subscribedNamesTheFrameworkOfTheEventNotAnEarlierOne() {
        Message message = DriverMessages.of(subscribed(), "", false, ACKNOWLEDGEE).orElseThrow();

        assertThat(((Messages.FrameworkRegisteredMessage) message).getFrameworkId().getValue()).isEqualTo(FRAMEWORK);
    }

    @Test
    void offersAreOneResourceOffersMessageWithTheAgentPidOfEachOfferInTheSameOrder() throws Exception {
        Offer first = offer("O1", "agent-a", "10.0.0.5", 5051);
        Offer second = offer("O2", "agent-b", "10.0.0.6", 5052);
        Offer third = offer("O3", "agent-a", "10.0.0.5", 5051);
        Event event = Event.newBuilder().setType(Event.Type.OFFERS)
                .setOffers(Event.Offers.newBuilder().addOffers(first).addOffers(second).addOffers(third)).build();

        Message message = convert(event, false).orElseThrow();

        assertThat(name(message)).isEqualTo("mesos.internal.ResourceOffersMessage");
        Messages.ResourceOffersMessage offers = (Messages.ResourceOffersMessage) message;
        assertThat(offers.getOffersList()).containsExactly(first, second, third);
        // the driver CHECKs offers.size() == pids.size() and pairs them by index
        assertThat(offers.getPidsList()).hasSameSizeAs(offers.getOffersList())
                .containsExactly("slave(1)@10.0.0.5:5051", "slave(1)@10.0.0.6:5052", "slave(1)@10.0.0.5:5051");

        // offers = 1, pids = 2
        UnknownFieldSet wire = wire(message);
        assertThat(wire.getField(1).getLengthDelimitedList()).hasSize(3);
        assertThat(wire.getField(2).getLengthDelimitedList()).extracting(ByteString::toStringUtf8)
                .containsExactly("slave(1)@10.0.0.5:5051", "slave(1)@10.0.0.6:5052", "slave(1)@10.0.0.5:5051");
        assertThat(Offer.parseFrom(wire.getField(1).getLengthDelimitedList().get(1))).isEqualTo(second);
    }

    @Test
    void anOfferUrlPathWithoutItsLeadingSlashStillNamesTheAgentProcess() {
        Offer offer = offer("O1", "agent-a", "10.0.0.5", 5051).toBuilder()
                .setUrl(URL.newBuilder().setScheme("http").setPath("slave(1)")
                        .setAddress(Address.newBuilder().setHostname("a").setIp("10.0.0.5").setPort(5051)))
                .build();

        Messages.ResourceOffersMessage message = (Messages.ResourceOffersMessage) convert(Event.newBuilder()
                .setType(Event.Type.OFFERS).setOffers(Event.Offers.newBuilder().addOffers(offer)).build(), false)
                .orElseThrow();

        assertThat(message.getPidsList()).containsExactly("slave(1)@10.0.0.5:5051");
    }

    @Test
    void aRescindIsRescindResourceOfferMessageForTheOffer() throws Exception {
        Event event = Event.newBuilder().setType(Event.Type.RESCIND)
                .setRescind(Event.Rescind.newBuilder().setOfferId(OfferID.newBuilder().setValue("O7"))).build();

        Message message = convert(event, false).orElseThrow();

        assertThat(name(message)).isEqualTo("mesos.internal.RescindResourceOfferMessage");
        assertThat(((Messages.RescindResourceOfferMessage) message).getOfferId().getValue()).isEqualTo("O7");
        assertThat(OfferID.parseFrom(wire(message).getField(1).getLengthDelimitedList().get(0)).getValue())
                .isEqualTo("O7");
    }

    @Test
    void anUpdateWithAUuidIsAStatusUpdateMessageTheDriverAcknowledgesToTheAgent() throws Exception {
        ByteString uuid = uuid();
        TaskStatus status = status(TaskState.TASK_RUNNING).toBuilder().setUuid(uuid)
                .setExecutorId(ExecutorID.newBuilder().setValue("executor-1")).build();

        Message message = convert(update(status), false).orElseThrow();

        assertThat(name(message)).isEqualTo("mesos.internal.StatusUpdateMessage");
        Messages.StatusUpdateMessage statusUpdate = (Messages.StatusUpdateMessage) message;
        Messages.StatusUpdate update = statusUpdate.getUpdate();
        assertThat(update.getFrameworkId().getValue()).isEqualTo(FRAMEWORK);
        assertThat(update.getSlaveId().getValue()).isEqualTo("agent-a");
        assertThat(update.getExecutorId().getValue()).isEqualTo("executor-1");
        assertThat(update.getStatus()).isEqualTo(status);
        assertThat(update.getTimestamp()).isEqualTo(status.getTimestamp());
        assertThat(update.getUuid()).isEqualTo(uuid);
        assertThat(update.getLatestState()).isEqualTo(TaskState.TASK_RUNNING);
        assertThat(statusUpdate.getPid()).isEqualTo(AGENT_PID);

        // StatusUpdateMessage: update = 1, pid = 2; StatusUpdate: uuid = 6, latest_state = 7
        UnknownFieldSet wire = wire(message);
        assertThat(wire.getField(2).getLengthDelimitedList()).extracting(ByteString::toStringUtf8)
                .containsExactly(AGENT_PID);
        UnknownFieldSet wireUpdate = UnknownFieldSet.parseFrom(wire.getField(1).getLengthDelimitedList().get(0));
        assertThat(wireUpdate.getField(6).getLengthDelimitedList()).containsExactly(uuid);
        assertThat(wireUpdate.getField(7).getVarintList()).containsExactly((long) TaskState.TASK_RUNNING_VALUE);
        assertThat(wireUpdate.getField(5).getFixed64List()).hasSize(1);
    }

    @Test
    void anUpdateWithAUuidFromAnAgentTheMasterNoLongerKnowsNamesTheMasterAsAcknowledgee() {
        TaskStatus status = status(TaskState.TASK_FINISHED).toBuilder().setUuid(uuid())
                .setAgentId(AgentID.newBuilder().setValue("agent-gone")).build();

        Messages.StatusUpdateMessage message = (Messages.StatusUpdateMessage) convert(update(status), false)
                .orElseThrow();

        assertThat(message.getPid()).isEqualTo("master@127.0.0.1:5050");
        assertThat(message.getUpdate().getUuid()).isEqualTo(status.getUuid());
    }

    @Test
    void anUpdateWithoutUuidSuchAsAReconciliationAnswerHasNeitherUuidNorPidSoTheDriverDoesNotAcknowledgeIt()
            throws Exception {
        TaskStatus status = status(TaskState.TASK_LOST).toBuilder()
                .setMessage("Reconciliation: Task is unknown")
                .setReason(TaskStatus.Reason.REASON_RECONCILIATION)
                .setSource(TaskStatus.Source.SOURCE_MASTER).build();

        Message message = convert(update(status), false).orElseThrow();

        Messages.StatusUpdateMessage statusUpdate = (Messages.StatusUpdateMessage) message;
        // the 1.11 driver acknowledges when update.uuid is non-empty or pid is a non-empty UPID
        assertThat(statusUpdate.hasPid()).isFalse();
        assertThat(statusUpdate.getUpdate().hasUuid()).isFalse();
        assertThat(statusUpdate.getUpdate().hasLatestState()).isFalse();
        assertThat(statusUpdate.getUpdate().getStatus()).isEqualTo(status);
        assertThat(statusUpdate.getUpdate().getFrameworkId().getValue()).isEqualTo(FRAMEWORK);

        UnknownFieldSet wire = wire(message);
        assertThat(wire.hasField(2)).as("pid on the wire").isFalse();
        UnknownFieldSet wireUpdate = UnknownFieldSet.parseFrom(wire.getField(1).getLengthDelimitedList().get(0));
        assertThat(wireUpdate.hasField(6)).as("update.uuid on the wire").isFalse();
        assertThat(wireUpdate.hasField(7)).as("latest_state on the wire").isFalse();
    }

    @Test
    void anUpdateForATaskWithoutAgentCarriesNoSlaveId() {
        TaskStatus status = TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue("task-1"))
                .setState(TaskState.TASK_ERROR).setTimestamp(1.5).build();

        Messages.StatusUpdateMessage message = (Messages.StatusUpdateMessage) convert(update(status), false)
                .orElseThrow();

        assertThat(message.getUpdate().hasSlaveId()).isFalse();
        assertThat(message.getUpdate().hasExecutorId()).isFalse();
        assertThat(message.hasPid()).isFalse();
        assertThat(message.isInitialized()).isTrue();
    }

    @Test
    void aMessageFromAnExecutorIsExecutorToFrameworkMessage() throws Exception {
        Event event = Event.newBuilder().setType(Event.Type.MESSAGE).setMessage(Event.Message.newBuilder()
                .setAgentId(AgentID.newBuilder().setValue("agent-a"))
                .setExecutorId(ExecutorID.newBuilder().setValue("executor-1"))
                .setData(ByteString.copyFromUtf8("hello"))).build();

        Message message = convert(event, false).orElseThrow();

        assertThat(name(message)).isEqualTo("mesos.internal.ExecutorToFrameworkMessage");
        Messages.ExecutorToFrameworkMessage fromExecutor = (Messages.ExecutorToFrameworkMessage) message;
        assertThat(fromExecutor.getSlaveId().getValue()).isEqualTo("agent-a");
        assertThat(fromExecutor.getFrameworkId().getValue()).isEqualTo(FRAMEWORK);
        assertThat(fromExecutor.getExecutorId().getValue()).isEqualTo("executor-1");
        assertThat(fromExecutor.getData().toStringUtf8()).isEqualTo("hello");

        // slave_id = 1, framework_id = 2, executor_id = 3, data = 4
        UnknownFieldSet wire = wire(message);
        assertThat(frameworkIdValue(wire.getField(2).getLengthDelimitedList().get(0))).isEqualTo(FRAMEWORK);
        assertThat(wire.getField(4).getLengthDelimitedList()).containsExactly(ByteString.copyFromUtf8("hello"));
    }

    @Test
    void aFailureOfAnExecutorIsExitedExecutorMessageWithItsStatus() throws Exception {
        Event event = Event.newBuilder().setType(Event.Type.FAILURE).setFailure(Event.Failure.newBuilder()
                .setAgentId(AgentID.newBuilder().setValue("agent-a"))
                .setExecutorId(ExecutorID.newBuilder().setValue("executor-1"))
                .setStatus(137)).build();

        Message message = convert(event, false).orElseThrow();

        assertThat(name(message)).isEqualTo("mesos.internal.ExitedExecutorMessage");
        Messages.ExitedExecutorMessage exited = (Messages.ExitedExecutorMessage) message;
        assertThat(exited.getSlaveId().getValue()).isEqualTo("agent-a");
        assertThat(exited.getFrameworkId().getValue()).isEqualTo(FRAMEWORK);
        assertThat(exited.getExecutorId().getValue()).isEqualTo("executor-1");
        assertThat(exited.getStatus()).isEqualTo(137);
        assertThat(wire(message).getField(4).getVarintList()).containsExactly(137L);
    }

    @Test
    void aFailureOfAnAgentIsLostSlaveMessage() throws Exception {
        Event event = Event.newBuilder().setType(Event.Type.FAILURE).setFailure(Event.Failure.newBuilder()
                .setAgentId(AgentID.newBuilder().setValue("agent-a"))).build();

        Message message = convert(event, false).orElseThrow();

        assertThat(name(message)).isEqualTo("mesos.internal.LostSlaveMessage");
        assertThat(((Messages.LostSlaveMessage) message).getSlaveId().getValue()).isEqualTo("agent-a");
        assertThat(AgentID.parseFrom(wire(message).getField(1).getLengthDelimitedList().get(0)).getValue())
                .isEqualTo("agent-a");
    }

    @Test
    void anErrorIsFrameworkErrorMessageWithTheTextInFieldTwo() throws Exception {
        Event event = Event.newBuilder().setType(Event.Type.ERROR)
                .setError(Event.Error.newBuilder().setMessage("Framework failed over")).build();

        Message message = convert(event, false).orElseThrow();

        assertThat(name(message)).isEqualTo("mesos.internal.FrameworkErrorMessage");
        assertThat(((Messages.FrameworkErrorMessage) message).getMessage()).isEqualTo("Framework failed over");
        // FrameworkErrorMessage has a single field, numbered 2
        UnknownFieldSet wire = wire(message);
        assertThat(wire.asMap()).containsOnlyKeys(2);
        assertThat(wire.getField(2).getLengthDelimitedList()).extracting(ByteString::toStringUtf8)
                .containsExactly("Framework failed over");
    }

    @Test
    void heartbeatsInverseOffersOperationUpdatesAndUnknownEventsSendNothing() {
        List<Event> withoutV0Message = new ArrayList<>();
        withoutV0Message.add(Event.newBuilder().setType(Event.Type.HEARTBEAT).build());
        withoutV0Message.add(Event.newBuilder().setType(Event.Type.INVERSE_OFFERS)
                .setInverseOffers(Event.InverseOffers.getDefaultInstance()).build());
        withoutV0Message.add(Event.newBuilder().setType(Event.Type.RESCIND_INVERSE_OFFER)
                .setRescindInverseOffer(Event.RescindInverseOffer.newBuilder()
                        .setInverseOfferId(OfferID.newBuilder().setValue("I1"))).build());
        withoutV0Message.add(Event.newBuilder().setType(Event.Type.UPDATE_OPERATION_STATUS).build());
        withoutV0Message.add(Event.newBuilder().setType(Event.Type.UNKNOWN).build());
        withoutV0Message.add(Event.getDefaultInstance());

        for (Event event : withoutV0Message) {
            assertThat(convert(event, false)).as("%s", event.getType()).isEmpty();
        }
    }

    @Test
    void everyMessageIsCompleteSoItSerializes() {
        List<Event> events = List.of(subscribed(),
                Event.newBuilder().setType(Event.Type.OFFERS).setOffers(Event.Offers.newBuilder()
                        .addOffers(offer("O1", "agent-a", "10.0.0.5", 5051))).build(),
                update(status(TaskState.TASK_RUNNING).toBuilder().setUuid(uuid()).build()),
                update(status(TaskState.TASK_RUNNING)),
                Event.newBuilder().setType(Event.Type.ERROR)
                        .setError(Event.Error.newBuilder().setMessage("x")).build());

        for (Event event : events) {
            Message message = convert(event, false).orElseThrow();
            assertThat(message.isInitialized()).as("%s", event.getType()).isTrue();
            assertThat(message.toByteArray()).as("%s", event.getType()).isNotEmpty();
        }
    }

    private static Optional<Message> convert(Event event, boolean reregistration) {
        return DriverMessages.of(event, FRAMEWORK, reregistration, ACKNOWLEDGEE);
    }

    private static String name(Message message) {
        return message.getDescriptorForType().getFullName();
    }

    private static UnknownFieldSet wire(Message message) throws InvalidProtocolBufferException {
        return UnknownFieldSet.parseFrom(message.toByteArray());
    }

    private static String frameworkIdValue(ByteString bytes) throws InvalidProtocolBufferException {
        return UnknownFieldSet.parseFrom(bytes).getField(1).getLengthDelimitedList().get(0).toStringUtf8();
    }

    private static Event subscribed() {
        return Event.newBuilder().setType(Event.Type.SUBSCRIBED).setSubscribed(Event.Subscribed.newBuilder()
                .setFrameworkId(FrameworkID.newBuilder().setValue(FRAMEWORK))
                .setHeartbeatIntervalSeconds(15)
                .setMasterInfo(MASTER)).build();
    }

    private static Event update(TaskStatus status) {
        return Event.newBuilder().setType(Event.Type.UPDATE)
                .setUpdate(Event.Update.newBuilder().setStatus(status)).build();
    }

    private static TaskStatus status(TaskState state) {
        return TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue("task-1")).setState(state)
                .setAgentId(AgentID.newBuilder().setValue("agent-a")).setTimestamp(1_700_000_000.25).build();
    }

    private static ByteString uuid() {
        UUID uuid = UUID.randomUUID();
        return ByteString.copyFrom(java.nio.ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits()).array());
    }

    private static Offer offer(String id, String agent, String ip, int port) {
        return Offer.newBuilder().setId(OfferID.newBuilder().setValue(id))
                .setFrameworkId(FrameworkID.newBuilder().setValue(FRAMEWORK))
                .setAgentId(AgentID.newBuilder().setValue(agent)).setHostname(agent + ".example")
                .setUrl(URL.newBuilder().setScheme("http").setPath("/slave(1)")
                        .setAddress(Address.newBuilder().setHostname(agent + ".example").setIp(ip).setPort(port)))
                .build();
    }
}
