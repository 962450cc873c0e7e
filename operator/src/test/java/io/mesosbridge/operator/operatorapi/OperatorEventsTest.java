package io.mesosbridge.operator.operatorapi;

import com.google.protobuf.ByteString;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;
import io.mesosbridge.mesos.v1.master.Protos.Event;
import io.mesosbridge.mesos.v1.master.Protos.Response;
import io.mesosbridge.operator.operatorapi.OperatorEventFilter.AgentGone;
import io.mesosbridge.operator.operatorapi.OperatorEventFilter.AgentSeen;
import io.mesosbridge.operator.operatorapi.OperatorEventFilter.FrameworkGone;
import io.mesosbridge.operator.operatorapi.OperatorEventFilter.FrameworkSeen;
import io.mesosbridge.operator.operatorapi.OperatorEventFilter.TaskGone;
import io.mesosbridge.operator.operatorapi.OperatorEventFilter.TaskSeen;
import io.mesosbridge.operator.operatorapi.OperatorEventFilter.Update;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What one operator API subscriber is told of each change: everything once, nothing twice, nothing missed. */
class OperatorEventsTest {

    private static final Update STARTING = update(1, TaskState.TASK_STARTING);
    private static final Update RUNNING = update(2, TaskState.TASK_RUNNING);
    private static final Update FINISHED = update(3, TaskState.TASK_FINISHED);

    private final OperatorEventFilter filter = new OperatorEventFilter();

    @Test
    void aTaskSeenForTheFirstTimeIsAddedThenReportsEveryUpdateItHas() {
        filter.start(Response.GetState.getDefaultInstance());

        List<Event> events = filter.tell(seen(STARTING, RUNNING));

        assertThat(events).extracting(Event::getType).containsExactly(Event.Type.TASK_ADDED,
                Event.Type.TASK_UPDATED, Event.Type.TASK_UPDATED);
        assertThat(events.get(2).getTaskUpdated().getState()).as("each update with the state it told")
                .isEqualTo(TaskState.TASK_RUNNING);
    }

    @Test
    void aTaskSeenBeforeReportsOnlyTheUpdatesRecordedSince() {
        filter.start(Response.GetState.getDefaultInstance());
        filter.tell(seen(STARTING));

        assertThat(filter.tell(seen(STARTING, RUNNING, FINISHED))).extracting(e -> e.getTaskUpdated().getState())
                .containsExactly(TaskState.TASK_RUNNING, TaskState.TASK_FINISHED);
        assertThat(filter.tell(seen(STARTING, RUNNING, FINISHED))).isEmpty();
    }

    @Test
    void whatTheSubscribedStateAlreadyShowsIsNotToldAgainAndWhatHappenedMeanwhileIs() {
        assertThat(filter.tell(seen(STARTING, RUNNING))).as("waits for the state").isEmpty();
        assertThat(filter.tell(new AgentSeen("a1", agent("a1")))).isEmpty();
        Response.GetState state = Response.GetState.newBuilder()
                .setGetTasks(Response.GetTasks.newBuilder().addTasks(task().toBuilder()
                        .addStatuses(STARTING.status())))
                .setGetAgents(Response.GetAgents.newBuilder().addAgents(agent("a1")))
                .build();

        List<Event> meanwhile = filter.start(state);

        assertThat(meanwhile).singleElement().satisfies(event -> {
            assertThat(event.getType()).isEqualTo(Event.Type.TASK_UPDATED);
            assertThat(event.getTaskUpdated().getStatus().getState()).isEqualTo(TaskState.TASK_RUNNING);
        });
    }

    @Test
    void aTaskEndedOutsideItsMesosTaskReportsItsLastStateOnce() {
        filter.start(Response.GetState.getDefaultInstance());
        filter.tell(seen(STARTING, RUNNING));
        TaskStatus killed = TaskStatus.newBuilder().setTaskId(task().getTaskId()).setState(TaskState.TASK_KILLED)
                .build();

        assertThat(filter.tell(new TaskGone(key(), "fw", killed))).extracting(e -> e.getTaskUpdated().getState())
                .containsExactly(TaskState.TASK_KILLED);
        assertThat(filter.tell(new TaskGone(key(), "fw", killed))).isEmpty();

        filter.tell(seen(STARTING, RUNNING, FINISHED));
        assertThat(filter.tell(new TaskGone(key(), "fw", FINISHED.status()))).as("acknowledged and deleted")
                .isEmpty();
    }

    @Test
    void frameworksAreAddedUpdatedOnRealChangesAndRemovedOnce() {
        filter.start(Response.GetState.getDefaultInstance());
        Response.GetFrameworks.Framework connected = framework(true);

        assertThat(filter.tell(new FrameworkSeen("fw", connected))).extracting(Event::getType)
                .containsExactly(Event.Type.FRAMEWORK_ADDED);
        assertThat(filter.tell(new FrameworkSeen("fw", connected.toBuilder().clearOffers().build())))
                .as("offers coming and going are no update").isEmpty();
        assertThat(filter.tell(new FrameworkSeen("fw", framework(false)))).extracting(Event::getType)
                .containsExactly(Event.Type.FRAMEWORK_UPDATED);
        assertThat(filter.tell(new FrameworkGone("fw", connected.getFrameworkInfo()))).extracting(Event::getType)
                .containsExactly(Event.Type.FRAMEWORK_REMOVED);
        assertThat(filter.tell(new FrameworkGone("fw", connected.getFrameworkInfo()))).isEmpty();
    }

    @Test
    void agentsAreAddedAndRemovedOnce() {
        filter.start(Response.GetState.getDefaultInstance());

        assertThat(filter.tell(new AgentSeen("a1", agent("a1")))).extracting(Event::getType)
                .containsExactly(Event.Type.AGENT_ADDED);
        assertThat(filter.tell(new AgentSeen("a1", agent("a1")))).isEmpty();
        assertThat(filter.tell(new AgentGone("a1"))).extracting(Event::getType)
                .containsExactly(Event.Type.AGENT_REMOVED);
        assertThat(filter.tell(new AgentGone("a1"))).isEmpty();
    }

    private static TaskSeen seen(Update... updates) {
        return new TaskSeen(key(), "fw", task(), List.of(updates));
    }

    private static String key() {
        return OperatorEventFilter.key(task());
    }

    private static Protos.Task task() {
        return Protos.Task.newBuilder().setName("web").setTaskId(Protos.TaskID.newBuilder().setValue("t1"))
                .setFrameworkId(Protos.FrameworkID.newBuilder().setValue("fw"))
                .setAgentId(Protos.AgentID.newBuilder().setValue("a1")).setState(TaskState.TASK_STAGING).build();
    }

    private static Update update(int n, TaskState state) {
        byte[] uuid = new byte[16];
        uuid[15] = (byte) n;
        TaskStatus status = TaskStatus.newBuilder().setTaskId(Protos.TaskID.newBuilder().setValue("t1"))
                .setState(state).setUuid(ByteString.copyFrom(uuid)).build();
        return new Update(Base64.getEncoder().encodeToString(uuid), status);
    }

    private static Response.GetAgents.Agent agent(String id) {
        return Response.GetAgents.Agent.newBuilder().setAgentInfo(Protos.AgentInfo.newBuilder()
                .setId(Protos.AgentID.newBuilder().setValue(id)).setHostname("n1")).setActive(true)
                .setVersion("1.11.0").build();
    }

    private static Response.GetFrameworks.Framework framework(boolean connected) {
        return Response.GetFrameworks.Framework.newBuilder()
                .setFrameworkInfo(Protos.FrameworkInfo.newBuilder().setUser("u").setName("n")
                        .setId(Protos.FrameworkID.newBuilder().setValue("fw")))
                .setConnected(connected).setActive(connected).setRecovered(false)
                .addOffers(Protos.Offer.newBuilder().setId(Protos.OfferID.newBuilder().setValue("o"))
                        .setFrameworkId(Protos.FrameworkID.newBuilder().setValue("fw"))
                        .setAgentId(Protos.AgentID.newBuilder().setValue("a1")).setHostname("n1"))
                .build();
    }
}
