package io.mesosbridge.operator.master;

import com.google.protobuf.Duration;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.mesosbridge.conventions.KubernetesKeys;
import io.mesosbridge.crds.MesosTask;
import io.mesosbridge.mesos.v1.Protos.AgentID;
import io.mesosbridge.mesos.v1.Protos.DrainConfig;
import io.mesosbridge.mesos.v1.Protos.DrainInfo;
import io.mesosbridge.mesos.v1.Protos.DrainState;
import io.mesosbridge.mesos.v1.Protos.DurationInfo;
import io.mesosbridge.mesos.v1.master.Protos.Call;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.mesosbridge.operator.store.MesosTaskFixture.task;
import static org.assertj.core.api.Assertions.assertThat;

class DrainsTest {

    @Test
    void theDrainConfigCarriesTheMaxGracePeriodInNanoseconds() {
        DrainConfig config = Drains.config(Call.DrainAgent.newBuilder()
                .setAgentId(AgentID.newBuilder().setValue("a"))
                .setMaxGracePeriod(Duration.newBuilder().setSeconds(10).setNanos(500_000_000))
                .setMarkGone(true).build());

        assertThat(config.getMaxGracePeriod().getNanoseconds()).isEqualTo(10_500_000_000L);
        assertThat(config.getMarkGone()).isTrue();
        assertThat(Drains.config(Call.DrainAgent.newBuilder().setAgentId(AgentID.newBuilder().setValue("a"))
                .build()).hasMaxGracePeriod()).isFalse();
    }

    @Test
    void aTasksGracePeriodIsCappedByTheDrainsMaximum() {
        DrainConfig capped = DrainConfig.newBuilder()
                .setMaxGracePeriod(DurationInfo.newBuilder().setNanoseconds(2_900_000_000L)).build();

        assertThat(Drains.gracePeriodSeconds(30, capped)).isEqualTo(2);
        assertThat(Drains.gracePeriodSeconds(1, capped)).isEqualTo(1);
        assertThat(Drains.gracePeriodSeconds(30, DrainConfig.getDefaultInstance())).isEqualTo(30);
        assertThat(Drains.gracePeriodSeconds(30, DrainConfig.newBuilder()
                .setMaxGracePeriod(DurationInfo.newBuilder().setNanoseconds(0)).build())).isZero();
    }

    @Test
    void theDrainIsRecordedOnTheNodeAsMesosJson() {
        DrainInfo draining = Drains.draining(DrainConfig.newBuilder().setMarkGone(false)
                .setMaxGracePeriod(DurationInfo.newBuilder().setNanoseconds(5_000_000_000L)).build());
        String annotation = Drains.annotationValue(draining);

        assertThat(annotation).contains("\"state\":\"DRAINING\"").contains("\"nanoseconds\":5000000000");
        assertThat(Drains.recorded(node(annotation, false))).contains(draining);
        assertThat(Drains.recorded(node("{not json", false))).isEmpty();
        assertThat(Drains.recorded(node(null, false))).isEmpty();
    }

    @Test
    void aDrainIsDoneWhenEveryTaskReachedAnAcknowledgedTerminalState() {
        assertThat(Drains.isDrained(List.of())).isTrue();
        assertThat(Drains.isDrained(List.of(task("TASK_RUNNING", false)))).isFalse();
        assertThat(Drains.isDrained(List.of(task("TASK_KILLED", true)))).as("terminal, not acknowledged").isFalse();
        assertThat(Drains.isDrained(List.of(task("TASK_KILLED", false)))).isTrue();
    }

    @Test
    void aDrainingAgentWhoseTasksAreDoneReadsDrained() {
        Node node = node(Drains.annotationValue(Drains.draining(DrainConfig.getDefaultInstance())), true);

        assertThat(Drains.effective(node, List.of(task("TASK_RUNNING", false))).orElseThrow().getState())
                .isEqualTo(DrainState.DRAINING);
        assertThat(Drains.effective(node, List.of()).orElseThrow().getState()).isEqualTo(DrainState.DRAINED);
        assertThat(Drains.isCordoned(node)).isTrue();
    }

    @Test
    void onlyLiveTasksNotYetBeingKilledNeedAKill() {
        MesosTask running = task("TASK_RUNNING", false);
        MesosTask killing = task("TASK_RUNNING", false);
        killing.getSpec().setKillRequested(true);

        assertThat(Drains.needsKill(running)).isTrue();
        assertThat(Drains.needsKill(killing)).isFalse();
        assertThat(Drains.needsKill(task("TASK_FINISHED", false))).isFalse();
    }

    static Node node(String drainAnnotation, boolean unschedulable) {
        NodeBuilder node = new NodeBuilder().withNewMetadata().withName("n1").endMetadata()
                .withNewSpec().withUnschedulable(unschedulable).endSpec();
        if (drainAnnotation != null) {
            node.editMetadata().addToAnnotations(KubernetesKeys.DRAIN_ANNOTATION, drainAnnotation).endMetadata();
        }
        return node.build();
    }
}
