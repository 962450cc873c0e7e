package io.mesosbridge.operator.tasks;

import io.mesosbridge.operator.namespaces.TaskNamespaces;
import io.mesosbridge.conventions.RoleNamespaces;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.mesosbridge.conventions.KubernetesKeys;
import io.mesosbridge.conventions.TaskNames;
import io.mesosbridge.crds.MesosTask;
import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.AgentID;
import io.mesosbridge.mesos.v1.Protos.CommandInfo;
import io.mesosbridge.mesos.v1.Protos.ContainerInfo;
import io.mesosbridge.mesos.v1.Protos.ExecutorID;
import io.mesosbridge.mesos.v1.Protos.ExecutorInfo;
import io.mesosbridge.mesos.v1.Protos.FrameworkID;
import io.mesosbridge.mesos.v1.Protos.FrameworkInfo;
import io.mesosbridge.mesos.v1.Protos.Offer.Operation;
import io.mesosbridge.mesos.v1.Protos.TaskGroupInfo;
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
    private static final TaskNamespaces NAMESPACES = new TaskNamespaces(null, RoleNamespaces.single("mesos"), true,
            Map.of());

    private final List<MesosTask> created = new ArrayList<>();
    private final List<String> deleted = new ArrayList<>();
    private final Map<String, TaskStatus> told = new LinkedHashMap<>();
    private Predicate<String> storeFailsFor = taskId -> false;
    private Predicate<TaskStatus> channelFailsFor = status -> false;

    private final MesosTaskStore store = new MesosTaskStore(null, NAMESPACES) {
        @Override
        public MesosTask create(MesosTask task) {
            if (storeFailsFor.test(task.getSpec().getTaskId())) {
                throw new IllegalStateException("the store broke");
            }
            created.add(task);
            return task;
        }

        @Override
        public void delete(MesosTask task) {
            deleted.add(task.getSpec().getTaskId());
        }
    };
    private final MasterCounters counters = new MasterCounters();
    /** alice may run tasks as nobody only. */
    private final LocalAuthorizer authorizer = new LocalAuthorizer(Acls.parse(
            "{\"run_tasks\": [{\"principals\": {\"values\": [\"alice\"]}, \"users\": {\"values\": [\"nobody\"]}},"
                    + " {\"principals\": {\"values\": [\"alice\"]}, \"users\": {\"type\": \"NONE\"}}]}", "test"));
    private final TaskLauncher launcher = new TaskLauncher(store, NAMESPACES, PodSettings.defaults(),
            new StatusUpdates(store, config(), null, null, counters, null), counters, authorizer,
            (frameworkId, executorId) -> Optional.empty(), 5051, null);
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
    void aTaskWithInvalidResourcesIsTaskErrorNotDroppedAndTheOthersLaunch() {
        TaskInfo negative = TaskInfo.newBuilder(task("negative")).clearResources()
                .addResources(Protos.Resource.newBuilder().setName("cpus").setType(Protos.Value.Type.SCALAR)
                        .setScalar(Protos.Value.Scalar.newBuilder().setValue(-1)))
                .addResources(Resources.scalar("mem", 32)).build();

        launch(task("before"), negative, task("after"));

        assertThat(created).extracting(t -> t.getSpec().getTaskId()).containsExactly("before", "after");
        assertThat(told.get("negative").getState()).isEqualTo(TaskState.TASK_ERROR);
        assertThat(told.get("negative").getReason()).isEqualTo(TaskStatus.Reason.REASON_TASK_INVALID);
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
        TaskLauncher anyUser = new TaskLauncher(store, NAMESPACES, PodSettings.defaults(),
                new StatusUpdates(store, config(), null, null, counters, null), counters,
                new LocalAuthorizer(Acls.none()), (frameworkId, executorId) -> Optional.empty(), 5051, null);
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

    @Test
    void aTaskGroupBecomesOneMesosTaskPerTaskAllPointingAtTheGroupsPod() {
        Resources left = launcher.launch(framework, List.of(offer()), launchingGroup(executor(), task("a"),
                task("b"), task("c")));

        String podName = TaskNames.executorPodName(framework.id(), "default");
        assertThat(created).extracting(t -> t.getSpec().getTaskId()).containsExactly("a", "b", "c");
        assertThat(created).allSatisfy(t -> {
            assertThat(t.getSpec().getPodName()).isEqualTo(podName);
            assertThat(t.getSpec().getGroupTaskIds()).containsExactly("a", "b", "c");
            assertThat(MesosTaskStore.executorIdOf(t)).isEqualTo("default");
            assertThat(t.getMetadata().getLabels()).containsEntry(KubernetesKeys.EXECUTOR_LABEL, podName);
        });
        assertThat(created).extracting(t -> t.getSpec().getContainerName()).containsExactly("a", "b", "c");
        assertThat(told).isEmpty();
        assertThat(left.scalar("cpus")).isCloseTo(4 - 0.1 - 3 * 0.1, offset(1e-9));
        assertThat(left.scalar("mem")).isEqualTo(4096 - 32 - 3 * 32);
    }

    @Test
    void oneInvalidTaskRefusesTheWholeGroupWithOneMessage() {
        TaskInfo elsewhere = task("b").toBuilder().setAgentId(AgentID.newBuilder().setValue("elsewhere")).build();

        launcher.launch(framework, List.of(offer()), launchingGroup(executor(), task("a"), elsewhere, task("c")));

        assertThat(created).isEmpty();
        assertThat(told.keySet()).containsExactly("a", "b", "c");
        assertThat(told.values()).allSatisfy(status -> {
            assertThat(status.getState()).isEqualTo(TaskState.TASK_ERROR);
            assertThat(status.getReason()).isEqualTo(TaskStatus.Reason.REASON_TASK_GROUP_INVALID);
            assertThat(status.getMessage()).isEqualTo("Task 'b' is invalid: Task uses invalid agent: elsewhere");
        });
    }

    @Test
    void aGroupWithAUserTheAclRefusesIsUnauthorizedAsAWhole() {
        TaskInfo asRoot = task("b").toBuilder().setCommand(CommandInfo.newBuilder().setValue("true").setUser("root"))
                .build();

        launcher.launch(framework, List.of(offer()), launchingGroup(executor(), task("a"), asRoot));

        assertThat(created).isEmpty();
        assertThat(told.values()).extracting(TaskStatus::getReason)
                .containsExactly(TaskStatus.Reason.REASON_TASK_GROUP_UNAUTHORIZED,
                        TaskStatus.Reason.REASON_TASK_GROUP_UNAUTHORIZED);
    }

    @Test
    void aGroupTheStoreFailsOnHalfwayLeavesNoTaskBehind() {
        storeFailsFor = "b"::equals;

        launcher.launch(framework, List.of(offer()), launchingGroup(executor(), task("a"), task("b")));

        // TASK_DROPPED, told as TASK_LOST to a framework that is not partition-aware
        assertThat(told.values()).extracting(TaskStatus::getState)
                .containsExactly(TaskState.TASK_LOST, TaskState.TASK_LOST);
        assertThat(deleted).containsExactly("a");
    }

    private static List<Operation> launchingGroup(ExecutorInfo executor, TaskInfo... tasks) {
        return List.of(Operation.newBuilder().setType(Operation.Type.LAUNCH_GROUP)
                .setLaunchGroup(Operation.LaunchGroup.newBuilder().setExecutor(executor)
                        .setTaskGroup(TaskGroupInfo.newBuilder().addAllTasks(List.of(tasks)))).build());
    }

    private ExecutorInfo executor() {
        return ExecutorInfo.newBuilder().setType(ExecutorInfo.Type.DEFAULT)
                .setExecutorId(ExecutorID.newBuilder().setValue("default"))
                .setFrameworkId(FrameworkID.newBuilder().setValue(framework.id()))
                .addResources(Resources.scalar("cpus", 0.1)).addResources(Resources.scalar("mem", 32))
                .addResources(Resources.scalar("disk", 10)).build();
    }

    @Test
    void aTaskOfACustomExecutorIsStoredForTheExecutorsPodWithItsFrameworkFilledIn() {
        TaskInfo task = task("in-executor").toBuilder().clearCommand().setExecutor(customExecutor()).build();

        Resources left = launcher.launch(framework, List.of(offer()), launching(task));

        assertThat(told).doesNotContainKey("in-executor");
        MesosTask stored = created.get(0);
        assertThat(MesosTaskStore.isCustomExecutorTask(stored)).isTrue();
        assertThat(MesosTaskStore.executorIdOf(stored)).isEqualTo("exec");
        assertThat(stored.getSpec().getExecutorInfo().path("framework_id").path("value").asText()).isEqualTo("fw-1");
        assertThat(stored.getSpec().getPodName()).isEqualTo(TaskNames.executorPodName("fw-1", "exec"));
        assertThat(stored.getMetadata().getLabels()).containsEntry(KubernetesKeys.EXECUTOR_LABEL,
                TaskNames.executorPodName("fw-1", "exec"));
        assertThat(left.scalar("cpus")).as("the task's and its new executor's").isCloseTo(3.5, offset(1e-9));
    }

    @Test
    void aTaskForARunningExecutorAsksOnlyForItsOwnResources() {
        ExecutorInfo running = customExecutor().toBuilder().setFrameworkId(FrameworkID.newBuilder().setValue("fw-1"))
                .build();
        TaskLauncher withExecutor = new TaskLauncher(store, NAMESPACES, PodSettings.defaults(),
                new StatusUpdates(store, config(), null, null, counters, null), counters, authorizer,
                (frameworkId, executorId) -> Optional.of(new RunningExecutor(running, AGENT, "mesos")), 5051, null);
        TaskInfo task = task("second").toBuilder().clearCommand().setExecutor(customExecutor()).build();

        Resources left = withExecutor.launch(framework, List.of(offer()), launching(task));

        assertThat(created).extracting(t -> t.getSpec().getTaskId()).containsExactly("second");
        assertThat(left.scalar("cpus")).isCloseTo(3.9, offset(1e-9));
    }

    @Test
    void aGroupOfACustomExecutorIsStoredForThatExecutor() {
        ExecutorInfo custom = executor().toBuilder().setType(ExecutorInfo.Type.CUSTOM)
                .setCommand(CommandInfo.newBuilder().setValue("./executor")).build();

        launcher.launch(framework, List.of(offer()), launchingGroup(custom, task("g1"), task("g2")));

        assertThat(told).isEmpty();
        assertThat(created).extracting(t -> t.getSpec().getTaskId()).containsExactly("g1", "g2");
        assertThat(created).allSatisfy(t -> {
            assertThat(MesosTaskStore.isCustomExecutorTask(t)).isTrue();
            assertThat(t.getSpec().getGroupTaskIds()).containsExactly("g1", "g2");
        });
    }

    @Test
    void aTaskGoesToItsRolesNamespaceLabelledForTheBridgeAndKeepsItsRole() {
        List<String> prepared = new ArrayList<>();
        TaskLauncher prefixed = launcherWith(new TaskNamespaces(null, RoleNamespaces.prefixed("mesos", "mesos-"),
                true, Map.of()) {
            @Override
            public Optional<String> prepare(String namespace, String role) {
                prepared.add(role + "=" + namespace);
                return Optional.empty();
            }
        }, (frameworkId, executorId) -> Optional.empty());

        prefixed.launch(framework, List.of(offer("dev")), launching(task("t1")));

        assertThat(prepared).containsExactly("dev=mesos-dev");
        assertThat(created).singleElement().satisfies(task -> {
            assertThat(task.getMetadata().getNamespace()).isEqualTo("mesos-dev");
            assertThat(task.getMetadata().getLabels()).containsEntry(KubernetesKeys.BRIDGE_LABEL, "mesos");
            assertThat(task.getSpec().getRole()).isEqualTo("dev");
        });
    }

    @Test
    void aTaskOfARoleWithoutANamespaceIsTaskErrorAndNothingIsStored() {
        TaskLauncher table = launcherWith(new TaskNamespaces(null, RoleNamespaces.table("mesos", "dev=team-dev"),
                true, Map.of()), (frameworkId, executorId) -> Optional.empty());

        table.launch(framework, List.of(offer("ops")), launching(task("t1")));
        table.launch(framework, List.of(offer("ops")), launchingGroup(executor(), task("g1")));

        assertThat(created).isEmpty();
        assertThat(told.get("t1").getState()).isEqualTo(TaskState.TASK_ERROR);
        assertThat(told.get("t1").getReason()).isEqualTo(TaskStatus.Reason.REASON_TASK_INVALID);
        assertThat(told.get("t1").getMessage()).isEqualTo(TaskNamespaces.noNamespace("ops"));
        assertThat(told.get("g1").getState()).isEqualTo(TaskState.TASK_ERROR);
        assertThat(told.get("g1").getReason()).isEqualTo(TaskStatus.Reason.REASON_TASK_GROUP_INVALID);
        assertThat(told.get("g1").getMessage()).isEqualTo(TaskNamespaces.noNamespace("ops"));
    }

    @Test
    void aTaskWhoseNamespaceCannotBeMadeReadyIsTaskErrorWithWhy() {
        TaskLauncher required = launcherWith(new TaskNamespaces(null, RoleNamespaces.prefixed("mesos", "mesos-"),
                false, Map.of()) {
            @Override
            public Optional<String> prepare(String namespace, String role) {
                return Optional.of("Namespace '" + namespace + "' is missing");
            }
        }, (frameworkId, executorId) -> Optional.empty());

        required.launch(framework, List.of(offer("dev")), launching(task("t1")));

        assertThat(created).isEmpty();
        assertThat(told.get("t1").getState()).isEqualTo(TaskState.TASK_ERROR);
        assertThat(told.get("t1").getMessage()).isEqualTo("Namespace 'mesos-dev' is missing");
    }

    @Test
    void aTaskCannotJoinAnExecutorRunningInAnotherRolesNamespace() {
        ExecutorInfo running = customExecutor().toBuilder().setFrameworkId(FrameworkID.newBuilder().setValue("fw-1"))
                .build();
        TaskLauncher prefixed = launcherWith(new TaskNamespaces(null, RoleNamespaces.prefixed("mesos", "mesos-"),
                true, Map.of()) {
            @Override
            public Optional<String> prepare(String namespace, String role) {
                return Optional.empty();
            }
        }, (frameworkId, executorId) -> Optional.of(new RunningExecutor(running, AGENT, "mesos-ops")));

        prefixed.launch(framework, List.of(offer("dev")), launching(task("second").toBuilder().clearCommand()
                .setExecutor(customExecutor()).build()));

        assertThat(created).isEmpty();
        assertThat(told.get("second").getState()).isEqualTo(TaskState.TASK_ERROR);
        assertThat(told.get("second").getMessage()).isEqualTo("Executor 'exec' runs in namespace 'mesos-ops', not in"
                + " namespace 'mesos-dev' of role 'dev'");
    }

    private TaskLauncher launcherWith(TaskNamespaces namespaces,
                                      java.util.function.BiFunction<String, String, Optional<RunningExecutor>> running) {
        return new TaskLauncher(store, namespaces, PodSettings.defaults(),
                new StatusUpdates(store, config(), null, null, counters, null), counters, authorizer, running, 5051, null);
    }

    private static ExecutorInfo customExecutor() {
        return ExecutorInfo.newBuilder().setType(ExecutorInfo.Type.CUSTOM)
                .setExecutorId(ExecutorID.newBuilder().setValue("exec"))
                .setCommand(CommandInfo.newBuilder().setValue("./executor"))
                .addResources(Resources.scalar("cpus", 0.4)).addResources(Resources.scalar("mem", 32))
                .build();
    }

    private void launch(TaskInfo... tasks) {
        launcher.launch(framework, List.of(offer()), launching(tasks));
    }

    private Offer offer() {
        return offer("*");
    }

    private Offer offer(String role) {
        return new Offer("offer-1", framework.id(), AGENT, "node-1", "node-1", "10.0.0.1",
                Resources.of(Resources.scalar("cpus", 4), Resources.scalar("mem", 4096), Resources.scalar("disk", 100),
                        Resources.ranges("ports", 31000, 31010)), List.of(), role, false);
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
