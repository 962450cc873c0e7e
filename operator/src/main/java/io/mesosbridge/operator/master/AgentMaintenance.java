package io.mesosbridge.operator.master;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Node;
import io.mesosbridge.conventions.KubernetesKeys;
import io.mesosbridge.crds.MesosTask;
import io.mesosbridge.mesos.tasks.TaskStates;
import io.mesosbridge.mesos.v1.Protos.DrainConfig;
import io.mesosbridge.mesos.v1.Protos.DrainInfo;
import io.mesosbridge.mesos.v1.Protos.DrainState;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;
import io.mesosbridge.operator.cluster.ClusterView;
import io.mesosbridge.operator.maintenance.InverseOffers;
import io.mesosbridge.operator.pods.ObservedTaskState;
import io.mesosbridge.operator.pods.TaskPods;
import io.mesosbridge.operator.store.MesosTaskStore;
import io.mesosbridge.operator.tasks.StatusUpdates;
import io.mesosbridge.operator.threads.BridgeThreads;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Agent maintenance on Kubernetes: DEACTIVATE_AGENT cordons the node, REACTIVATE_AGENT uncordons it and ends any
 * drain, DRAIN_AGENT cordons it, records the drain on the node and kills the Mesos tasks there; every second, a
 * DRAINING agent whose tasks are done turns DRAINED. A machine brought down (/machine/down) cordons its nodes and
 * ends their tasks as a Mesos master does when it removes the agents; brought up, the cordon is lifted.
 */
@ApplicationScoped
public class AgentMaintenance {

    private static final Logger LOG = Logger.getLogger(AgentMaintenance.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final long PROGRESS_MILLIS = 1000;

    private final ClusterView cluster;
    private final MesosTaskStore tasks;
    private final BridgeThreads threads;
    private final StatusUpdates updates;
    private final InverseOffers inverseOffers;

    public AgentMaintenance(ClusterView cluster, MesosTaskStore tasks, BridgeThreads threads, StatusUpdates updates,
                            InverseOffers inverseOffers) {
        this.cluster = cluster;
        this.tasks = tasks;
        this.threads = threads;
        this.updates = updates;
        this.inverseOffers = inverseOffers;
    }

    public void start() {
        threads.scheduled("agent-drains").scheduleWithFixedDelay(this::progressSafely, PROGRESS_MILLIS,
                PROGRESS_MILLIS, TimeUnit.MILLISECONDS);
        inverseOffers.start();
    }

    /**
     * The agent's machine goes DOWN: the node is cordoned and each live Mesos task there is TASK_LOST
     * (REASON_AGENT_REMOVED, from the master), as {@code Master::_removeSlave} tells every framework, partition-aware
     * or not; then its Pod is killed.
     */
    public void machineDown(String nodeName, String hostname) {
        patchNode(nodeName, cluster.nodeNow(nodeName), Cordon.SET, Optional.empty(), false);
        String message = "Agent " + hostname + " removed: Operator initiated 'Machine DOWN'";
        ObservedTaskState lost = new ObservedTaskState(TaskState.TASK_LOST, TaskStatus.Reason.REASON_AGENT_REMOVED,
                TaskStatus.Source.SOURCE_MASTER, message, null, null, null);
        int ended = 0;
        for (MesosTask task : tasks.onNode(nodeName)) {
            if (TaskStates.isTerminal(MesosTaskStore.stateOf(task))) {
                continue;
            }
            updates.record(task, lost);
            ended++;
            if (Drains.needsKill(task)) {
                kill(task, DrainConfig.getDefaultInstance());
            }
        }
        LOG.infof("machine of node %s is down: %d tasks lost", nodeName, ended);
    }

    /** The agent's machine comes back UP: the bridge's cordon is lifted (someone else's stays). */
    public void machineUp(String nodeName) {
        patchNode(nodeName, cluster.nodeNow(nodeName), Cordon.LIFT, Optional.empty(), false);
    }

    public void deactivate(String nodeName) {
        patchNode(nodeName, cluster.nodeNow(nodeName), Cordon.SET, Optional.empty(), false);
    }

    /**
     * Lifts the bridge's own cordon and ends any drain. A cordon someone else set stays: the call is then refused
     * (after the drain record is gone), as undoing another operator's decision is not the bridge's to do.
     */
    public void reactivate(String nodeName) {
        Node node = cluster.nodeNow(nodeName);
        patchNode(nodeName, node, Cordon.LIFT, Optional.empty(), true);
        if (node != null && Drains.isCordoned(node) && !cordonedByBridge(node)) {
            throw new ForeignCordonException("Node '" + nodeName + "' was cordoned by someone other than"
                    + " mesos-bridge; it stays unschedulable until they (or kubectl uncordon) lift it");
        }
    }

    /** REACTIVATE_AGENT of a node whose cordon is not the bridge's. */
    public static final class ForeignCordonException extends RuntimeException {
        ForeignCordonException(String message) {
            super(message);
        }
    }

    /** Cordons the node, records the drain, and asks for every live Mesos task on it to be killed. */
    public void drain(String nodeName, DrainConfig drainConfig) {
        patchNode(nodeName, cluster.nodeNow(nodeName), Cordon.SET, Optional.of(Drains.draining(drainConfig)), false);
        int killed = 0;
        for (MesosTask task : tasks.onNode(nodeName)) {
            if (Drains.needsKill(task)) {
                kill(task, drainConfig);
                killed++;
            }
        }
        LOG.infof("draining agent on node %s: killing %d tasks", nodeName, killed);
        progress(nodeName);
    }

    private void progressSafely() {
        try {
            for (Node node : cluster.nodes()) {
                Optional<DrainInfo> drain = Drains.recorded(node);
                if (drain.isPresent() && drain.get().getState() == DrainState.DRAINING) {
                    progress(node.getMetadata().getName());
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("moving agent drains along failed; retrying", e);
        }
    }

    private void progress(String nodeName) {
        Node node = cluster.node(nodeName);
        if (node == null) {
            return;
        }
        Optional<DrainInfo> drain = Drains.recorded(node);
        if (drain.isEmpty() || drain.get().getState() != DrainState.DRAINING) {
            return;
        }
        for (MesosTask task : tasks.onNode(nodeName)) {
            // a task launched onto the node after the drain began (an offer accepted just before the cordon)
            if (Drains.needsKill(task)) {
                kill(task, drain.get().getConfig());
            }
        }
        if (Drains.isDrained(tasks.onNode(nodeName))) {
            DrainInfo drained = drain.get().toBuilder().setState(DrainState.DRAINED).build();
            patchNode(nodeName, cluster.nodeNow(nodeName), Cordon.SET, Optional.of(drained), false);
            LOG.infof("agent on node %s is drained", nodeName);
        }
    }

    private void kill(MesosTask task, DrainConfig drainConfig) {
        long taskGrace = task.getSpec().getKillGracePeriodSeconds() != null
                ? task.getSpec().getKillGracePeriodSeconds()
                : TaskPods.gracePeriodSeconds(tasks.taskInfo(task).getKillPolicy());
        tasks.requestKill(task, Drains.gracePeriodSeconds(taskGrace, drainConfig));
    }

    private enum Cordon { SET, LIFT }

    private static boolean cordonedByBridge(Node node) {
        return node.getMetadata().getAnnotations() != null
                && node.getMetadata().getAnnotations().containsKey(KubernetesKeys.CORDONED_ANNOTATION);
    }

    /**
     * One JSON merge patch: the cordon set (marked as the bridge's unless the node was cordoned already) or lifted
     * (only when it is the bridge's), and the drain annotation set ({@code drain}) or removed ({@code clear});
     * {@code node} is the node as the API server has it now (null when gone).
     */
    private void patchNode(String nodeName, Node node, Cordon cordon, Optional<DrainInfo> drain, boolean clear) {
        boolean cordoned = node != null && Drains.isCordoned(node);
        boolean ours = node != null && cordonedByBridge(node);
        ObjectNode patch = JSON.createObjectNode();
        ObjectNode annotations = JSON.createObjectNode();
        if (cordon == Cordon.SET && !cordoned) {
            patch.putObject("spec").put("unschedulable", true);
            annotations.put(KubernetesKeys.CORDONED_ANNOTATION, "true");
        } else if (cordon == Cordon.LIFT && ours) {
            // a merge patch with null removes the field: an uncordoned node has no spec.unschedulable, as kubectl
            // leaves it
            patch.putObject("spec").putNull("unschedulable");
            annotations.putNull(KubernetesKeys.CORDONED_ANNOTATION);
        }
        if (drain.isPresent()) {
            annotations.put(KubernetesKeys.DRAIN_ANNOTATION, Drains.annotationValue(drain.get()));
        } else if (clear) {
            annotations.putNull(KubernetesKeys.DRAIN_ANNOTATION);
        }
        if (!annotations.isEmpty()) {
            patch.putObject("metadata").set("annotations", annotations);
        }
        if (!patch.isEmpty()) {
            cluster.patchNode(nodeName, patch.toString());
        }
    }
}
