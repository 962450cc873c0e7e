package io.mesosbridge.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.mesosbridge.agentlink.AgentLinkGrpc;
import io.mesosbridge.agentlink.AgentMessage;
import io.mesosbridge.agentlink.ExecutorMessage;
import io.mesosbridge.agentlink.ExecutorSubscribed;
import io.mesosbridge.agentlink.OperatorMessage;
import io.mesosbridge.agentlink.Register;
import io.mesosbridge.agentlink.StatusUpdate;
import io.mesosbridge.conventions.TaskNames;
import io.mesosbridge.crds.MesosTask;
import io.mesosbridge.mesos.media.MediaTypes;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;
import io.mesosbridge.mesos.v1.scheduler.Protos.Call;
import io.mesosbridge.mesos.v1.scheduler.Protos.Event;
import io.mesosbridge.testcluster.RealCluster;
import io.mesosbridge.testcluster.WithRealCluster;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A custom executor on the real node, with the test playing the node's agent over AgentLink.Connect: the executor's
 * Pod runs its command with the executor environment, its task is TASK_STAGING until the executor reports, the
 * executor's updates reach the scheduler in order with their own uuids and are acknowledged, KILL and MESSAGE reach
 * the executor, its MESSAGE reaches the scheduler, a second task goes to the same executor, and the end of the
 * executor's Pod fails its task and tells the scheduler.
 */
@WithRealCluster
class CustomExecutorIT {

    private static final String NAMESPACE = "it-custom-executor";
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static BridgeProcess bridge;
    private static TestScheduler scheduler;
    private static String realNode;
    private static ManagedChannel channel;
    private static final List<String> usedOffers = new ArrayList<>();

    @BeforeAll
    static void startBridge(RealCluster cluster) throws Exception {
        realNode = cluster.realNodeName().orElseThrow();
        bridge = BridgeProcess.start(cluster, NAMESPACE, BridgeProcess.onlyNode(realNode));
        scheduler = new TestScheduler(bridge.url(), MediaTypes.PROTOBUF);
        scheduler.subscribe(TestScheduler.frameworkInfo("custom-executor").build());
        channel = NettyChannelBuilder.forAddress("127.0.0.1", bridge.agentLinkPort()).usePlaintext().build();
    }

    @AfterAll
    static void stopBridge() throws Exception {
        channel.shutdownNow();
        scheduler.close();
        bridge.stopAndRemoveNamespace();
    }

    @Test
    void anAgentOfANodeThatIsNoAgentIsRefused() throws Exception {
        FakeAgent stranger = new FakeAgent("no-such-node");

        Status status = stranger.awaitEnd();

        assertThat(status.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(status.getDescription()).contains("no-such-node");
    }

    @Test
    void aCustomExecutorRunsItsTasksThroughTheAgentLink(RealCluster cluster) throws Exception {
        FakeAgent agent = new FakeAgent(realNode);
        OperatorMessage registered = agent.await(OperatorMessage::hasRegistered);
        Protos.Offer offer = freshOffer();
        assertThat(registered.getRegistered().getAgentId()).isEqualTo(offer.getAgentId());

        Protos.ExecutorInfo executor = executor("exec-1", "sleep 600");
        assertThat(scheduler.launch(offer, task("t1", offer, executor)).statusCode()).isEqualTo(202);

        String podName = TaskNames.executorPodName(scheduler.frameworkId(), "exec-1");
        Pod pod = awaitPod(cluster, podName);
        assertThat(pod.getSpec().getNodeName()).isEqualTo(realNode);
        Map<String, String> env = new HashMap<>();
        for (EnvVar variable : pod.getSpec().getContainers().get(0).getEnv()) {
            env.put(variable.getName(), variable.getValue());
        }
        assertThat(env).containsEntry("MESOS_FRAMEWORK_ID", scheduler.frameworkId())
                .containsEntry("MESOS_EXECUTOR_ID", "exec-1")
                .containsEntry("MESOS_AGENT_ID", offer.getAgentId().getValue())
                .containsEntry("MESOS_CHECKPOINT", "0")
                .containsEntry("MESOS_HTTP_COMMAND_EXECUTOR", "0")
                .containsEntry("MESOS_SANDBOX", "/mnt/mesos/sandbox")
                .as("the endpoint the node's agent registered with")
                .containsEntry("MESOS_AGENT_ENDPOINT", "127.0.0.1:5151")
                .doesNotContainKey("MESOS_TASK_ID");
        assertThat(taskState("t1")).isEqualTo("TASK_STAGING");

        agent.send(AgentMessage.newBuilder().setExecutorSubscribed(ExecutorSubscribed.newBuilder()
                .setFrameworkId(offer.getFrameworkId()).setExecutorId(executor.getExecutorId())).build());
        OperatorMessage accepted = agent.await(OperatorMessage::hasExecutorAccepted);
        assertThat(accepted.getExecutorAccepted().getContainerId().getValue()).isEqualTo(pod.getMetadata().getUid());
        assertThat(accepted.getExecutorAccepted().getExecutorInfo().getCommand().getValue()).isEqualTo("sleep 600");
        assertThat(accepted.getExecutorAccepted().getFrameworkInfo().getId().getValue())
                .isEqualTo(scheduler.frameworkId());
        assertThat(accepted.getExecutorAccepted().getAgentInfo().getId()).isEqualTo(offer.getAgentId());
        OperatorMessage launch = agent.await(OperatorMessage::hasLaunch);
        assertThat(launch.getLaunch().getTask().getTaskId().getValue()).isEqualTo("t1");
        assertThat(taskState("t1")).as("only the executor tells the task's states").isEqualTo("TASK_STAGING");

        long acknowledgementsBefore = validAcknowledgements();
        ByteString starting = uuid();
        ByteString running = uuid();
        agent.update(offer, executor, "t1", TaskState.TASK_STARTING, starting);
        assertThat(agent.await(m -> m.hasUpdateRecorded() && m.getUpdateRecorded().getUuid().equals(starting))
                .getUpdateRecorded().getTaskId().getValue()).isEqualTo("t1");
        agent.update(offer, executor, "t1", TaskState.TASK_RUNNING, running);
        agent.await(m -> m.hasUpdateRecorded() && m.getUpdateRecorded().getUuid().equals(running));
        TaskStatus told = scheduler.awaitState("t1", TaskState.TASK_RUNNING, TIMEOUT);
        assertThat(told.getUuid()).isEqualTo(running);
        assertThat(told.getSource()).isEqualTo(TaskStatus.Source.SOURCE_EXECUTOR);
        assertThat(told.getExecutorId()).isEqualTo(executor.getExecutorId());
        assertThat(scheduler.updatesOf("t1")).extracting(TaskStatus::getState)
                .containsExactly(TaskState.TASK_STARTING, TaskState.TASK_RUNNING);
        awaitUpdatesAcknowledged(cluster, "t1", acknowledgementsBefore + 2);

        scheduler.call(Call.newBuilder().setType(Call.Type.MESSAGE).setMessage(Call.Message.newBuilder()
                .setAgentId(offer.getAgentId()).setExecutorId(executor.getExecutorId())
                .setData(ByteString.copyFromUtf8("ping"))));
        assertThat(agent.await(OperatorMessage::hasFrameworkMessage).getFrameworkMessage().getData().toStringUtf8())
                .isEqualTo("ping");
        agent.send(AgentMessage.newBuilder().setExecutorMessage(ExecutorMessage.newBuilder()
                .setFrameworkId(offer.getFrameworkId()).setExecutorId(executor.getExecutorId())
                .setData(ByteString.copyFromUtf8("pong"))).build());
        Event message = scheduler.awaitEvent(e -> e.getType() == Event.Type.MESSAGE, TIMEOUT);
        assertThat(message.getMessage().getData().toStringUtf8()).isEqualTo("pong");
        assertThat(message.getMessage().getExecutorId()).isEqualTo(executor.getExecutorId());
        assertThat(message.getMessage().getAgentId()).isEqualTo(offer.getAgentId());

        scheduler.kill("t1");
        assertThat(agent.await(OperatorMessage::hasKill).getKill().getTaskId().getValue()).isEqualTo("t1");
        agent.update(offer, executor, "t1", TaskState.TASK_KILLED, uuid());
        scheduler.awaitState("t1", TaskState.TASK_KILLED, TIMEOUT);

        Protos.Offer second = freshOffer();
        Protos.ExecutorInfo changed = executor("exec-1", "sleep 700");
        scheduler.launch(second, task("t-changed", second, changed));
        TaskStatus refused = scheduler.awaitState("t-changed", TaskState.TASK_ERROR, TIMEOUT);
        assertThat(refused.getMessage())
                .startsWith("ExecutorInfo is not compatible with existing ExecutorInfo with same ExecutorID.");

        Protos.Offer third = freshOffer();
        scheduler.launch(third, task("t2", third, executor));
        OperatorMessage secondLaunch = agent.await(m -> m.hasLaunch()
                && m.getLaunch().getTask().getTaskId().getValue().equals("t2"));
        assertThat(secondLaunch.getLaunch().getExecutorId()).isEqualTo(executor.getExecutorId());
        assertThat(cluster.client().pods().inNamespace(NAMESPACE).withName(podName).get().getMetadata().getUid())
                .as("the same executor, no second Pod").isEqualTo(pod.getMetadata().getUid());
        assertThat(executorTypeInState("exec-1")).isEqualTo("CUSTOM");

        cluster.client().pods().inNamespace(NAMESPACE).withName(podName).delete();
        TaskStatus failed = scheduler.awaitState("t2", TaskState.TASK_FAILED, TIMEOUT);
        assertThat(failed.getReason()).isEqualTo(TaskStatus.Reason.REASON_EXECUTOR_TERMINATED);
        assertThat(failed.getSource()).isEqualTo(TaskStatus.Source.SOURCE_AGENT);
        Event failure = scheduler.awaitEvent(e -> e.getType() == Event.Type.FAILURE, TIMEOUT);
        assertThat(failure.getFailure().getExecutorId()).isEqualTo(executor.getExecutorId());
        assertThat(failure.getFailure().getAgentId()).isEqualTo(offer.getAgentId());
        agent.close();
    }

    private static Protos.ExecutorInfo executor(String executorId, String command) {
        return Protos.ExecutorInfo.newBuilder().setType(Protos.ExecutorInfo.Type.CUSTOM)
                .setExecutorId(Protos.ExecutorID.newBuilder().setValue(executorId))
                .setCommand(Protos.CommandInfo.newBuilder().setValue(command))
                .addResources(TestScheduler.scalar("cpus", 0.1))
                .addResources(TestScheduler.scalar("mem", 32))
                .build();
    }

    private static Protos.TaskInfo task(String taskId, Protos.Offer offer, Protos.ExecutorInfo executor) {
        return TestScheduler.commandTask(taskId, offer, "unused", 0.1, 32).clearCommand().setExecutor(executor)
                .build();
    }

    private static synchronized Protos.Offer freshOffer() {
        Protos.Offer offer = scheduler.awaitOffer(o -> o.getHostname().equals(realNode)
                && !usedOffers.contains(o.getId().getValue()), TIMEOUT);
        usedOffers.add(offer.getId().getValue());
        return offer;
    }

    private static Pod awaitPod(RealCluster cluster, String podName) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Pod pod = cluster.client().pods().inNamespace(NAMESPACE).withName(podName).get();
            if (pod != null && pod.getMetadata().getUid() != null) {
                return pod;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no executor Pod " + podName + " within " + TIMEOUT);
    }

    private static String taskState(String taskId) throws Exception {
        for (var task : MasterHttp.get(bridge.url(), "/master/tasks").path("tasks")) {
            if (task.path("id").asText().equals(taskId)) {
                return task.path("state").asText();
            }
        }
        return null;
    }

    private static String executorTypeInState(String executorId) throws Exception {
        for (var framework : MasterHttp.get(bridge.url(), "/master/state").path("frameworks")) {
            for (var executor : framework.path("executors")) {
                if (executor.path("executor_id").asText().equals(executorId)) {
                    return executor.path("type").asText();
                }
            }
        }
        return null;
    }

    /**
     * Waits until the bridge has taken the acknowledgements of the task's updates and written its state. The
     * removal of an acknowledged non-terminal update from the MesosTask is written only with the task's next status
     * write, so the bridge's own count of valid acknowledgements is what tells they were taken.
     */
    private static void awaitUpdatesAcknowledged(RealCluster cluster, String taskId, long acknowledgements)
            throws Exception {
        String name = TaskNames.objectName(scheduler.frameworkId(), taskId);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            MesosTask task = cluster.client().resources(MesosTask.class).inNamespace(NAMESPACE).withName(name).get();
            if (task != null && task.getStatus() != null && "TASK_RUNNING".equals(task.getStatus().getState())
                    && validAcknowledgements() >= acknowledgements) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the updates of " + taskId + " were not all acknowledged within " + TIMEOUT);
    }

    private static long validAcknowledgements() throws Exception {
        return MasterHttp.get(bridge.url(), "/metrics/snapshot").path("master/valid_status_update_acknowledgements")
                .asLong();
    }

    private static ByteString uuid() {
        UUID uuid = UUID.randomUUID();
        return ByteString.copyFrom(ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits()).array());
    }

    /** The node's agent, as the test plays it: one Connect stream, what the master sends kept in order. */
    private static final class FakeAgent {

        private final StreamObserver<AgentMessage> out;
        private final BlockingQueue<OperatorMessage> received = new LinkedBlockingQueue<>();
        private final List<OperatorMessage> passed = new ArrayList<>();
        private final BlockingQueue<Status> ended = new LinkedBlockingQueue<>();

        FakeAgent(String nodeName) {
            out = AgentLinkGrpc.newStub(channel).connect(new StreamObserver<>() {
                @Override
                public void onNext(OperatorMessage message) {
                    received.add(message);
                }

                @Override
                public void onError(Throwable error) {
                    ended.add(Status.fromThrowable(error));
                }

                @Override
                public void onCompleted() {
                    ended.add(Status.OK);
                }
            });
            send(AgentMessage.newBuilder().setRegister(Register.newBuilder().setNodeName(nodeName)
                    .setEndpoint("127.0.0.1:5151")).build());
        }

        synchronized void send(AgentMessage message) {
            out.onNext(message);
        }

        void update(Protos.Offer offer, Protos.ExecutorInfo executor, String taskId, TaskState state,
                    ByteString uuid) {
            send(AgentMessage.newBuilder().setStatusUpdate(StatusUpdate.newBuilder()
                    .setFrameworkId(offer.getFrameworkId()).setExecutorId(executor.getExecutorId())
                    .setStatus(TaskStatus.newBuilder().setTaskId(Protos.TaskID.newBuilder().setValue(taskId))
                            .setState(state).setUuid(uuid).setSource(TaskStatus.Source.SOURCE_EXECUTOR)
                            .setExecutorId(executor.getExecutorId()).setAgentId(offer.getAgentId())))
                    .build());
        }

        /** The first message from the master, not yet awaited, that matches. */
        OperatorMessage await(Predicate<OperatorMessage> matching) throws InterruptedException {
            for (OperatorMessage earlier : passed) {
                if (matching.test(earlier)) {
                    passed.remove(earlier);
                    return earlier;
                }
            }
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                OperatorMessage next = received.poll(200, TimeUnit.MILLISECONDS);
                if (next == null) {
                    continue;
                }
                if (matching.test(next)) {
                    return next;
                }
                passed.add(next);
            }
            throw new AssertionError("no matching message from the master within " + TIMEOUT + "; got "
                    + passed.stream().map(m -> m.getMessageCase().name()).toList());
        }

        Status awaitEnd() throws InterruptedException {
            Status status = ended.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(status).as("the stream ended").isNotNull();
            return status;
        }

        void close() {
            out.onCompleted();
        }
    }
}
