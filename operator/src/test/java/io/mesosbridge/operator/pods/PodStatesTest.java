package io.mesosbridge.operator.pods;

import static io.mesosbridge.operator.pods.PodFixture.deleting;
import static io.mesosbridge.operator.pods.PodFixture.pod;
import static io.mesosbridge.operator.pods.PodFixture.running;
import static io.mesosbridge.operator.pods.PodFixture.terminated;
import static io.mesosbridge.operator.pods.PodFixture.waiting;
import static io.mesosbridge.operator.pods.PodFixture.withHealthCheck;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.mesosbridge.mesos.tasks.TaskStates;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.Protos.TaskStatus.Reason;
import io.mesosbridge.mesos.v1.Protos.TaskStatus.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PodStatesTest {

    @Test
    void aTaskWithoutAPodYetIsStaging() {
        ObservedTaskState observed = observe(null, false, false);

        assertThat(observed.state()).isEqualTo(TaskState.TASK_STAGING);
        assertThat(observed.podIp()).isNull();
    }

    @Test
    void aPodWhoseContainerIsBeingCreatedIsStarting() {
        ObservedTaskState observed = observe(
                pod("Pending", waiting("ContainerCreating", null)), false, false);

        assertThat(observed.state()).isEqualTo(TaskState.TASK_STARTING);
    }

    @Test
    void aPendingPodTheKubeletHasNotReportedOnIsStillStaging() {
        assertThat(observe(pod("Pending", null), false, false).state())
                .isEqualTo(TaskState.TASK_STAGING);
    }

    @Test
    void aRunningContainerIsRunningAndReportsThePodIp() {
        ObservedTaskState observed = observe(pod("Running", running(true)), false, false);

        assertThat(observed.state()).isEqualTo(TaskState.TASK_RUNNING);
        assertThat(observed.source()).isEqualTo(Source.SOURCE_EXECUTOR);
        assertThat(observed.podIp()).isEqualTo("10.244.1.7");
        assertThat(observed.healthy()).as("no health check, no verdict").isNull();
    }

    @Test
    void healthFollowsTheContainersReadinessWhenTheTaskHasAHealthCheck() {
        assertThat(observe(withHealthCheck(pod("Running", running(true))), false, false).healthy())
                .isTrue();
        assertThat(observe(withHealthCheck(pod("Running", running(false))), false, false).healthy())
                .isFalse();
    }

    @Test
    void thereIsNoHealthVerdictDuringTheGracePeriod() {
        ContainerStatus notStarted = new ContainerStatusBuilder(running(false)).withStarted(false).build();

        assertThat(observe(withHealthCheck(pod("Running", notStarted)), false, false).healthy()).isNull();
    }

    @Test
    void exitStatusZeroFinishesTheTask() {
        ObservedTaskState observed = observe(pod("Succeeded", terminated(0, "Completed")), false, false);

        assertThat(observed.state()).isEqualTo(TaskState.TASK_FINISHED);
        assertThat(observed.message()).isEqualTo("Command exited with status 0");
        assertThat(observed.exitCode()).isZero();
        assertThat(observed.source()).isEqualTo(Source.SOURCE_EXECUTOR);
    }

    @Test
    void aNonZeroExitFailsWithTheCommandExecutorsMessage() {
        ObservedTaskState observed = observe(pod("Failed", terminated(3, "Error")), false, false);

        assertThat(observed.state()).isEqualTo(TaskState.TASK_FAILED);
        assertThat(observed.message()).isEqualTo("Command exited with status 3");
        assertThat(observed.exitCode()).isEqualTo(3);
        assertThat(observed.reason()).isNull();
        assertThat(observed.source()).isEqualTo(Source.SOURCE_EXECUTOR);
    }

    @Test
    void anOomKilledContainerFailsWithMemoryLimitation() {
        ObservedTaskState observed = observe(pod("Failed", terminated(137, "OOMKilled")), false, false);

        assertThat(observed.state()).isEqualTo(TaskState.TASK_FAILED);
        assertThat(observed.reason()).isEqualTo(Reason.REASON_CONTAINER_LIMITATION_MEMORY);
        assertThat(observed.source()).isEqualTo(Source.SOURCE_AGENT);
        assertThat(observed.message()).contains("Memory limit exceeded");
        assertThat(observed.exitCode()).isEqualTo(137);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ErrImageNeverPull", "InvalidImageName", "ErrImagePull", "ImagePullBackOff",
            "CreateContainerConfigError", "CreateContainerError", "RunContainerError"})
    void aContainerThatCannotStartFailsTheLaunchWithTheKubeletsMessage(String waitingReason) {
        ObservedTaskState observed = observe(
                pod("Pending", waiting(waitingReason, "image \"nope:1\" not present")), false, false);

        assertThat(observed.state()).isEqualTo(TaskState.TASK_FAILED);
        assertThat(observed.reason()).isEqualTo(Reason.REASON_CONTAINER_LAUNCH_FAILED);
        assertThat(observed.source()).isEqualTo(Source.SOURCE_AGENT);
        assertThat(observed.message()).isEqualTo(waitingReason + ": image \"nope:1\" not present");
    }

    @Test
    void aFetchThatFailsFailsTheLaunchAsMesossFetcherDoes() {
        ContainerStatus fetch = new ContainerStatusBuilder(terminated(1, "Error")).withName("fetch").build();
        Pod pod = new PodBuilder(pod("Failed", waiting("PodInitializing", null)))
                .editStatus().addToInitContainerStatuses(fetch).endStatus().build();

        ObservedTaskState observed = observe(pod, false, false);

        assertThat(observed.state()).isEqualTo(TaskState.TASK_FAILED);
        assertThat(observed.reason()).isEqualTo(Reason.REASON_CONTAINER_LAUNCH_FAILED);
        assertThat(observed.message()).isEqualTo("Failed to launch container: Failed to fetch all URIs for"
                + " container 'mt-0123456789abcdef0123' with exit status: 1");
    }

    @Test
    void aFetchThatSucceededLeavesTheTaskToItsContainer() {
        ContainerStatus fetch = new ContainerStatusBuilder(terminated(0, "Completed")).withName("fetch").build();
        Pod pod = new PodBuilder(pod("Running", running(true)))
                .editStatus().addToInitContainerStatuses(fetch).endStatus().build();

        assertThat(observe(pod, false, false).state()).isEqualTo(TaskState.TASK_RUNNING);
    }

    @Test
    void aCommandTheRuntimeCannotStartFailsTheLaunch() {
        ContainerStatus startError = new ContainerStatusBuilder(terminated(128, "StartError"))
                .editState().editTerminated().withMessage("exec: \"nope\": executable file not found")
                .endTerminated().endState().build();

        ObservedTaskState observed = observe(pod("Failed", startError), false, false);

        assertThat(observed.state()).isEqualTo(TaskState.TASK_FAILED);
        assertThat(observed.reason()).isEqualTo(Reason.REASON_CONTAINER_LAUNCH_FAILED);
        assertThat(observed.message()).contains("executable file not found");
    }

    @Test
    void aRunningTaskAskedToDieIsKilling() {
        ObservedTaskState observed = observe(
                deleting(pod("Running", running(true))), false, true);

        assertThat(observed.state()).isEqualTo(TaskState.TASK_KILLING);
    }

    @Test
    void aKilledTaskEndsKilledWhateverItsExitStatus() {
        ObservedTaskState observed = observe(
                deleting(pod("Succeeded", terminated(0, "Completed"))), false, true);

        assertThat(observed.state()).isEqualTo(TaskState.TASK_KILLED);
        assertThat(observed.source()).isEqualTo(Source.SOURCE_EXECUTOR);
        assertThat(observed.message()).isEqualTo("Command exited with status 0");
    }

    @Test
    void aKilledTaskWhosePodIsGoneIsKilled() {
        assertThat(observe(null, true, true).state()).isEqualTo(TaskState.TASK_KILLED);
        assertThat(observe(pod("Running", running(true)), true, true).state())
                .isEqualTo(TaskState.TASK_KILLED);
    }

    @Test
    void aTaskKilledBeforeItsPodExistsIsKilledDuringLaunch() {
        ObservedTaskState observed = observe(null, false, true);

        assertThat(observed.state()).isEqualTo(TaskState.TASK_KILLED);
        assertThat(observed.reason()).isEqualTo(Reason.REASON_TASK_KILLED_DURING_LAUNCH);
    }

    @Test
    void aPodDeletedBehindOurBackIsGoneByOperatorAndLostToOlderFrameworks() {
        ObservedTaskState observed = observe(pod("Running", running(true)), true, false);

        assertThat(observed.state()).isEqualTo(TaskState.TASK_GONE_BY_OPERATOR);
        assertThat(observe(null, true, false).state()).isEqualTo(TaskState.TASK_GONE_BY_OPERATOR);
        assertThat(TaskStates.shownTo(observed.state(), true)).isEqualTo(TaskState.TASK_GONE_BY_OPERATOR);
        assertThat(TaskStates.shownTo(observed.state(), false)).isEqualTo(TaskState.TASK_LOST);
    }

    @Test
    void aDeletedPodWhoseContainerAlreadyExitedKeepsItsExitStatus() {
        ObservedTaskState observed = observe(pod("Failed", terminated(2, "Error")), true, false);

        assertThat(observed.state()).isEqualTo(TaskState.TASK_FAILED);
        assertThat(observed.message()).isEqualTo("Command exited with status 2");
    }

    @Test
    void onlyPartitionAwareStatesAreHiddenFromOlderFrameworks() {
        assertThat(TaskStates.shownTo(TaskState.TASK_UNREACHABLE, false)).isEqualTo(TaskState.TASK_LOST);
        assertThat(TaskStates.shownTo(TaskState.TASK_DROPPED, false)).isEqualTo(TaskState.TASK_LOST);
        assertThat(TaskStates.shownTo(TaskState.TASK_FAILED, false)).isEqualTo(TaskState.TASK_FAILED);
        assertThat(TaskStates.shownTo(TaskState.TASK_UNREACHABLE, true)).isEqualTo(TaskState.TASK_UNREACHABLE);
    }

    @Test
    void anEvictedPodFailsAsPreempted() {
        Pod evicted = new PodBuilder(pod("Failed", terminated(137, "Error")))
                .editStatus().withReason("Evicted").withMessage("The node was low on resource: memory.")
                .endStatus().build();

        ObservedTaskState observed = observe(evicted, false, false);

        assertThat(observed.state()).isEqualTo(TaskState.TASK_FAILED);
        assertThat(observed.reason()).isEqualTo(Reason.REASON_CONTAINER_PREEMPTED);
        assertThat(observed.source()).isEqualTo(Source.SOURCE_AGENT);
        assertThat(observed.message()).isEqualTo("The node was low on resource: memory.");
    }

    @Test
    void passingTheActiveDeadlineFailsWithMaxCompletionTimeReached() {
        Pod overdue = new PodBuilder(pod("Failed", terminated(137, "Error")))
                .editStatus().withReason("DeadlineExceeded").endStatus().build();

        ObservedTaskState observed = observe(overdue, false, false);

        assertThat(observed.state()).isEqualTo(TaskState.TASK_FAILED);
        assertThat(observed.reason()).isEqualTo(Reason.REASON_MAX_COMPLETION_TIME_REACHED);
    }

    @Test
    void terminalStatesAreThoseMesosNeverLeaves() {
        assertThat(TaskState.values()).filteredOn(TaskStates::isTerminal).containsExactlyInAnyOrder(
                TaskState.TASK_FINISHED, TaskState.TASK_FAILED, TaskState.TASK_KILLED, TaskState.TASK_ERROR,
                TaskState.TASK_LOST, TaskState.TASK_DROPPED, TaskState.TASK_GONE, TaskState.TASK_GONE_BY_OPERATOR);
    }

    /** A lone task's Pod, read off its one container. */
    private static ObservedTaskState observe(Pod pod, boolean podWasDeleted, boolean killRequested) {
        return PodStates.observe(pod, podWasDeleted, killRequested, TaskPods.CONTAINER_NAME);
    }
}
