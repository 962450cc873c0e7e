package io.mesosbridge.operator.executors;

import io.mesosbridge.operator.namespaces.TaskNamespaces;
import io.mesosbridge.conventions.RoleNamespaces;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.mesosbridge.conventions.TaskNames;
import io.mesosbridge.crds.MesosTask;
import io.mesosbridge.crds.MesosTaskSpec;
import io.mesosbridge.mesos.json.MesosJson;
import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.v1.Protos.AgentID;
import io.mesosbridge.mesos.v1.Protos.CommandInfo;
import io.mesosbridge.mesos.v1.Protos.ExecutorID;
import io.mesosbridge.mesos.v1.Protos.ExecutorInfo;
import io.mesosbridge.mesos.v1.Protos.FrameworkID;
import io.mesosbridge.mesos.v1.Protos.FrameworkInfo;
import io.mesosbridge.mesos.v1.Protos.KillPolicy;
import io.mesosbridge.mesos.v1.Protos.TaskGroupInfo;
import io.mesosbridge.mesos.v1.Protos.TaskID;
import io.mesosbridge.mesos.v1.Protos.TaskInfo;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;
import io.mesosbridge.operator.agents.Agent;
import io.mesosbridge.operator.agents.AgentDirectory;
import io.mesosbridge.operator.cluster.ClusterView;
import io.mesosbridge.operator.config.BridgeConfig;
import io.mesosbridge.operator.counters.MasterCounters;
import io.mesosbridge.operator.frameworks.Framework;
import io.mesosbridge.operator.frameworks.FrameworkRegistry;
import io.mesosbridge.operator.pods.ExecutorPodTarget;
import io.mesosbridge.operator.pods.PodSettings;
import io.mesosbridge.operator.pods.TaskPods;
import io.mesosbridge.operator.store.MesosTaskStore;
import io.mesosbridge.operator.tasks.StatusUpdates;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Which executor is subscribed where, and what goes to it when: the routing of the master's messages. */
class ExecutorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TaskNamespaces NAMESPACES = new TaskNamespaces(null, RoleNamespaces.single("mesos"), true, Map.of());
    private static final String FRAMEWORK = "fw-1";
    private static final FrameworkID FRAMEWORK_ID = FrameworkID.newBuilder().setValue(FRAMEWORK).build();
    private static final ExecutorID EXECUTOR_ID = ExecutorID.newBuilder().setValue("exec").build();

    private final List<String> sent = new ArrayList<>();
    private final List<TaskStatus> recorded = new ArrayList<>();
    private final Map<String, Pod> pods = new HashMap<>();
    private final Map<String, MesosTask> tasks = new HashMap<>();
    private final MesosTaskStore store = new MesosTaskStore(null, NAMESPACES) {
        @Override
        public Optional<MesosTask> find(String frameworkId, String taskId) {
            return Optional.ofNullable(tasks.get(taskId));
        }

        @Override
        public List<MesosTask> ofExecutor(String frameworkId, String executorId) {
            return tasks.values().stream().filter(task -> executorId.equals(MesosTaskStore.executorIdOf(task)))
                    .toList();
        }
    };
    private final Executors executors = new Executors(store,
            new StatusUpdates(store, config(), null, null, null, null) {
                @Override
                public void recordFromExecutor(MesosTask task, TaskStatus status) {
                    recorded.add(status);
                }
            },
            new FrameworkRegistry(null, config()) {
                @Override
                public Optional<Framework> get(String id) {
                    return FRAMEWORK.equals(id) ? Optional.of(new Framework(FRAMEWORK,
                            FrameworkInfo.newBuilder().setUser("nobody").setName("test").build())) : Optional.empty();
                }
            },
            new AgentDirectory(null, null, null, config(), null) {
                @Override
                public Optional<Agent> byNode(String nodeName) {
                    return nodeName.startsWith("node-") ? Optional.of(agent(nodeName)) : Optional.empty();
                }

                @Override
                public Optional<Agent> byId(String agentId) {
                    return Optional.of(agent("node-" + agentId.substring("agent-".length())));
                }
            },
            new ClusterView(null, config()) {
                @Override
                public List<Pod> podsNamed(String name) {
                    return pods.containsKey(name) ? List.of(pods.get(name)) : List.of();
                }
            },
            new RecordingLink(), new MasterCounters(), NAMESPACES, null);

    @Test
    void anExecutorWithoutItsPodOnTheNodeIsRefused() {
        Subscription answer = executors.subscribed("node-1", FRAMEWORK_ID, EXECUTOR_ID, List.of(), List.of(),
                accepted -> sent.add("accepted"));

        assertThat(answer).isEqualTo(new Subscription.Refused("Executor exec of framework fw-1 is not known on"
                + " agent node-1"));
        pods.put(podName(), executorPod("node-2"));
        assertThat(executors.subscribed("node-1", FRAMEWORK_ID, EXECUTOR_ID, List.of(), List.of(), accepted -> {
        })).as("its Pod runs on another node").isInstanceOf(Subscription.Refused.class);
        assertThat(executors.subscribed("node-2", FrameworkID.newBuilder().setValue("fw-gone").build(),
                EXECUTOR_ID, List.of(), List.of(), accepted -> {
                })).isEqualTo(new Subscription.Refused("Framework fw-gone is not registered"));
        assertThat(sent).isEmpty();
    }

    @Test
    void aSubscribedExecutorIsAnsweredFirstThenGetsEachTaskItHasNotGotOnce() {
        pods.put(podName(), executorPod("node-1"));
        MesosTask queued = task("queued");
        MesosTask launchedBefore = task("launched-before");
        executors.launch(queued);
        assertThat(sent).as("nothing goes before the executor subscribes").isEmpty();

        Subscription answer = executors.subscribed("node-1", FRAMEWORK_ID, EXECUTOR_ID,
                List.of(store.taskInfo(launchedBefore)), List.of(update("launched-before")),
                accepted -> sent.add("accepted"));
        executors.launch(queued);

        assertThat(answer).isInstanceOfSatisfying(Subscription.Accepted.class, accepted -> {
            assertThat(accepted.containerId().getValue()).isEqualTo("pod-uid");
            assertThat(accepted.executorInfo().getExecutorId()).isEqualTo(EXECUTOR_ID);
            assertThat(accepted.agentInfo().getId().getValue()).isEqualTo("agent-1");
        });
        assertThat(sent).containsExactly("accepted", "launch queued@node-1");
        assertThat(recorded).extracting(status -> status.getTaskId().getValue()).containsExactly("launched-before");
    }

    @Test
    void killsAndMessagesGoToTheNodeTheExecutorSubscribedThrough() {
        pods.put(podName(), executorPod("node-1"));
        MesosTask task = task("t");
        assertThat(executors.kill(task)).as("not subscribed: the kill cannot reach it").isFalse();
        assertThat(executors.frameworkMessage(FRAMEWORK, AgentID.newBuilder().setValue("agent-1").build(),
                EXECUTOR_ID, ByteString.copyFromUtf8("hi"))).isFalse();

        executors.subscribed("node-1", FRAMEWORK_ID, EXECUTOR_ID, List.of(store.taskInfo(task)), List.of(),
                accepted -> { });
        assertThat(executors.frameworkMessage(FRAMEWORK, AgentID.newBuilder().setValue("agent-2").build(),
                EXECUTOR_ID, ByteString.copyFromUtf8("hi"))).as("not on that agent").isFalse();
        assertThat(executors.frameworkMessage(FRAMEWORK, AgentID.newBuilder().setValue("agent-1").build(),
                EXECUTOR_ID, ByteString.copyFromUtf8("hi"))).isTrue();
        assertThat(executors.kill(task)).isTrue();
        assertThat(executors.kill(task)).isTrue();
        assertThat(sent).containsExactly("message hi@node-1", "kill t@node-1");

        executors.disconnected("node-1", FRAMEWORK, "exec");
        assertThat(executors.kill(task)).isFalse();
    }

    private static String podName() {
        return TaskNames.executorPodName(FRAMEWORK, "exec");
    }

    private static ExecutorInfo executorInfo() {
        return ExecutorInfo.newBuilder().setType(ExecutorInfo.Type.CUSTOM).setExecutorId(EXECUTOR_ID)
                .setFrameworkId(FRAMEWORK_ID).setCommand(CommandInfo.newBuilder().setValue("./executor"))
                .addResources(Resources.scalar("cpus", 0.1)).build();
    }

    private static Pod executorPod(String nodeName) {
        Pod pod = TaskPods.executorPodFor(executorInfo(), List.of(), new ExecutorPodTarget(FRAMEWORK, nodeName,
                "agent-" + nodeName.substring("node-".length()), "mesos", podName(), "nobody", 5051, null),
                PodSettings.defaults());
        return new PodBuilder(pod).editMetadata().withUid("pod-uid").endMetadata().build();
    }

    private MesosTask task(String taskId) {
        TaskInfo info = TaskInfo.newBuilder().setName(taskId).setTaskId(TaskID.newBuilder().setValue(taskId))
                .setAgentId(AgentID.newBuilder().setValue("agent-1")).setExecutor(executorInfo()).build();
        MesosTask task = new MesosTask();
        task.setMetadata(new ObjectMetaBuilder().withName(TaskNames.objectName(FRAMEWORK, taskId))
                .withUid("uid-" + taskId).build());
        MesosTaskSpec spec = new MesosTaskSpec();
        spec.setFrameworkId(FRAMEWORK);
        spec.setTaskId(taskId);
        spec.setAgentId("agent-1");
        spec.setNodeName("node-1");
        spec.setPodName(podName());
        try {
            spec.setTaskInfo(JSON.readTree(MesosJson.print(info)));
            spec.setExecutorInfo(JSON.readTree(MesosJson.print(executorInfo())));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        task.setSpec(spec);
        tasks.put(taskId, task);
        return task;
    }

    private static TaskStatus update(String taskId) {
        return TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue(taskId))
                .setState(io.mesosbridge.mesos.v1.Protos.TaskState.TASK_RUNNING).build();
    }

    private static Agent agent(String nodeName) {
        String id = "agent-" + nodeName.substring("node-".length());
        return new Agent(id, nodeName, nodeName, "10.0.0.1", Resources.empty(), Resources.empty(), List.of(), true);
    }

    private static BridgeConfig config() {
        return (BridgeConfig) Proxy.newProxyInstance(BridgeConfig.class.getClassLoader(),
                new Class<?>[] {BridgeConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "namespace" -> "mesos";
                    case "agentNodeSelector" -> Optional.empty();
                    case "portRange" -> "[31000-32000]";
                    case "maxCompletedFrameworks", "maxFrameworks", "maxSubscriptionsPerPrincipal" -> 10;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private final class RecordingLink implements ExecutorLink {

        @Override
        public boolean launch(String nodeName, FrameworkID frameworkId, ExecutorID executorId, TaskInfo task) {
            return sent.add("launch " + task.getTaskId().getValue() + "@" + nodeName);
        }

        @Override
        public boolean launchGroup(String nodeName, FrameworkID frameworkId, ExecutorID executorId,
                                   TaskGroupInfo group) {
            return sent.add("launch group@" + nodeName);
        }

        @Override
        public boolean kill(String nodeName, FrameworkID frameworkId, ExecutorID executorId, TaskID taskId,
                            KillPolicy killPolicy) {
            return sent.add("kill " + taskId.getValue() + "@" + nodeName);
        }

        @Override
        public boolean frameworkMessage(String nodeName, FrameworkID frameworkId, ExecutorID executorId,
                                        ByteString data) {
            return sent.add("message " + data.toStringUtf8() + "@" + nodeName);
        }

        @Override
        public boolean shutdown(String nodeName, FrameworkID frameworkId, ExecutorID executorId) {
            return sent.add("shutdown@" + nodeName);
        }
    }
}
