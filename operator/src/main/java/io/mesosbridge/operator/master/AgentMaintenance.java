package io.mesosbridge.operator.master;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Node;
import io.mesosbridge.conventions.KubernetesKeys;
import io.mesosbridge.crds.MesosTask;
import io.mesosbridge.mesos.v1.Protos.DrainConfig;
import io.mesosbridge.mesos.v1.Protos.DrainInfo;
import io.mesosbridge.mesos.v1.Protos.DrainState;
import io.mesosbridge.operator.cluster.ClusterView;
import io.mesosbridge.operator.pods.TaskPods;
import io.mesosbridge.operator.store.MesosTaskStore;
import io.mesosbridge.operator.threads.BridgeThreads;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Agent maintenance on Kubernetes: DEACTIVATE_AGENT cordons the node, REACTIVATE_AGENT uncordons it and ends any
 * drain, DRAIN_AGENT cordons it, records the drain on the node and kills the Mesos tasks there; every second, a
 * DRAINING agent whose tasks are done turns DRAINED.
 */
@ApplicationScoped
public class AgentMaintenance {

    private static final Logger LOG = Logger.getLogger(AgentMaintenance.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final long PROGRESS_MILLIS = 1000;

    private final ClusterView cluster;
    private final MesosTaskStore tasks;
    private final BridgeThreads threads;

    public AgentMaintenance(ClusterView cluster, MesosTaskStore tasks, BridgeThreads threads) {
        this.cluster = cluster;
        this.tasks = tasks;
        this.threads = threads;
    }

    public void start() {
        threads.scheduled("agent-drains").scheduleWithFixedDelay(this::progressSafely, PROGRESS_MILLIS,
                PROGRESS_MILLIS, TimeUnit.MILLISECONDS);
    }

    public void deactivate(String nodeName) {
        patchNode(nodeName, true, Optional.empty(), false);
    }

    public void reactivate(String nodeName) {
        patchNode(nodeName, false, Optional.empty(), true);
    }

    /** Cordons the node, records the drain, and asks for every live Mesos task on it to be killed. */
    public void drain(String nodeName, DrainConfig drainConfig) {
        patchNode(nodeName, true, Optional.of(Drains.draining(drainConfig)), false);
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
            patchNode(nodeName, true, Optional.of(drained), false);
            LOG.infof("agent on node %s is drained", nodeName);
        }
    }

    private void kill(MesosTask task, DrainConfig drainConfig) {
        long taskGrace = task.getSpec().getKillGracePeriodSeconds() != null
                ? task.getSpec().getKillGracePeriodSeconds()
                : TaskPods.gracePeriodSeconds(tasks.taskInfo(task).getKillPolicy());
        tasks.requestKill(task, Drains.gracePeriodSeconds(taskGrace, drainConfig));
    }

    /** One JSON merge patch: the cordon, and the drain annotation set ({@code drain}) or removed ({@code clear}). */
    private void patchNode(String nodeName, boolean unschedulable, Optional<DrainInfo> drain, boolean clear) {
        ObjectNode patch = JSON.createObjectNode();
        // a merge patch with null removes the field: an uncordoned node has no spec.unschedulable, as kubectl leaves it
        if (unschedulable) {
            patch.putObject("spec").put("unschedulable", true);
        } else {
            patch.putObject("spec").putNull("unschedulable");
        }
        if (drain.isPresent()) {
            patch.putObject("metadata").putObject("annotations")
                    .put(KubernetesKeys.DRAIN_ANNOTATION, Drains.annotationValue(drain.get()));
        } else if (clear) {
            patch.putObject("metadata").putObject("annotations").putNull(KubernetesKeys.DRAIN_ANNOTATION);
        }
        cluster.patchNode(nodeName, patch.toString());
    }
}
