package io.mesosbridge.operator.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesosbridge.conventions.KubernetesKeys;
import io.mesosbridge.crds.MesosTask;
import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.v1.Protos.AgentID;
import io.mesosbridge.mesos.v1.Protos.CommandInfo;
import io.mesosbridge.mesos.v1.Protos.ContainerInfo;
import io.mesosbridge.mesos.v1.Protos.FrameworkInfo;
import io.mesosbridge.mesos.v1.Protos.Offer.Operation;
import io.mesosbridge.mesos.v1.Protos.TaskID;
import io.mesosbridge.mesos.v1.Protos.TaskInfo;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;
import io.mesosbridge.mesos.v1.scheduler.Protos.Event;
import io.mesosbridge.operator.authorization.Acls;
import io.mesosbridge.operator.authorization.LocalAuthorizer;
import io.mesosbridge.operator.config.BridgeConfig;
import io.mesosbridge.operator.counters.MasterCounters;
import io.mesosbridge.operator.frameworks.Framework;
import io.mesosbridge.operator.frameworks.FrameworkChannel;
import io.mesosbridge.operator.offers.Offer;
import io.mesosbridge.operator.pods.PodSettings;
import io.mesosbridge.operator.store.MesosTaskStore;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Each task of an ACCEPT has its own outcome: whatever one task does, the others launch and the call succeeds. */
class TaskLauncherTest {

    private static final String AGENT = "agent-1";

    private final List<MesosTask> created = new ArrayList<>();
    private final Map<String, TaskStatus> told = new LinkedHashMap<>();
    private Predicate<String> storeFailsFor = taskId -> false;
    private Predicate<TaskStatus> channelFailsFor = status -> false;

    private final MesosTaskStore store = new MesosTaskStore(null, config()) {
        @Override
        public MesosTask create(MesosTask task) {
            if (storeFailsFor.test(task.getSpec().getTaskId())) {
                throw new IllegalStateException("the store broke");
            }
            created.add(task);
            return task;
        }
    };
    private final MasterCounters counters = new MasterCounters();
    /** alice may run tasks as nobody only. */
    private final LocalAuthorizer authorizer = new LocalAuthorizer(Acls.parse(
            "{\"run_tasks\": [{\"principals\": {\"values\": [\"alice\"]}, \"users\": {\"values\": [\"nobody\"]}},"
                    + " {\"principals\": {\"values\": [\"alice\"]}, \"users\": {\"type\": \"NONE\"}}]}", "test"));
    private final TaskLauncher launcher = new TaskLauncher(store, "mesos", PodSettings.defaults(),
            new StatusUpdates(store, config(), null, null, counters, null), counters, authorizer);
    private final Framework framework = new Framework("fw-1",
            FrameworkInfo.newBuilder().setUser("nobody").setName("test").setPrincipal("alice").build());

    TaskLauncherTest() {
        framework.connect(new RecordingChannel());
    }

    @Test
    void aTaskWithAHostPortOutsideItsResourcesIsTaskErrorAndTheOthersLaunch() {
        TaskInfo outside = task("outside").toBuilder().addResources(Resources.ranges("ports", 31000, 31000))
                .setContainer(ContainerInfo.newBuilder().setType(ContainerInfo.Type.DOCKER)
                        .setDocker(ContainerInfo.DockerInfo.newBuilder().setImage("busybox")
                                .setNetwork(ContainerInfo.DockerInfo.Network.BRIDGE)
                                .addPortMappings(ContainerInfo.DockerInfo.PortMapping.newBuilder()
                                        .setHostPort(31005).setContainerPort(80))))
                .build();

        launch(task("before"), outside, task("after"));

        assertThat(created).extracting(t -> t.getSpec().getTaskId()).containsExactly("before", "after");
        assertThat(told.get("outside").getState()).isEqualTo(TaskState.TASK_ERROR);
        assertThat(told.get("outside").getReason()).isEqualTo(TaskStatus.Reason.REASON_TASK_INVALID);
        assertThat(told.get("outside").getMessage()).isEqualTo("Port [31005] not included in resources");
    }

    @Test
    void aTaskTheStoreFailsOnIsDroppedAndTheOthersLaunch() {
        storeFailsFor = "broken"::equals;

        launch(task("before"), task("broken"), task("after"));

        assertThat(created).extracting(t -> t.getSpec().getTaskId()).containsExactly("before", "after");
        assertThat(told.get("broken").getState()).isEqualTo(TaskState.TASK_LOST);
        assertThat(told.get("broken").getMessage()).isEqualTo("The master failed to launch the task");
    }

    @Test
    void aChannelThatFailsWhileOneTaskIsRefusedStopsNeitherTheAcceptNorTheOtherTasks() {
        channelFailsFor = status -> status.getTaskId().getValue().equals("invalid");

        launch(task("before"), task("invalid").toBuilder().setAgentId(AgentID.newBuilder().setValue("elsewhere"))
                .build(), task("after"));

        assertThat(created).extracting(t -> t.getSpec().getTaskId()).containsExactly("before", "after");
    }

    @Test
    void theTaskRecordsTheMesosUserItRunsAs() {
        TaskLauncher anyUser = new TaskLauncher(store, "mesos", PodSettings.defaults(),
                new StatusUpdates(store, config(), null, null, counters, null), counters,
                new LocalAuthorizer(Acls.none()));
        anyUser.launch(framework, List.of(offer()), launching(task("framework-user"), task("own-user").toBuilder()
                .setCommand(task("own-user").getCommand().toBuilder().setUser("root")).build()));

        assertThat(created).extracting(t -> t.getMetadata().getAnnotations().get(KubernetesKeys.TASK_USER_ANNOTATION))
                .containsExactly("nobody", "root");
    }

    @Test
    void aTaskAsAUserTheRunTasksAclDoesNotAllowIsUnauthorizedAndTheOthersLaunch() {
        launch(task("before"), task("as-root").toBuilder()
                .setCommand(task("as-root").getCommand().toBuilder().setUser("root")).build(), task("after"));

        assertThat(created).extracting(t -> t.getSpec().getTaskId()).containsExactly("before", "after");
        assertThat(told.get("as-root").getState()).isEqualTo(TaskState.TASK_ERROR);
        assertThat(told.get("as-root").getReason()).isEqualTo(TaskStatus.Reason.REASON_TASK_UNAUTHORIZED);
        assertThat(told.get("as-root").getMessage()).isEqualTo("Not authorized to launch as user 'root'");
    }

    private void launch(TaskInfo... tasks) {
        launcher.launch(framework, List.of(offer()), launching(tasks));
    }

    private Offer offer() {
        return new Offer("offer-1", framework.id(), AGENT, "node-1", "node-1", "10.0.0.1",
                Resources.of(Resources.scalar("cpus", 4), Resources.scalar("mem", 4096),
                        Resources.ranges("ports", 31000, 31010)), List.of(), "*", false);
    }

    private static List<Operation> launching(TaskInfo... tasks) {
        return List.of(Operation.newBuilder().setType(Operation.Type.LAUNCH)
                .setLaunch(Operation.Launch.newBuilder().addAllTaskInfos(List.of(tasks))).build());
    }

    private static TaskInfo task(String id) {
        return TaskInfo.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id))
                .setAgentId(AgentID.newBuilder().setValue(AGENT))
                .addResources(Resources.scalar("cpus", 0.1)).addResources(Resources.scalar("mem", 32))
                .setCommand(CommandInfo.newBuilder().setValue("true"))
                .build();
    }

    private static BridgeConfig config() {
        return (BridgeConfig) Proxy.newProxyInstance(BridgeConfig.class.getClassLoader(),
                new Class<?>[] {BridgeConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "namespace" -> "mesos";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private final class RecordingChannel implements FrameworkChannel {

        @Override
        public boolean send(Event event) {
            if (event.getType() == Event.Type.UPDATE) {
                TaskStatus status = event.getUpdate().getStatus();
                if (channelFailsFor.test(status)) {
                    throw new IllegalStateException("the channel broke");
                }
                told.put(status.getTaskId().getValue(), status);
            }
            return true;
        }

        @Override
        public void fail(String message) {
        }

        @Override
        public void close() {
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public int queuedEvents() {
            return 0;
        }

        @Override
        public boolean wantsHeartbeats() {
            return false;
        }

        @Override
        public Optional<String> pid() {
            return Optional.empty();
        }
    }
}
