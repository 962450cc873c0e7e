package io.mesosbridge.agent.executors;

import com.google.protobuf.ByteString;
import io.mesosbridge.agentlink.AgentMessage;
import io.mesosbridge.agentlink.ExecutorAccepted;
import io.mesosbridge.agentlink.ExecutorRefused;
import io.mesosbridge.agentlink.ExecutorSubscribed;
import io.mesosbridge.agentlink.FrameworkMessage;
import io.mesosbridge.agentlink.Kill;
import io.mesosbridge.agentlink.Launch;
import io.mesosbridge.agentlink.LaunchGroup;
import io.mesosbridge.agentlink.OperatorMessage;
import io.mesosbridge.agentlink.Shutdown;
import io.mesosbridge.agentlink.UpdateRecorded;
import io.mesosbridge.mesos.json.MesosJson;
import io.mesosbridge.mesos.media.MediaTypes;
import io.mesosbridge.mesos.v1.Protos.AgentID;
import io.mesosbridge.mesos.v1.Protos.DurationInfo;
import io.mesosbridge.mesos.v1.Protos.ExecutorID;
import io.mesosbridge.mesos.v1.Protos.FrameworkID;
import io.mesosbridge.mesos.v1.Protos.KillPolicy;
import io.mesosbridge.mesos.v1.Protos.TaskGroupInfo;
import io.mesosbridge.mesos.v1.Protos.TaskID;
import io.mesosbridge.mesos.v1.Protos.TaskInfo;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;
import io.mesosbridge.mesos.v1.executor.Protos.Call;
import io.mesosbridge.mesos.v1.executor.Protos.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.mesosbridge.mesos.internal.Messages.FrameworkToExecutorMessage;

import static io.mesosbridge.agentlink.AgentMessage.MessageCase.EXECUTOR_DISCONNECTED;
import static io.mesosbridge.agentlink.AgentMessage.MessageCase.EXECUTOR_MESSAGE;
import static io.mesosbridge.agentlink.AgentMessage.MessageCase.EXECUTOR_SUBSCRIBED;
import static io.mesosbridge.agentlink.AgentMessage.MessageCase.REGISTER;
import static io.mesosbridge.agentlink.AgentMessage.MessageCase.STATUS_UPDATE;
import static org.assertj.core.api.Assertions.assertThat;

/** The executor API over real HTTP, against a fake operator on a real gRPC server. */
class ExecutorApiTest {

    private static final FrameworkID FRAMEWORK = FrameworkID.newBuilder().setValue("F1").build();
    private static final ExecutorID EXECUTOR = ExecutorID.newBuilder().setValue("E1").build();

    private FakeOperator operator;
    private AgentUnderTest agent;

    @BeforeEach
    void start() throws Exception {
        operator = new FakeOperator().start();
    }

    @AfterEach
    void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
        operator.close();
    }

    private void startAgent(ExecutorSettings settings) throws Exception {
        agent = new AgentUnderTest(operator, settings);
    }

    @Test
    void subscribeAnswersSubscribedThenTheOperatorsLaunches() throws Exception {
        startAgent(AgentUnderTest.SETTINGS);
        TaskInfo unacknowledgedTask = task("T0");
        TaskStatus unacknowledgedUpdate = status("T0", TaskState.TASK_RUNNING);
        CompletableFuture<HttpResponse<InputStream>> answer = agent.client.subscribe(subscribe(
                Call.Subscribe.newBuilder().addUnacknowledgedTasks(unacknowledgedTask)
                        .addUnacknowledgedUpdates(Call.Update.newBuilder().setStatus(unacknowledgedUpdate))),
                MediaTypes.JSON);

        ExecutorSubscribed announced = operator.take(EXECUTOR_SUBSCRIBED).getExecutorSubscribed();
        assertThat(announced.getFrameworkId()).isEqualTo(FRAMEWORK);
        assertThat(announced.getExecutorId()).isEqualTo(EXECUTOR);
        assertThat(announced.getUnacknowledgedTasksList()).containsExactly(unacknowledgedTask);
        assertThat(announced.getUnacknowledgedUpdatesList()).singleElement().satisfies(update -> {
            assertThat(update.getUuid()).isEqualTo(unacknowledgedUpdate.getUuid());
            assertThat(update.getAgentId()).isEqualTo(FakeOperator.AGENT_ID);
        });
        assertThat(answer).as("SUBSCRIBE waits for the operator").isNotDone();

        ExecutorAccepted accepted = FakeOperator.accepted(FRAMEWORK, EXECUTOR);
        operator.send(OperatorMessage.newBuilder().setExecutorAccepted(accepted).build());
        HttpResponse<InputStream> response = answer.get(5, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(MediaTypes.JSON);
        ExecutorClient.Events events = new ExecutorClient.Events(response);
        Event subscribed = events.next();
        assertThat(subscribed.getType()).isEqualTo(Event.Type.SUBSCRIBED);
        // compared in Mesos JSON, which prints the defaults that reading JSON sets
        assertThat(MesosJson.print(subscribed.getSubscribed())).isEqualTo(MesosJson.print(Event.Subscribed.newBuilder()
                .setExecutorInfo(accepted.getExecutorInfo()).setFrameworkInfo(accepted.getFrameworkInfo())
                .setAgentInfo(accepted.getAgentInfo()).setContainerId(accepted.getContainerId())));

        operator.send(OperatorMessage.newBuilder().setLaunch(Launch.newBuilder()
                .setFrameworkId(FRAMEWORK).setExecutorId(EXECUTOR).setTask(task("T1"))).build());
        Event launch = events.next();
        assertThat(launch.getType()).isEqualTo(Event.Type.LAUNCH);
        assertThat(MesosJson.print(launch.getLaunch().getTask())).isEqualTo(MesosJson.print(task("T1")));

        TaskGroupInfo group = TaskGroupInfo.newBuilder().addTasks(task("G1")).addTasks(task("G2")).build();
        operator.send(OperatorMessage.newBuilder().setLaunchGroup(LaunchGroup.newBuilder()
                .setFrameworkId(FRAMEWORK).setExecutorId(EXECUTOR).setTaskGroup(group)).build());
        Event launchGroup = events.next();
        assertThat(launchGroup.getType()).isEqualTo(Event.Type.LAUNCH_GROUP);
        assertThat(MesosJson.print(launchGroup.getLaunchGroup().getTaskGroup())).isEqualTo(MesosJson.print(group));
    }

    @Test
    void aProtobufExecutorGetsProtobufEvents() throws Exception {
        startAgent(AgentUnderTest.SETTINGS);
        ExecutorClient.Events events = subscribed(MediaTypes.PROTOBUF);
        operator.send(OperatorMessage.newBuilder().setFrameworkMessage(FrameworkMessage.newBuilder()
                .setFrameworkId(FRAMEWORK).setExecutorId(EXECUTOR).setData(ByteString.copyFromUtf8("hello"))).build());
        Event message = events.next();
        assertThat(message.getType()).isEqualTo(Event.Type.MESSAGE);
        assertThat(message.getMessage().getData().toStringUtf8()).isEqualTo("hello");
    }

    @Test
    void anUpdateGoesToTheOperatorAndIsAcknowledgedOnlyOnceRecorded() throws Exception {
        startAgent(AgentUnderTest.SETTINGS);
        ExecutorClient.Events events = subscribed(MediaTypes.JSON);
        TaskStatus running = status("T1", TaskState.TASK_RUNNING);

        HttpResponse<String> answer = agent.client.call(update(running));
        assertThat(answer.statusCode()).isEqualTo(202);
        assertThat(answer.body()).isEmpty();

        var relayed = operator.take(STATUS_UPDATE).getStatusUpdate();
        assertThat(relayed.getFrameworkId()).isEqualTo(FRAMEWORK);
        assertThat(relayed.getExecutorId()).isEqualTo(EXECUTOR);
        assertThat(relayed.getStatus().getUuid()).isEqualTo(running.getUuid());
        assertThat(relayed.getStatus().getState()).isEqualTo(TaskState.TASK_RUNNING);
        assertThat(relayed.getStatus().getAgentId()).as("filled in as a Mesos agent does").isEqualTo(FakeOperator.AGENT_ID);
        assertThat(relayed.getStatus().hasTimestamp()).isTrue();
        events.assertNothingFor(Duration.ofMillis(300));

        operator.send(OperatorMessage.newBuilder().setUpdateRecorded(UpdateRecorded.newBuilder()
                .setFrameworkId(FRAMEWORK).setExecutorId(EXECUTOR).setTaskId(running.getTaskId())
                .setUuid(running.getUuid())).build());
        Event acknowledged = events.next();
        assertThat(acknowledged.getType()).isEqualTo(Event.Type.ACKNOWLEDGED);
        assertThat(acknowledged.getAcknowledged().getTaskId()).isEqualTo(running.getTaskId());
        assertThat(acknowledged.getAcknowledged().getUuid()).isEqualTo(running.getUuid());
    }

    @Test
    void messagesGoBothWays() throws Exception {
        startAgent(AgentUnderTest.SETTINGS);
        ExecutorClient.Events events = subscribed(MediaTypes.JSON);

        HttpResponse<String> answer = agent.client.call(Call.newBuilder().setFrameworkId(FRAMEWORK).setExecutorId(EXECUTOR)
                .setType(Call.Type.MESSAGE).setMessage(Call.Message.newBuilder()
                        .setData(ByteString.copyFromUtf8("to the scheduler"))).build());
        assertThat(answer.statusCode()).isEqualTo(202);
        var relayed = operator.take(EXECUTOR_MESSAGE).getExecutorMessage();
        assertThat(relayed.getFrameworkId()).isEqualTo(FRAMEWORK);
        assertThat(relayed.getExecutorId()).isEqualTo(EXECUTOR);
        assertThat(relayed.getData().toStringUtf8()).isEqualTo("to the scheduler");

        operator.send(OperatorMessage.newBuilder().setFrameworkMessage(FrameworkMessage.newBuilder()
                .setFrameworkId(FRAMEWORK).setExecutorId(EXECUTOR)
                .setData(ByteString.copyFromUtf8("to the executor"))).build());
        Event message = events.next();
        assertThat(message.getType()).isEqualTo(Event.Type.MESSAGE);
        assertThat(message.getMessage().getData().toStringUtf8()).isEqualTo("to the executor");
    }

    @Test
    void aV0SchedulersFrameworkMessageToTheAgentsPidReachesTheExecutor() throws Exception {
        startAgent(AgentUnderTest.SETTINGS);
        ExecutorClient.Events events = subscribed(MediaTypes.JSON);
        byte[] message = FrameworkToExecutorMessage.newBuilder()
                .setSlaveId(AgentID.newBuilder().setValue("A1")).setFrameworkId(FRAMEWORK).setExecutorId(EXECUTOR)
                .setData(ByteString.copyFromUtf8("from a libmesos driver")).build().toByteArray();

        HttpResponse<String> answer = new ExecutorClient(agent.server.actualPort(),
                "/slave(1)/mesos.internal.FrameworkToExecutorMessage")
                .libprocessMessage(message, "scheduler-1@127.0.0.1:40000");

        assertThat(answer.statusCode()).isEqualTo(202);
        Event event = events.next();
        assertThat(event.getType()).isEqualTo(Event.Type.MESSAGE);
        assertThat(event.getMessage().getData().toStringUtf8()).isEqualTo("from a libmesos driver");
    }

    @Test
    void aRequestToTheAgentsPidThatIsNoLibprocessMessageIsRefused() throws Exception {
        startAgent(AgentUnderTest.SETTINGS);

        HttpResponse<String> answer = new ExecutorClient(agent.server.actualPort(),
                "/slave(1)/mesos.internal.FrameworkToExecutorMessage").post(new byte[0], "application/x-protobuf", null);

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("Libprocess-From");
    }

    @Test
    void killAndShutdownBecomeEvents() throws Exception {
        startAgent(AgentUnderTest.SETTINGS);
        ExecutorClient.Events events = subscribed(MediaTypes.JSON);
        KillPolicy policy = KillPolicy.newBuilder().setGracePeriod(DurationInfo.newBuilder().setNanoseconds(3_000_000_000L))
                .build();

        operator.send(OperatorMessage.newBuilder().setKill(Kill.newBuilder().setFrameworkId(FRAMEWORK)
                .setExecutorId(EXECUTOR).setTaskId(TaskID.newBuilder().setValue("T1")).setKillPolicy(policy)).build());
        Event kill = events.next();
        assertThat(kill.getType()).isEqualTo(Event.Type.KILL);
        assertThat(kill.getKill().getTaskId().getValue()).isEqualTo("T1");
        assertThat(MesosJson.print(kill.getKill().getKillPolicy())).isEqualTo(MesosJson.print(policy));

        operator.send(OperatorMessage.newBuilder().setShutdown(Shutdown.newBuilder().setFrameworkId(FRAMEWORK)
                .setExecutorId(EXECUTOR)).build());
        assertThat(events.next().getType()).isEqualTo(Event.Type.SHUTDOWN);
    }

    @Test
    void invalidCallsGetTheAgentsStatusAndMessage() throws Exception {
        startAgent(AgentUnderTest.SETTINGS);
        ExecutorClient client = agent.client;

        HttpResponse<String> get = client.get();
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");
        assertThat(get.body()).isEqualTo("405 Method Not Allowed. Expecting one of { 'POST' }, but received 'GET'.");

        assertAnswer(client.post(new byte[0], null, null), 400, "Expecting 'Content-Type' to be present");
        assertAnswer(client.post("{}".getBytes(StandardCharsets.UTF_8), "text/plain", null), 415,
                "Expecting 'Content-Type' of application/json or application/x-protobuf");
        assertThat(client.post("{".getBytes(StandardCharsets.UTF_8), MediaTypes.JSON, null).body())
                .startsWith("Failed to parse body into JSON: ");
        HttpResponse<String> notACall = client.post("{\"type\":\"SUBSCRIBE\"}".getBytes(StandardCharsets.UTF_8),
                MediaTypes.JSON, null);
        assertThat(notACall.statusCode()).isEqualTo(400);
        assertThat(notACall.body()).startsWith("Failed to convert JSON into Call protobuf: ");
        assertAnswer(client.post(new byte[] {0x0a, 0x05, 0x01}, MediaTypes.PROTOBUF, null), 400,
                "Failed to parse body into Call protobuf");

        Call.Builder noType = Call.newBuilder().setFrameworkId(FRAMEWORK).setExecutorId(EXECUTOR);
        assertAnswer(client.call(noType.build()), 400, "Failed to validate Executor::Call: Expecting 'type' to be present");
        assertAnswer(client.call(noType.clone().setType(Call.Type.SUBSCRIBE).build()), 400,
                "Failed to validate Executor::Call: Expecting 'subscribe' to be present");
        assertAnswer(client.call(noType.clone().setType(Call.Type.UPDATE).build()), 400,
                "Failed to validate Executor::Call: Expecting 'update' to be present");
        assertAnswer(client.call(noType.clone().setType(Call.Type.MESSAGE).build()), 400,
                "Failed to validate Executor::Call: Expecting 'message' to be present");

        TaskStatus running = status("T1", TaskState.TASK_RUNNING);
        assertAnswer(client.call(update(running.toBuilder().clearUuid().build())), 400,
                "Failed to validate Executor::Call: Expecting 'uuid' to be present");
        assertAnswer(client.call(update(running.toBuilder().setUuid(ByteString.copyFromUtf8("not-a-uuid")).build())), 400,
                "Failed to validate Executor::Call: Not a valid UUID");
        assertAnswer(client.call(update(running.toBuilder().setExecutorId(ExecutorID.newBuilder().setValue("E2")).build())),
                400, "Failed to validate Executor::Call: ExecutorID in Call: E1 does not match ExecutorID in TaskStatus: E2");
        assertAnswer(client.call(update(running.toBuilder().setSource(TaskStatus.Source.SOURCE_AGENT).build())), 400,
                "Failed to validate Executor::Call: Received Call from executor E1 of framework F1 with invalid source,"
                        + " expecting 'SOURCE_EXECUTOR'");
        assertAnswer(client.call(update(running.toBuilder().setState(TaskState.TASK_STAGING).build())), 400,
                "Failed to validate Executor::Call: Received TASK_STAGING from executor E1 of framework F1 which is not"
                        + " allowed");

        assertAnswer(client.post(MesosJson.printBytes(subscribe(Call.Subscribe.newBuilder())),
                MediaTypes.JSON, "text/html"), 406,
                "Expecting 'Accept' to allow 'application/x-protobuf' or 'application/json'");
        operator.assertNone(EXECUTOR_SUBSCRIBED, Duration.ofMillis(100));
    }

    @Test
    void anExecutorThatIsNotSubscribedMayOnlyHeartbeat() throws Exception {
        startAgent(AgentUnderTest.SETTINGS);
        ExecutorClient client = agent.client;
        Call.Builder call = Call.newBuilder().setFrameworkId(FRAMEWORK).setExecutorId(EXECUTOR);

        assertAnswer(client.call(update(status("T1", TaskState.TASK_RUNNING))), 403, "Executor is not subscribed");
        assertAnswer(client.call(call.clone().setType(Call.Type.MESSAGE)
                .setMessage(Call.Message.newBuilder().setData(ByteString.copyFromUtf8("x"))).build()), 403,
                "Executor is not subscribed");
        assertAnswer(client.call(call.clone().setType(Call.Type.UNKNOWN).build()), 403, "Executor is not subscribed");
        assertAnswer(client.call(call.clone().setType(Call.Type.HEARTBEAT).build()), 202, "");
        operator.assertNone(STATUS_UPDATE, Duration.ofMillis(100));

        subscribed(MediaTypes.JSON);
        assertAnswer(client.call(call.clone().setType(Call.Type.UNKNOWN).build()), 501, "501 Not Implemented.");
    }

    @Test
    void theApiIsAlsoServedUnderTheAgentsProcessName() throws Exception {
        startAgent(AgentUnderTest.SETTINGS);
        ExecutorClient client = new ExecutorClient(agent.server.actualPort(), "/slave(1)/api/v1/executor");
        assertAnswer(client.call(Call.newBuilder().setFrameworkId(FRAMEWORK).setExecutorId(EXECUTOR)
                .setType(Call.Type.HEARTBEAT).build()), 202, "");
        assertAnswer(client.call(update(status("T1", TaskState.TASK_RUNNING))), 403, "Executor is not subscribed");
    }

    @Test
    void aRefusedExecutorGetsTheOperatorsErrorAndStaysUnsubscribed() throws Exception {
        startAgent(AgentUnderTest.SETTINGS);
        CompletableFuture<HttpResponse<InputStream>> answer = agent.client.subscribe(
                subscribe(Call.Subscribe.newBuilder()), MediaTypes.JSON);
        operator.take(EXECUTOR_SUBSCRIBED);
        operator.send(OperatorMessage.newBuilder().setExecutorRefused(ExecutorRefused.newBuilder()
                .setFrameworkId(FRAMEWORK).setExecutorId(EXECUTOR).setMessage("Executor cannot be found")).build());

        HttpResponse<InputStream> refused = answer.get(5, TimeUnit.SECONDS);
        assertThat(refused.statusCode()).isEqualTo(400);
        try (InputStream body = refused.body()) {
            assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("Executor cannot be found");
        }
        assertAnswer(agent.client.call(update(status("T1", TaskState.TASK_RUNNING))), 403, "Executor is not subscribed");
    }

    @Test
    void aSubscribedExecutorThatTheOperatorRefusesLaterGetsErrorAndItsStreamEnds() throws Exception {
        startAgent(AgentUnderTest.SETTINGS);
        ExecutorClient.Events events = subscribed(MediaTypes.JSON);
        operator.send(OperatorMessage.newBuilder().setExecutorRefused(ExecutorRefused.newBuilder()
                .setFrameworkId(FRAMEWORK).setExecutorId(EXECUTOR).setMessage("Framework has been removed")).build());
        Event error = events.next();
        assertThat(error.getType()).isEqualTo(Event.Type.ERROR);
        assertThat(error.getError().getMessage()).isEqualTo("Framework has been removed");
        events.awaitEnd();
    }

    @Test
    void afterAnOperatorRestartTheExecutorIsAnnouncedAgainWithWhatIsUnacknowledged() throws Exception {
        startAgent(AgentUnderTest.SETTINGS);
        TaskInfo fromSubscribe = task("T0");
        ExecutorClient.Events events = subscribed(MediaTypes.JSON,
                Call.Subscribe.newBuilder().addUnacknowledgedTasks(fromSubscribe));
        operator.send(OperatorMessage.newBuilder().setLaunch(Launch.newBuilder()
                .setFrameworkId(FRAMEWORK).setExecutorId(EXECUTOR).setTask(task("T1"))).build());
        assertThat(events.next().getType()).isEqualTo(Event.Type.LAUNCH);
        TaskStatus beforeRestart = status("T1", TaskState.TASK_RUNNING);
        assertThat(agent.client.call(update(beforeRestart)).statusCode()).isEqualTo(202);
        operator.take(STATUS_UPDATE);

        operator.stop();
        agent.awaitRegistered(false);
        TaskStatus whileAway = status("T1", TaskState.TASK_FINISHED);
        assertThat(agent.client.call(update(whileAway)).statusCode()).as("kept until the operator records it")
                .isEqualTo(202);
        operator.start();

        operator.take(REGISTER);
        ExecutorSubscribed announced = operator.take(EXECUTOR_SUBSCRIBED).getExecutorSubscribed();
        assertThat(announced.getUnacknowledgedTasksList()).extracting(task -> task.getTaskId().getValue())
                .containsExactly("T0", "T1");
        assertThat(announced.getUnacknowledgedUpdatesList()).extracting(TaskStatus::getUuid)
                .containsExactly(beforeRestart.getUuid(), whileAway.getUuid());

        operator.send(OperatorMessage.newBuilder().setExecutorAccepted(FakeOperator.accepted(FRAMEWORK, EXECUTOR)).build());
        operator.send(OperatorMessage.newBuilder().setUpdateRecorded(UpdateRecorded.newBuilder()
                .setFrameworkId(FRAMEWORK).setExecutorId(EXECUTOR).setTaskId(whileAway.getTaskId())
                .setUuid(whileAway.getUuid())).build());
        Event acknowledged = events.next();
        assertThat(acknowledged.getType()).as("the same stream goes on").isEqualTo(Event.Type.ACKNOWLEDGED);
        assertThat(acknowledged.getAcknowledged().getUuid()).isEqualTo(whileAway.getUuid());
    }

    @Test
    void aSecondSubscribeReplacesTheFirstStream() throws Exception {
        startAgent(AgentUnderTest.SETTINGS);
        ExecutorClient.Events first = subscribed(MediaTypes.JSON);
        ExecutorClient.Events second = subscribed(MediaTypes.JSON);
        first.awaitEnd();
        operator.assertNone(EXECUTOR_DISCONNECTED, Duration.ofMillis(300));

        operator.send(OperatorMessage.newBuilder().setLaunch(Launch.newBuilder()
                .setFrameworkId(FRAMEWORK).setExecutorId(EXECUTOR).setTask(task("T1"))).build());
        assertThat(second.next().getType()).isEqualTo(Event.Type.LAUNCH);
    }

    @Test
    void anExecutorWhoseStreamClosesIsDisconnectedButMayStillUpdate() throws Exception {
        startAgent(AgentUnderTest.SETTINGS);
        HttpResponse<InputStream> stream = subscribe(MediaTypes.JSON, Call.Subscribe.newBuilder());
        stream.body().close();
        var disconnected = operator.take(EXECUTOR_DISCONNECTED).getExecutorDisconnected();
        assertThat(disconnected.getFrameworkId()).isEqualTo(FRAMEWORK);
        assertThat(disconnected.getExecutorId()).isEqualTo(EXECUTOR);
        assertThat(agent.client.call(update(status("T1", TaskState.TASK_FINISHED))).statusCode()).isEqualTo(202);
        operator.take(STATUS_UPDATE);
    }

    @Test
    void updatesOfADisconnectedExecutorReachAnOperatorThatRestarted() throws Exception {
        startAgent(AgentUnderTest.SETTINGS);
        subscribe(MediaTypes.JSON, Call.Subscribe.newBuilder()).body().close();
        operator.take(EXECUTOR_DISCONNECTED);
        operator.stop();
        agent.awaitRegistered(false);
        TaskStatus finished = status("T1", TaskState.TASK_FINISHED);
        assertThat(agent.client.call(update(finished)).statusCode()).isEqualTo(202);

        operator.start();
        operator.take(REGISTER);
        assertThat(operator.take(STATUS_UPDATE).getStatusUpdate().getStatus().getUuid()).isEqualTo(finished.getUuid());
        operator.assertNone(EXECUTOR_SUBSCRIBED, Duration.ofMillis(200));
    }

    @Test
    void subscribedExecutorsGetHeartbeats() throws Exception {
        startAgent(new ExecutorSettings(Duration.ofMillis(100), Duration.ofSeconds(5), 1000, 1 << 20, 1000,
                Duration.ofMinutes(1)));
        ExecutorClient.Events events = subscribed(MediaTypes.JSON);
        assertThat(events.nextOrHeartbeat().getType()).isEqualTo(Event.Type.HEARTBEAT);
        assertThat(events.nextOrHeartbeat().getType()).isEqualTo(Event.Type.HEARTBEAT);
    }

    @Test
    void anExecutorThatDoesNotReadIsDisconnected() throws Exception {
        startAgent(new ExecutorSettings(Duration.ofMinutes(30), Duration.ofSeconds(5), 16, 1 << 20, 1000,
                Duration.ofMinutes(1)));
        byte[] body = MesosJson.printBytes(subscribe(Call.Subscribe.newBuilder()));
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", agent.server.actualPort()));
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/executor HTTP/1.1\r\nHost: agent\r\nContent-Type: application/json\r\n"
                    + "Accept: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            operator.take(EXECUTOR_SUBSCRIBED);
            operator.send(OperatorMessage.newBuilder().setExecutorAccepted(FakeOperator.accepted(FRAMEWORK, EXECUTOR))
                    .build());
            ByteString big = ByteString.copyFrom(ByteBuffer.allocate(256 * 1024));
            for (int i = 0; i < 200; i++) {
                operator.send(OperatorMessage.newBuilder().setFrameworkMessage(FrameworkMessage.newBuilder()
                        .setFrameworkId(FRAMEWORK).setExecutorId(EXECUTOR).setData(big)).build());
            }
            operator.take(EXECUTOR_DISCONNECTED);
        }
    }

    @Test
    void subscribeWithoutTheOperatorIsUnavailable() throws Exception {
        startAgent(new ExecutorSettings(Duration.ofMinutes(30), Duration.ofMillis(300), 1000, 1 << 20, 1000,
                Duration.ofMinutes(1)));
        CompletableFuture<HttpResponse<InputStream>> unanswered = agent.client.subscribe(
                subscribe(Call.Subscribe.newBuilder()), MediaTypes.JSON);
        operator.take(EXECUTOR_SUBSCRIBED);
        HttpResponse<InputStream> timedOut = unanswered.get(5, TimeUnit.SECONDS);
        assertThat(timedOut.statusCode()).as("the operator did not answer in time").isEqualTo(503);
        timedOut.body().close();

        operator.stop();
        agent.awaitRegistered(false);
        HttpResponse<String> unavailable = agent.client.post(
                MesosJson.printBytes(subscribe(Call.Subscribe.newBuilder())), MediaTypes.JSON,
                MediaTypes.JSON);
        assertAnswer(unavailable, 503, "Agent has not finished recovery");
    }

    // ---------------------------------------------------------------------------------------------------------------

    private ExecutorClient.Events subscribed(String mediaType) throws Exception {
        return subscribed(mediaType, Call.Subscribe.newBuilder());
    }

    private ExecutorClient.Events subscribed(String mediaType, Call.Subscribe.Builder subscribe) throws Exception {
        ExecutorClient.Events events = new ExecutorClient.Events(subscribe(mediaType, subscribe));
        assertThat(events.next().getType()).isEqualTo(Event.Type.SUBSCRIBED);
        return events;
    }

    private HttpResponse<InputStream> subscribe(String mediaType, Call.Subscribe.Builder subscribe) throws Exception {
        CompletableFuture<HttpResponse<InputStream>> answer = agent.client.subscribe(subscribe(subscribe), mediaType);
        operator.take(EXECUTOR_SUBSCRIBED);
        operator.send(OperatorMessage.newBuilder().setExecutorAccepted(FakeOperator.accepted(FRAMEWORK, EXECUTOR)).build());
        HttpResponse<InputStream> response = answer.get(5, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(mediaType);
        return response;
    }

    private static void assertAnswer(HttpResponse<String> response, int status, String body) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.body()).isEqualTo(body);
    }

    private static Call subscribe(Call.Subscribe.Builder subscribe) {
        return Call.newBuilder().setFrameworkId(FRAMEWORK).setExecutorId(EXECUTOR).setType(Call.Type.SUBSCRIBE)
                .setSubscribe(subscribe).build();
    }

    private static Call update(TaskStatus status) {
        return Call.newBuilder().setFrameworkId(FRAMEWORK).setExecutorId(EXECUTOR).setType(Call.Type.UPDATE)
                .setUpdate(Call.Update.newBuilder().setStatus(status)).build();
    }

    private static TaskInfo task(String id) {
        return TaskInfo.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id))
                .setAgentId(AgentID.newBuilder().setValue("S1")).build();
    }

    private static TaskStatus status(String taskId, TaskState state) {
        UUID uuid = UUID.randomUUID();
        ByteBuffer bytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits());
        return TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue(taskId)).setState(state)
                .setSource(TaskStatus.Source.SOURCE_EXECUTOR).setExecutorId(EXECUTOR)
                .setUuid(ByteString.copyFrom(bytes.array())).build();
    }
}
