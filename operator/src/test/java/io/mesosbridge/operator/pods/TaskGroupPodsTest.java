package io.mesosbridge.operator.pods;

import static io.mesosbridge.operator.pods.PodFixture.running;
import static io.mesosbridge.operator.pods.PodFixture.terminated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.mesosbridge.conventions.HealthCheckProbes;
import io.mesosbridge.conventions.KubernetesKeys;
import io.mesosbridge.conventions.TaskNames;
import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.v1.Protos.AgentID;
import io.mesosbridge.mesos.v1.Protos.CommandInfo;
import io.mesosbridge.mesos.v1.Protos.DurationInfo;
import io.mesosbridge.mesos.v1.Protos.ExecutorID;
import io.mesosbridge.mesos.v1.Protos.ExecutorInfo;
import io.mesosbridge.mesos.v1.Protos.FrameworkID;
import io.mesosbridge.mesos.v1.Protos.HealthCheck;
import io.mesosbridge.mesos.v1.Protos.KillPolicy;
import io.mesosbridge.mesos.v1.Protos.TaskID;
import io.mesosbridge.mesos.v1.Protos.TaskInfo;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A task group as one Pod, and each task's state read off its own container. */
class TaskGroupPodsTest {

    private static final String FRAMEWORK_ID = "fw-7";
    private static final String POD_NAME = TaskNames.executorPodName(FRAMEWORK_ID, "default-executor");
    private static final TaskGroupPodTarget TARGET = new TaskGroupPodTarget(FRAMEWORK_ID, "node-7", "mesos", POD_NAME,
            List.of(new TaskGroupPodTarget.Owner("mt-a", "uid-a"), new TaskGroupPodTarget.Owner("mt-b", "uid-b"),
                    new TaskGroupPodTarget.Owner("mt-c", "uid-c")), "nobody");
    private static final ExecutorInfo EXECUTOR = ExecutorInfo.newBuilder()
            .setType(ExecutorInfo.Type.DEFAULT)
            .setExecutorId(ExecutorID.newBuilder().setValue("default-executor"))
            .setFrameworkId(FrameworkID.newBuilder().setValue(FRAMEWORK_ID))
            .addResources(Resources.scalar("cpus", 0.1)).addResources(Resources.scalar("mem", 32))
            .addResources(Resources.scalar("disk", 10))
            .build();

    @Test
    void aGroupIsOnePodWithAContainerPerTaskOwnedByEveryTaskOfTheGroup() {
        Pod pod = groupPod(task("a", "sleep 2"), task("b", "sleep 3"), task("c", "sleep 9"));

        assertThat(pod.getMetadata().getName()).isEqualTo(POD_NAME).startsWith("me-");
        assertThat(pod.getMetadata().getLabels()).containsEntry(KubernetesKeys.EXECUTOR_LABEL, POD_NAME)
                .containsEntry(KubernetesKeys.MANAGED_BY_LABEL, KubernetesKeys.MANAGED_BY_BRIDGE)
                .doesNotContainKey(KubernetesKeys.TASK_LABEL);
        assertThat(pod.getMetadata().getAnnotations())
                .containsEntry(KubernetesKeys.EXECUTOR_ID_ANNOTATION, "default-executor");
        assertThat(pod.getMetadata().getOwnerReferences()).extracting(o -> o.getName() + "/" + o.getUid())
                .containsExactly("mt-a/uid-a", "mt-b/uid-b", "mt-c/uid-c");
        assertThat(pod.getMetadata().getOwnerReferences()).allMatch(o -> !o.getController());
        assertThat(pod.getSpec().getNodeName()).isEqualTo("node-7");
        assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getSpec().getContainers()).extracting(Container::getName).containsExactly("a", "b", "c");
        assertThat(pod.getSpec().getContainers()).extracting(c -> c.getCommand().get(2))
                .containsExactly("sleep 2", "sleep 3", "sleep 9");
        assertThat(pod.getSpec().getContainers()).allSatisfy(c -> {
            assertThat(c.getVolumeMounts()).extracting(m -> m.getName()).containsExactly(TaskPods.SANDBOX_VOLUME);
            assertThat(c.getEnv()).extracting(EnvVar::getName, EnvVar::getValue)
                    .contains(tuple("MESOS_EXECUTOR_ID", "default-executor"));
        });
        assertThat(pod.getSpec().getVolumes()).hasSize(1);
    }

    @Test
    void theExecutorsResourcesGoToTheFirstContainerSoThePodAsksForTheSum() {
        Pod pod = groupPod(task("a", "true"), task("b", "true"));

        Container first = pod.getSpec().getContainers().get(0);
        Container second = pod.getSpec().getContainers().get(1);
        assertThat(first.getResources().getRequests()).containsEntry("cpu", new Quantity("200m"))
                .containsEntry("memory", new Quantity("64Mi")).containsEntry("ephemeral-storage", new Quantity("10Mi"));
        assertThat(second.getResources().getRequests()).containsEntry("cpu", new Quantity("100m"))
                .containsEntry("memory", new Quantity("32Mi")).doesNotContainKey("ephemeral-storage");
    }

    @Test
    void aLoneTasksPodIsTheSameTranslationWithItsOneContainerCalledTask() {
        TaskInfo task = task("a", "sleep 2");
        Pod lone = TaskPods.podFor(task, new TaskPodTarget(FRAMEWORK_ID, "node-7", "mesos", "mt-a", "uid-a",
                "nobody"), PodSettings.defaults());
        Container inGroup = TaskPods.groupPodFor(EXECUTOR.toBuilder().clearResources().build(), List.of(task),
                TARGET, PodSettings.defaults()).getSpec().getContainers().get(0);

        Container alone = lone.getSpec().getContainers().get(0);
        assertThat(alone.getName()).isEqualTo(TaskPods.CONTAINER_NAME);
        assertThat(new ContainerBuilder(inGroup).withName(TaskPods.CONTAINER_NAME)
                .withEnv(alone.getEnv()).build()).isEqualTo(alone);
        assertThat(alone.getEnv()).contains(new EnvVar("MESOS_EXECUTOR_ID", "a", null));
    }

    @Test
    void eachTasksHealthCheckBecomesTheProbesOfItsOwnContainer() {
        HealthCheck check = HealthCheck.newBuilder().setType(HealthCheck.Type.COMMAND)
                .setCommand(CommandInfo.newBuilder().setValue("test -f ready")).build();
        Pod pod = groupPod(task("a", "true"), task("b", "true").toBuilder().setHealthCheck(check).build());

        assertThat(pod.getSpec().getContainers().get(0).getReadinessProbe()).isNull();
        assertThat(pod.getSpec().getContainers().get(1).getReadinessProbe())
                .isEqualTo(HealthCheckProbes.of(check).readiness());
        assertThat(pod.getSpec().getContainers().get(1).getLivenessProbe())
                .isEqualTo(HealthCheckProbes.of(check).liveness());
    }

    @Test
    void thePodsGracePeriodIsTheLongestKillPolicyOfItsTasks() {
        Pod pod = groupPod(task("a", "true"), task("b", "true").toBuilder().setKillPolicy(KillPolicy.newBuilder()
                .setGracePeriod(DurationInfo.newBuilder().setNanoseconds(7_500_000_000L))).build());

        assertThat(pod.getSpec().getTerminationGracePeriodSeconds()).isEqualTo(8L);
    }

    @Test
    void aTaskIdThatIsNoContainerNameGetsAReadableDigestName() {
        Pod pod = groupPod(task("Web.Server_1", "true"), task("web-server-1", "true"));

        assertThat(pod.getSpec().getContainers()).extracting(Container::getName)
                .containsExactly(TaskNames.containerName("Web.Server_1"), "web-server-1");
        assertThat(TaskNames.containerName("Web.Server_1")).matches("web-server-1-[0-9a-f]{20}");
    }

    @Test
    void whatAPodCannotGiveOneTaskOfAGroupRefusesTheGroup() {
        TaskInfo deadline = task("b", "true").toBuilder()
                .setMaxCompletionTime(DurationInfo.newBuilder().setNanoseconds(1_000_000_000L)).build();

        assertThatThrownBy(() -> groupPod(task("a", "true"), deadline))
                .isInstanceOf(UnsupportedTaskException.class)
                .hasMessage("Task 'b': TaskInfo.max_completion_time is not supported in a task group");
    }

    @Test
    void eachTaskOfAGroupHasTheStateOfItsOwnContainer() {
        Pod pod = groupStatus(named("a", terminated(0, "Completed")), named("b", terminated(1, "Error")),
                named("c", running(false)));

        assertThat(PodStates.observe(pod, false, false, "a").state()).isEqualTo(TaskState.TASK_FINISHED);
        assertThat(PodStates.observe(pod, false, false, "b").state()).isEqualTo(TaskState.TASK_FAILED);
        assertThat(PodStates.observe(pod, false, false, "b").message()).isEqualTo("Command exited with status 1");
        assertThat(PodStates.observe(pod, false, false, "c").state()).isEqualTo(TaskState.TASK_RUNNING);
        assertThat(PodStates.observe(pod, false, true, "c").state()).isEqualTo(TaskState.TASK_KILLING);
        assertThat(PodStates.observe(pod, false, false, "d").state()).isEqualTo(TaskState.TASK_STARTING);
        assertThat(PodStates.hasTerminated(pod, "a")).isTrue();
        assertThat(PodStates.hasTerminated(pod, "c")).isFalse();
    }

    @Test
    void theRestOfTheGroupIsKilledWhenATaskFailsOrIsKilledNotWhenItFinishes() {
        assertThat(PodStates.endsGroup(TaskState.TASK_FAILED)).isTrue();
        assertThat(PodStates.endsGroup(TaskState.TASK_KILLED)).isTrue();
        assertThat(PodStates.endsGroup(TaskState.TASK_FINISHED)).isFalse();
        assertThat(PodStates.endsGroup(TaskState.TASK_RUNNING)).isFalse();
    }

    @Test
    void theKilledTasksOfAGroupEndKilledWhenThePodGoes() {
        Pod pod = groupStatus(named("a", terminated(1, "Error")), named("b", terminated(137, "Error")));

        assertThat(PodStates.observe(pod, true, true, "b").state()).isEqualTo(TaskState.TASK_KILLED);
        assertThat(PodStates.observe(null, true, true, "c").state()).isEqualTo(TaskState.TASK_KILLED);
    }

    private static Pod groupPod(TaskInfo... tasks) {
        return TaskPods.groupPodFor(EXECUTOR, List.of(tasks), TARGET, PodSettings.defaults());
    }

    private static Pod groupStatus(ContainerStatus... containers) {
        PodBuilder pod = new PodBuilder().withNewMetadata().withName(POD_NAME).endMetadata()
                .withNewSpec().endSpec().withNewStatus().withPhase("Running").withPodIP("10.244.1.9").endStatus();
        for (ContainerStatus container : containers) {
            pod.editSpec().addNewContainer().withName(container.getName()).withImage("busybox").endContainer()
                    .endSpec();
            pod.editStatus().addToContainerStatuses(container).endStatus();
        }
        return pod.build();
    }

    private static ContainerStatus named(String name, ContainerStatus status) {
        return new ContainerStatusBuilder(status).withName(name).build();
    }

    private static TaskInfo task(String id, String command) {
        return TaskInfo.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id))
                .setAgentId(AgentID.newBuilder().setValue("agent-7"))
                .addResources(Resources.scalar("cpus", 0.1)).addResources(Resources.scalar("mem", 32))
                .setCommand(CommandInfo.newBuilder().setValue(command))
                .build();
    }
}
