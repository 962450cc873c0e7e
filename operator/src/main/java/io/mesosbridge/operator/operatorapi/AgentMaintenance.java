package io.mesosbridge.operator.operatorapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.mesosbridge.crds.MesosTask;
import io.mesosbridge.mesos.v1.Protos.DrainConfig;
import io.mesosbridge.mesos.v1.Protos.DrainInfo;
import io.mesosbridge.mesos.v1.Protos.DrainState;
import io.mesosbridge.operator.cluster.ClusterView;
import io.mesosbridge.operator.config.BridgeConfig;
import io.mesosbridge.operator.tasks.KillRequests;
import io.mesosbridge.operator.tasks.TaskPods;
import io.mesosbridge.operator.tasks.TaskRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * Agent maintenance on Kubernetes: DEACTIVATE_AGENT cordons the node, REACTIVATE_AGENT uncordons it and ends any
 * drain, DRAIN_AGENT cordons it, records the drain on the node and kills the Mesos tasks there; {@link #progress()}
 * turns DRAINING into DRAINED once the node's tasks are done.
 */
@ApplicationScoped
public class AgentMaintenance {

    private static final Logger LOG = Logger.getLogger(AgentMaintenance.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;
    private final ClusterView cluster;
    private final TaskRegistry tasks;
    private final BridgeConfig config;

    public AgentMaintenance(KubernetesClient client, ClusterView cluster, TaskRegistry tasks, BridgeConfig config) {
        this.client = client;
        this.cluster = cluster;
        this.tasks = tasks;
        this.config = config;
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

    /** Marks every DRAINING node whose tasks are all done as DRAINED. */
    public void progress() {
        for (Node node : cluster.nodes()) {
            Optional<DrainInfo> drain = Drains.recorded(node);
            if (drain.isPresent() && drain.get().getState() == DrainState.DRAINING) {
                progress(node.getMetadata().getName());
            }
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
        long grace = Drains.gracePeriodSeconds(taskGrace, drainConfig);
        KillRequests.request(client, task, grace);
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
                    .put(Drains.ANNOTATION, Drains.annotationValue(drain.get()));
        } else if (clear) {
            patch.putObject("metadata").putObject("annotations").putNull(Drains.ANNOTATION);
        }
        client.nodes().withName(nodeName).patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
    }
}
