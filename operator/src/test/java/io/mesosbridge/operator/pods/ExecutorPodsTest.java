package io.mesosbridge.operator.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.mesosbridge.conventions.KubernetesKeys;
import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.v1.Protos.AgentID;
import io.mesosbridge.mesos.v1.Protos.CommandInfo;
import io.mesosbridge.mesos.v1.Protos.DurationInfo;
import io.mesosbridge.mesos.v1.Protos.Environment;
import io.mesosbridge.mesos.v1.Protos.ExecutorID;
import io.mesosbridge.mesos.v1.Protos.ExecutorInfo;
import io.mesosbridge.mesos.v1.Protos.FrameworkID;
import io.mesosbridge.mesos.v1.Protos.TaskID;
import io.mesosbridge.mesos.v1.Protos.TaskInfo;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A custom executor's Pod: its command, the executor environment of a Mesos agent, and how its end is read. */
class ExecutorPodsTest {

    private static final ExecutorPodTarget TARGET = new ExecutorPodTarget("fw-1", "node-7", "agent-7", "mesos",
            "me-0123456789abcdef0123", "nobody", 5051, null);
    private static final PodSettings SETTINGS = PodSettings.defaults().withFetcherImage("fetcher:1");

    @Test
    void theExecutorPodRunsItsCommandOnTheOfferedNodeWithTheExecutorEnvironment() {
        Pod pod = TaskPods.executorPodFor(executor().build(), List.of(task()), TARGET, SETTINGS);

        assertThat(pod.getMetadata().getName()).isEqualTo("me-0123456789abcdef0123");
        assertThat(pod.getMetadata().getOwnerReferences()).as("it outlives each of its tasks").isEmpty();
        assertThat(pod.getMetadata().getLabels()).containsEntry(KubernetesKeys.EXECUTOR_LABEL,
                "me-0123456789abcdef0123");
        assertThat(pod.getSpec().getNodeName()).isEqualTo("node-7");
        assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getSpec().getTerminationGracePeriodSeconds()).as("Mesos's default 5 s").isEqualTo(5L);
        Container container = pod.getSpec().getContainers().get(0);
        assertThat(container.getName()).isEqualTo(TaskPods.EXECUTOR_CONTAINER_NAME);
        assertThat(container.getCommand()).containsExactly("/bin/sh", "-c", "./my-executor --verbose");
        Map<String, String> env = env(container);
        assertThat(env).containsEntry("MESOS_FRAMEWORK_ID", "fw-1")
                .containsEntry("MESOS_EXECUTOR_ID", "exec")
                .containsEntry("MESOS_AGENT_ID", "agent-7")
                .containsEntry("MESOS_SLAVE_ID", "agent-7")
                .containsEntry("MESOS_AGENT_ENDPOINT", "$(MESOS_BRIDGE_HOST_IP):5051")
                .containsEntry("MESOS_SLAVE_PID", "slave(1)@$(MESOS_BRIDGE_HOST_IP):5051")
                .containsEntry("MESOS_DIRECTORY", "/mnt/mesos/sandbox")
                .containsEntry("MESOS_SANDBOX", "/mnt/mesos/sandbox")
                .containsEntry("MESOS_CHECKPOINT", "0")
                .containsEntry("MESOS_HTTP_COMMAND_EXECUTOR", "0")
                .containsEntry("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "5secs")
                .containsEntry("MESOS_SUBSCRIPTION_BACKOFF_MAX", "2secs")
                .containsEntry("EXECUTOR_SETTING", "on")
                .doesNotContainKey("MESOS_TASK_ID");
        EnvVar hostIp = container.getEnv().get(0);
        assertThat(hostIp.getName()).as("defined before the variables that refer to it")
                .isEqualTo("MESOS_BRIDGE_HOST_IP");
        assertThat(hostIp.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("status.hostIP");
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    }

    @Test
    void theExecutorIsToldTheEndpointItsNodesAgentRegisteredWith() {
        ExecutorPodTarget registered = new ExecutorPodTarget("fw-1", "node-7", "agent-7", "mesos",
                "me-0123456789abcdef0123", "nobody", 5051, "10.0.0.7:5151");

        Pod pod = TaskPods.executorPodFor(executor().build(), List.of(task()), registered, SETTINGS);

        assertThat(env(pod.getSpec().getContainers().get(0))).containsEntry("MESOS_AGENT_ENDPOINT", "10.0.0.7:5151");
    }

    @Test
    void theExecutorPodAsksForTheExecutorsResourcesAndItsTasks() {
        Pod pod = TaskPods.executorPodFor(executor().build(), List.of(task()), TARGET, SETTINGS);

        Map<String, Quantity> requests = pod.getSpec().getContainers().get(0).getResources().getRequests();
        assertThat(requests.get("cpu")).isEqualTo(new Quantity("500m"));
        assertThat(requests.get("memory")).isEqualTo(new Quantity("96Mi"));
    }

    @Test
    void theExecutorsUrisAreFetchedIntoItsSandboxAndItsGracePeriodIsItsShutdownGracePeriod() {
        ExecutorInfo executor = executor()
                .setCommand(executor().getCommand().toBuilder().addUris(CommandInfo.URI.newBuilder()
                        .setValue("http://files.example/my-executor").setExecutable(true)))
                .setShutdownGracePeriod(DurationInfo.newBuilder().setNanoseconds(1_500_000_000L))
                .build();

        Pod pod = TaskPods.executorPodFor(executor, List.of(task()), TARGET, SETTINGS);

        assertThat(pod.getSpec().getInitContainers()).hasSize(1);
        assertThat(pod.getSpec().getInitContainers().get(0).getImage()).isEqualTo("fetcher:1");
        assertThat(pod.getSpec().getTerminationGracePeriodSeconds()).isEqualTo(2L);
        assertThat(env(pod.getSpec().getContainers().get(0)))
                .containsEntry("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "1500ms");
    }

    @Test
    void theExecutorInfoComesBackFromItsPod() {
        ExecutorInfo executor = executor().build();
        Pod pod = TaskPods.executorPodFor(executor, List.of(task()), TARGET, SETTINGS);

        assertThat(TaskPods.executorInfoOf(pod)).hasValueSatisfying(info -> {
            assertThat(info.getExecutorId().getValue()).isEqualTo("exec");
            assertThat(info.getCommand().getValue()).isEqualTo("./my-executor --verbose");
        });
        assertThat(TaskPods.agentIdOf(pod)).isEqualTo("agent-7");
        assertThat(TaskPods.executorInfoOf(PodFixture.pod("Running", null))).isEmpty();
    }

    @Test
    void anExecutorThatNeedsWhatAPodCannotGiveIsRefused() {
        ExecutorInfo agentSide = executor().setCommand(executor().getCommand().toBuilder()
                .addUris(CommandInfo.URI.newBuilder().setValue("hdfs://namenode/my-executor"))).build();

        assertThatThrownBy(() -> TaskPods.executorPodFor(agentSide, List.of(task()), TARGET, SETTINGS))
                .isInstanceOf(UnsupportedTaskException.class).hasMessageContaining("hdfs://namenode/my-executor");
    }

    @Test
    void theEndOfTheExecutorsContainerIsItsWaitStatus() {
        assertThat(ExecutorPodStates.hasEnded(executorPod("Running", null))).isFalse();
        assertThat(ExecutorPodStates.hasEnded(executorPod("Running", 3))).isTrue();
        assertThat(ExecutorPodStates.hasEnded(executorPod("Failed", null))).isTrue();
        assertThat(ExecutorPodStates.waitStatus(executorPod("Failed", 3))).isEqualTo(3 << 8);
        assertThat(ExecutorPodStates.waitStatus(executorPod("Failed", 0))).isZero();
        assertThat(ExecutorPodStates.waitStatus(executorPod("Failed", 137))).as("SIGKILL").isEqualTo(9);
        assertThat(ExecutorPodStates.waitStatus(null)).as("a Pod gone without its end recorded").isEqualTo(9);
    }

    @Test
    void theTasksAnExecutorLeftUnfinishedFailAsTheAgentFailsThem() {
        ObservedTaskState failed = ExecutorPodStates.executorTerminated(executorPod("Failed", 3));

        assertThat(failed.state()).isEqualTo(TaskState.TASK_FAILED);
        assertThat(failed.reason()).isEqualTo(TaskStatus.Reason.REASON_EXECUTOR_TERMINATED);
        assertThat(failed.source()).isEqualTo(TaskStatus.Source.SOURCE_AGENT);
        assertThat(failed.message()).isEqualTo("Executor terminated with exit code 3");
        assertThat(ExecutorPodStates.executorTerminated(null).message())
                .isEqualTo("Executor terminated: its Pod was deleted");
    }

    @Test
    void durationsAreWrittenAsStoutWritesThem() {
        assertThat(TaskPods.duration(5_000_000_000L)).isEqualTo("5secs");
        assertThat(TaskPods.duration(250_000_000L)).isEqualTo("250ms");
        assertThat(TaskPods.duration(1_500L)).isEqualTo("1500ns");
    }

    private static Pod executorPod(String phase, Integer exitCode) {
        ContainerStatusBuilder status = new ContainerStatusBuilder().withName(TaskPods.EXECUTOR_CONTAINER_NAME);
        if (exitCode != null) {
            status.withNewState().withNewTerminated().withExitCode(exitCode).endTerminated().endState();
        } else {
            status.withNewState().withNewRunning().endRunning().endState();
        }
        return PodFixture.pod(phase, status.build());
    }

    private static Map<String, String> env(Container container) {
        Map<String, String> env = new LinkedHashMap<>();
        container.getEnv().forEach(variable -> env.put(variable.getName(), variable.getValue()));
        return env;
    }

    private static ExecutorInfo.Builder executor() {
        return ExecutorInfo.newBuilder().setType(ExecutorInfo.Type.CUSTOM)
                .setExecutorId(ExecutorID.newBuilder().setValue("exec"))
                .setFrameworkId(FrameworkID.newBuilder().setValue("fw-1"))
                .setCommand(CommandInfo.newBuilder().setValue("./my-executor --verbose")
                        .setEnvironment(Environment.newBuilder().addVariables(Environment.Variable.newBuilder()
                                .setName("EXECUTOR_SETTING").setValue("on"))))
                .addResources(Resources.scalar("cpus", 0.1))
                .addResources(Resources.scalar("mem", 32));
    }

    private static TaskInfo task() {
        return TaskInfo.newBuilder().setName("t").setTaskId(TaskID.newBuilder().setValue("t1"))
                .setAgentId(AgentID.newBuilder().setValue("agent-7"))
                .addResources(Resources.scalar("cpus", 0.4))
                .addResources(Resources.scalar("mem", 64))
                .build();
    }
}
