package io.mesosbridge.operator.master;

import io.fabric8.kubernetes.api.model.Node;
import io.mesosbridge.crds.MesosTask;
import io.mesosbridge.mesos.json.MesosJson;
import io.mesosbridge.mesos.json.MesosJsonException;
import io.mesosbridge.mesos.v1.Protos.DrainConfig;
import io.mesosbridge.mesos.v1.Protos.DrainInfo;
import io.mesosbridge.mesos.v1.Protos.DrainState;
import io.mesosbridge.mesos.v1.Protos.DurationInfo;
import io.mesosbridge.mesos.v1.master.Protos.Call;
import io.mesosbridge.conventions.KubernetesKeys;
import io.mesosbridge.mesos.tasks.TaskStates;
import io.mesosbridge.operator.store.MesosTaskStore;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Agent draining kept on the Node: the Mesos DrainInfo ({state, config}) in Mesos JSON in an annotation, so a drain
 * survives restarts of the operator; a cordon ({@code spec.unschedulable}) is what deactivates the agent.
 */
public final class Drains {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private Drains() {
    }

    /** The drain recorded on the node, if any (an unreadable annotation counts as none). */
    public static Optional<DrainInfo> recorded(Node node) {
        Map<String, String> annotations = node.getMetadata().getAnnotations();
        String text = annotations == null ? null : annotations.get(KubernetesKeys.DRAIN_ANNOTATION);
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(MesosJson.parse(text, DrainInfo.newBuilder()).build());
        } catch (MesosJsonException unreadable) {
            return Optional.empty();
        }
    }

    public static String annotationValue(DrainInfo info) {
        return MesosJson.print(info);
    }

    public static boolean isCordoned(Node node) {
        return node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
    }

    /** DRAIN_AGENT's settings as the DrainConfig Mesos reports ({@code max_grace_period} in nanoseconds). */
    public static DrainConfig config(Call.DrainAgent drain) {
        DrainConfig.Builder config = DrainConfig.newBuilder().setMarkGone(drain.getMarkGone());
        if (drain.hasMaxGracePeriod()) {
            long nanos = drain.getMaxGracePeriod().getSeconds() * NANOS_PER_SECOND + drain.getMaxGracePeriod().getNanos();
            config.setMaxGracePeriod(DurationInfo.newBuilder().setNanoseconds(Math.max(0, nanos)));
        }
        return config.build();
    }

    public static DrainInfo draining(DrainConfig config) {
        return DrainInfo.newBuilder().setState(DrainState.DRAINING).setConfig(config).build();
    }

    /**
     * The kill grace period of a drained task: its own (kill policy or default) capped by the drain's
     * {@code max_grace_period}, in whole seconds (rounded down, as a cap must be).
     */
    public static long gracePeriodSeconds(long taskGraceSeconds, DrainConfig config) {
        if (!config.hasMaxGracePeriod()) {
            return taskGraceSeconds;
        }
        long cap = config.getMaxGracePeriod().getNanoseconds() / NANOS_PER_SECOND;
        return Math.max(0, Math.min(taskGraceSeconds, cap));
    }

    /** A task the drain must still kill: not terminal and not already being killed. */
    public static boolean needsKill(MesosTask task) {
        return !TaskStates.isTerminal(MesosTaskStore.stateOf(task))
                && !Boolean.TRUE.equals(task.getSpec().getKillRequested());
    }

    /**
     * Whether a draining agent is drained: every task it had reached a terminal state whose update the framework
     * acknowledged (the MesosTask is deleted after that acknowledgement, so normally none remain at all).
     */
    public static boolean isDrained(Collection<MesosTask> tasksOnNode) {
        for (MesosTask task : tasksOnNode) {
            boolean terminal = TaskStates.isTerminal(MesosTaskStore.stateOf(task));
            boolean unacknowledged = task.getStatus() != null && !task.getStatus().getPendingUpdates().isEmpty();
            if (!terminal || unacknowledged) {
                return false;
            }
        }
        return true;
    }

    /** The drain as reported: a DRAINING drain whose tasks are all done reads DRAINED even before it is recorded. */
    public static Optional<DrainInfo> effective(Node node, Collection<MesosTask> tasksOnNode) {
        return recorded(node).map(info -> info.getState() == DrainState.DRAINING && isDrained(tasksOnNode)
                ? info.toBuilder().setState(DrainState.DRAINED).build() : info);
    }
}
