package io.mesosbridge.operator.operatorapi;

import io.fabric8.kubernetes.api.model.Node;
import io.mesosbridge.crds.MesosTask;
import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.master.Protos.Response;
import io.mesosbridge.operator.agents.Agent;
import io.mesosbridge.operator.agents.AgentDirectory;
import io.mesosbridge.operator.cluster.ClusterView;
import io.mesosbridge.operator.config.BridgeConfig;
import io.mesosbridge.operator.frameworks.Framework;
import io.mesosbridge.operator.frameworks.FrameworkRegistry;
import io.mesosbridge.operator.master.BridgeStartup;
import io.mesosbridge.operator.master.MasterIdentity;
import io.mesosbridge.operator.offers.Offer;
import io.mesosbridge.operator.offers.OfferBook;
import io.mesosbridge.operator.tasks.TaskRegistry;
import io.mesosbridge.operator.tasks.TaskStates;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The master's state read from the registries and caches, in the shapes of the operator API's responses. */
@ApplicationScoped
public class MasterViews {

    private static final Logger LOG = Logger.getLogger(MasterViews.class);

    private final AgentDirectory agents;
    private final ClusterView cluster;
    private final TaskRegistry tasks;
    private final FrameworkRegistry frameworks;
    private final OfferBook offers;
    private final MasterIdentity master;
    private final BridgeConfig config;
    private final BridgeStartup startup;

    public MasterViews(AgentDirectory agents, ClusterView cluster, TaskRegistry tasks, FrameworkRegistry frameworks,
                       OfferBook offers, MasterIdentity master, BridgeConfig config, BridgeStartup startup) {
        this.startup = startup;
        this.agents = agents;
        this.cluster = cluster;
        this.tasks = tasks;
        this.frameworks = frameworks;
        this.offers = offers;
        this.master = master;
        this.config = config;
    }

    public Response.GetAgents getAgents() {
        Map<String, Resources> allocatedByNode = new HashMap<>();
        for (MesosTask task : tasks.all()) {
            if (!TaskStates.isTerminal(TaskRegistry.stateOf(task))) {
                allocatedByNode.merge(task.getSpec().getNodeName(), allocatedOf(task), Resources::add);
            }
        }
        Response.GetAgents.Builder answer = Response.GetAgents.newBuilder();
        for (Agent agent : agents.agents()) {
            Node node = cluster.node(agent.nodeName());
            if (node != null) {
                answer.addAgents(agent(agent, node, allocatedByNode.getOrDefault(agent.nodeName(), Resources.empty())));
            }
        }
        return answer.build();
    }

    /** The agent of one node, if the node is (still) an agent. */
    public Optional<Response.GetAgents.Agent> agentOnNode(String nodeName) {
        Node node = cluster.node(nodeName);
        if (node == null) {
            return Optional.empty();
        }
        return agents.byNode(nodeName).map(agent -> {
            Resources allocated = Resources.empty();
            for (MesosTask task : tasks.onNode(nodeName)) {
                if (!TaskStates.isTerminal(TaskRegistry.stateOf(task))) {
                    allocated = allocated.add(allocatedOf(task));
                }
            }
            return agent(agent, node, allocated);
        });
    }

    private Response.GetAgents.Agent agent(Agent agent, Node node, Resources allocated) {
        return MasterResponses.agent(agent, node, Drains.effective(node, tasks.onNode(agent.nodeName())), allocated,
                offers.offeredOn(agent.id()));
    }

    public Response.GetFrameworks getFrameworks() {
        Map<String, List<Protos.Offer>> offersByFramework = new HashMap<>();
        for (Offer offer : offers.all()) {
            offersByFramework.computeIfAbsent(offer.frameworkId(), id -> new java.util.ArrayList<>())
                    .add(offer.toProto());
        }
        Response.GetFrameworks.Builder answer = Response.GetFrameworks.newBuilder();
        for (Framework framework : frameworks.all()) {
            answer.addFrameworks(MasterResponses.framework(framework, false,
                    offersByFramework.getOrDefault(framework.id(), List.of()), allocatedTo(framework.id())));
        }
        for (Framework framework : frameworks.completed()) {
            answer.addCompletedFrameworks(MasterResponses.framework(framework, true, List.of(), Resources.empty()));
        }
        return answer.build();
    }

    public Response.GetFrameworks.Framework framework(Framework framework) {
        List<Protos.Offer> offered = offers.all().stream().filter(offer -> offer.frameworkId().equals(framework.id()))
                .map(Offer::toProto).toList();
        return MasterResponses.framework(framework, false, offered, allocatedTo(framework.id()));
    }

    private Resources allocatedTo(String frameworkId) {
        Resources allocated = Resources.empty();
        for (MesosTask task : tasks.ofFramework(frameworkId)) {
            if (!TaskStates.isTerminal(TaskRegistry.stateOf(task))) {
                allocated = allocated.add(allocatedOf(task));
            }
        }
        return allocated;
    }

    public Response.GetTasks getTasks() {
        Response.GetTasks.Builder answer = Response.GetTasks.newBuilder();
        for (MesosTask task : tasks.all()) {
            Optional<Protos.Task> converted = task(task);
            if (converted.isEmpty()) {
                continue;
            }
            if (converted.get().getState() == TaskState.TASK_UNREACHABLE) {
                answer.addUnreachableTasks(converted.get());
            } else {
                answer.addTasks(converted.get());
            }
        }
        for (TaskRegistry.CompletedTask done : tasks.completed()) {
            answer.addCompletedTasks(MasterResponses.completedTask(done));
        }
        return answer.build();
    }

    /** One MesosTask as mesos.v1.Task; empty (and logged) when it holds no readable TaskInfo. */
    public Optional<Protos.Task> task(MesosTask task) {
        try {
            return Optional.of(MasterResponses.task(task, tasks.taskInfo(task)));
        } catch (IllegalStateException unreadable) {
            LOG.debugf(unreadable, "leaving out MesosTask %s", task.getMetadata().getName());
            return Optional.empty();
        }
    }

    public Response.GetState getState() {
        return MasterResponses.getState(getTasks(), getFrameworks(), getAgents());
    }

    public Response.GetRoles getRoles() {
        Map<String, Resources> allocatedByRole = new HashMap<>();
        for (MesosTask task : tasks.all()) {
            if (!TaskStates.isTerminal(TaskRegistry.stateOf(task))) {
                allocatedByRole.merge(roleOf(task), allocatedOf(task), Resources::add);
            }
        }
        return MasterResponses.roles(frameworks.all(), allocatedByRole);
    }

    public Response getMaster() {
        return MasterResponses.master(master.masterInfo(), master.startTimeMillis(), startup.electedTimeMillis());
    }

    /** The flags of this master, under the names of the Mesos master flags they stand for. */
    public Map<String, String> flags() {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("hostname", master.masterInfo().getHostname());
        flags.put("advertise_ip", config.advertisedIp());
        flags.put("advertise_port", Integer.toString(config.advertisedPort()));
        flags.put("port", Integer.toString(config.advertisedPort()));
        flags.put("allocation_interval", MasterResponses.duration(config.allocationIntervalMillis()));
        flags.put("authenticate_agents", "false");
        flags.put("authenticate_frameworks", "false");
        flags.put("authenticate_http_frameworks", "false");
        flags.put("authenticate_http_readonly", "false");
        flags.put("authenticate_http_readwrite", "false");
        flags.put("max_completed_frameworks", "100");
        flags.put("max_completed_tasks_per_framework", Integer.toString(config.completedTaskHistory()));
        flags.put("registry", "kubernetes:" + config.namespace());
        return flags;
    }

    private Resources allocatedOf(MesosTask task) {
        try {
            return tasks.resources(task).allocate(roleOf(task));
        } catch (IllegalStateException unreadable) {
            return Resources.empty();
        }
    }

    private static String roleOf(MesosTask task) {
        String role = task.getSpec().getRole();
        return role == null || role.isEmpty() ? "*" : role;
    }
}
