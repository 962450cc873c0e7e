package io.mesosbridge.operator.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.mesosbridge.crds.MesosTask;
import io.mesosbridge.crds.MesosTaskStatus.StatusUpdateRecord;
import io.mesosbridge.mesos.json.MesosJson;
import io.mesosbridge.mesos.json.MesosJsonException;
import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.tasks.TaskResources;
import io.mesosbridge.mesos.tasks.TaskStates;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.FrameworkInfo;
import io.mesosbridge.mesos.v1.Protos.MasterInfo;
import io.mesosbridge.mesos.v1.Protos.TaskInfo;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;
import io.mesosbridge.operator.agents.Agent;
import io.mesosbridge.operator.agents.AgentDirectory;
import io.mesosbridge.operator.agents.AgentResources;
import io.mesosbridge.operator.cluster.ClusterView;
import io.mesosbridge.operator.config.BridgeConfig;
import io.mesosbridge.operator.frameworks.Framework;
import io.mesosbridge.operator.frameworks.FrameworkRegistry;
import io.mesosbridge.operator.identity.MasterIdentity;
import io.mesosbridge.operator.leadership.LeaderGate;
import io.mesosbridge.operator.master.Drains;
import io.mesosbridge.operator.offers.Offer;
import io.mesosbridge.operator.offers.OfferBook;
import io.mesosbridge.operator.state.MasterSnapshot.AgentView;
import io.mesosbridge.operator.state.MasterSnapshot.ExecutorView;
import io.mesosbridge.operator.state.MasterSnapshot.FrameworkView;
import io.mesosbridge.operator.state.MasterSnapshot.TaskView;
import io.mesosbridge.operator.store.MesosTaskStore;
import io.mesosbridge.operator.tasks.CompletedTasks;
import io.mesosbridge.operator.tasks.TaskStatuses;
import io.mesosbridge.operator.tasks.TaskTotals;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The one reader of the master's state: frameworks, agents, tasks, offers and settings, read from the registries,
 * the task store and the cluster view into a {@link MasterSnapshot}, or one object at a time for the operator API's
 * events. Every endpoint that shows the state renders what this returns.
 */
@ApplicationScoped
public class MasterState {

    private static final Logger LOG = Logger.getLogger(MasterState.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MasterIdentity master;
    private final BridgeConfig config;
    private final AgentDirectory agents;
    private final ClusterView cluster;
    private final FrameworkRegistry frameworks;
    private final MesosTaskStore tasks;
    private final CompletedTasks completed;
    private final OfferBook offers;
    private final LeaderGate gate;
    private final TaskTotals taskTotals;
    private final Map<String, AgentTotal> agentTotals = new ConcurrentHashMap<>();
    private final Map<String, ViewedTask> viewed = new ConcurrentHashMap<>();

    public MasterState(MasterIdentity master, BridgeConfig config, AgentDirectory agents, ClusterView cluster,
                       FrameworkRegistry frameworks, MesosTaskStore tasks, CompletedTasks completed,
                       OfferBook offers, LeaderGate gate, TaskTotals taskTotals) {
        this.master = master;
        this.config = config;
        this.agents = agents;
        this.cluster = cluster;
        this.frameworks = frameworks;
        this.tasks = tasks;
        this.completed = completed;
        this.offers = offers;
        this.gate = gate;
        this.taskTotals = taskTotals;
    }

    /** Whether the caches are up (informers started); before that there is nothing to report. */
    public boolean ready() {
        return cluster.isStarted() && tasks.isStarted();
    }

    public MasterSnapshot take() {
        MasterInfo info = master.masterInfo();
        double start = master.startTimeMillis() / 1000.0;
        boolean elected = gate.isLeading();
        MasterInfo leader = elected ? info : gate.leaderAddress().map(MasterState::leaderInfo).orElse(null);

        List<MesosTask> liveTasks = tasks.all();
        Map<String, Resources> allocatedByNode = new HashMap<>();
        Map<String, Resources> allocatedByFramework = new HashMap<>();
        List<TaskView> live = new ArrayList<>();
        List<ExecutorView> executors = new ArrayList<>();
        for (MesosTask task : liveTasks) {
            Optional<TaskView> view = taskView(task);
            if (view.isEmpty()) {
                continue;
            }
            live.add(view.get());
            Resources held = TaskStates.isTerminal(view.get().task().getState()) ? Resources.empty()
                    : Resources.of(view.get().task().getResourcesList());
            Optional<ExecutorView> executor = executorView(task, view.get().role());
            if (executor.isPresent()) {
                executors.add(executor.get());
                held = held.add(Resources.of(executor.get().info().getResourcesList()));
            }
            allocatedByNode.merge(task.getSpec().getNodeName(), held, Resources::add);
            allocatedByFramework.merge(task.getSpec().getFrameworkId(), held, Resources::add);
        }

        if (viewed.size() > liveTasks.size()) {
            viewed.keySet().retainAll(liveTasks.stream().map(task -> task.getMetadata().getName())
                    .collect(Collectors.toSet()));
        }

        List<Offer> outstanding = offers.all();
        Map<String, List<Protos.Offer>> offersByFramework = new HashMap<>();
        Map<String, Resources> offeredByAgent = new HashMap<>();
        List<Protos.Offer> offerProtos = new ArrayList<>();
        for (Offer offer : outstanding) {
            Protos.Offer proto = offer.toProto();
            offerProtos.add(proto);
            offersByFramework.computeIfAbsent(offer.frameworkId(), id -> new ArrayList<>()).add(proto);
            offeredByAgent.merge(offer.agentId(), Resources.of(proto.getResourcesList()), Resources::add);
        }

        List<AgentView> agentViews = new ArrayList<>();
        int unreachable = 0;
        for (Agent agent : agents.agents()) {
            Node node = cluster.node(agent.nodeName());
            if (node == null) {
                continue;
            }
            if (!AgentResources.isReady(node)) {
                unreachable++;
                continue;
            }
            agentViews.add(agentView(agent, node, allocatedByNode.getOrDefault(agent.nodeName(), Resources.empty()),
                    offeredByAgent.getOrDefault(agent.id(), Resources.empty())));
        }

        List<FrameworkView> registered = frameworks.all().stream()
                .map(f -> frameworkView(f, false, offersByFramework.getOrDefault(f.id(), List.of()),
                        allocatedByFramework.getOrDefault(f.id(), Resources.empty())))
                .toList();
        List<FrameworkView> completedFrameworks = frameworks.completed().stream()
                .map(f -> frameworkView(f, true, List.of(), Resources.empty())).toList();
        List<TaskView> done = completed.all().stream().map(MasterState::completedTaskView).toList();
        return new MasterSnapshot(info, start, gate.electedTimeMillis() / 1000.0, elected, leader, null,
                buildTimeSecs(start), flags(), agentViews, unreachable, registered, completedFrameworks, live, done,
                executors, offerProtos);
    }

    /**
     * The totals the metrics show, from the running task totals and one look at each Node: no pass over the tasks,
     * and an agent's resources are read again only when its Node changed.
     */
    public MasterTotals totals() {
        TaskTotals.Sums sums = taskTotals.sums();
        List<Node> nodes = cluster.nodes();
        int registered = 0;
        int active = 0;
        int unreachable = 0;
        Resources total = Resources.empty();
        Resources used = Resources.empty();
        for (Node node : nodes) {
            if (!AgentResources.isReady(node)) {
                unreachable++;
                continue;
            }
            registered++;
            if (AgentResources.isActive(node) && !Drains.isCordoned(node) && Drains.recorded(node).isEmpty()) {
                active++;
            }
            total = total.add(agentTotal(node));
            used = used.add(sums.heldByNode().getOrDefault(node.getMetadata().getName(), Resources.empty()));
        }
        if (agentTotals.size() > nodes.size()) {
            agentTotals.keySet().retainAll(nodes.stream().map(node -> node.getMetadata().getName())
                    .collect(Collectors.toSet()));
        }

        Map<String, Resources> heldByRole = new HashMap<>(sums.taskHeldByRole());
        sums.taskHeldWithoutRole().forEach((frameworkId, held) ->
                heldByRole.merge(roleOf(null, frameworkId), held, Resources::add));
        List<Offer> outstanding = offers.all();
        Resources offered = Resources.empty();
        for (Offer offer : outstanding) {
            offered = offered.add(offer.resources());
            heldByRole.merge(offer.role(), offer.resources(), Resources::add);
        }
        List<FrameworkView> registeredFrameworks = frameworks.all().stream()
                .map(f -> frameworkView(f, false, List.of(),
                        sums.heldByFramework().getOrDefault(f.id(), Resources.empty())))
                .toList();
        return new MasterTotals(gate.isLeading(), master.startTimeMillis() / 1000.0, registered, active, unreachable,
                total, used, offered, outstanding.size(), registeredFrameworks, sums.byState(),
                sums.byFrameworkState(), heldByRole);
    }

    /** What an agent has, read again only when its Node changed (a reservation relabels it, the amounts stay). */
    private Resources agentTotal(Node node) {
        String name = node.getMetadata().getName();
        AgentTotal known = agentTotals.get(name);
        if (known != null && known.node() == node) {
            return known.total();
        }
        Resources total = agents.byNode(name).map(Agent::total).orElse(Resources.empty());
        agentTotals.put(name, new AgentTotal(node, total));
        return total;
    }

    private record AgentTotal(Node node, Resources total) {
    }

    /**
     * One live task, as the snapshot shows it; empty (and logged) when its MesosTask holds no readable TaskInfo.
     * The view is built again only when the MesosTask, its Pod's address or its role changed: the same view then
     * lets the renderers keep what they made of it.
     */
    public Optional<TaskView> taskView(MesosTask task) {
        String name = task.getMetadata().getName();
        String role = roleOf(task.getSpec().getRole(), task.getSpec().getFrameworkId());
        String podIp = podIp(task);
        ViewedTask known = viewed.get(name);
        if (known != null && known.task() == task && Objects.equals(known.podIp(), podIp)
                && known.view().role().equals(role)) {
            return Optional.of(known.view());
        }
        TaskInfo info;
        try {
            info = tasks.taskInfo(task);
        } catch (IllegalStateException unreadable) {
            LOG.debugf(unreadable, "leaving out MesosTask %s", task.getMetadata().getName());
            return Optional.empty();
        }
        TaskView view = new TaskView(task(task, info, role, podIp), role);
        viewed.put(name, new ViewedTask(task, podIp, view));
        return Optional.of(view);
    }

    /** The view last made of a MesosTask (by name), and what it was made from. */
    private record ViewedTask(MesosTask task, String podIp, TaskView view) {
    }

    /**
     * The default executor of a task's group, shown with the group's first task still in the store (as its
     * resources are counted): it lives until the last of its tasks is gone. Empty for a lone task and the others.
     */
    private Optional<ExecutorView> executorView(MesosTask task, String role) {
        try {
            Resources held = tasks.executorResources(task);
            if (held.isEmpty()) {
                return Optional.empty();
            }
            return tasks.executorInfo(task).map(info -> executorView(info, task.getSpec().getAgentId(), role));
        } catch (IllegalStateException unreadable) {
            LOG.debugf(unreadable, "leaving out the executor of MesosTask %s", task.getMetadata().getName());
            return Optional.empty();
        }
    }

    /** An executor as the master keeps it: its resources allocated to its tasks' role, as a Mesos master does. */
    static ExecutorView executorView(Protos.ExecutorInfo info, String agentId, String role) {
        return new ExecutorView(info.toBuilder().clearResources()
                .addAllResources(TaskResources.normalized(info.getResourcesList()).allocate(role)).build(), agentId);
    }

    /** A live task as mesos.v1.Task: the TaskInfo it was launched with and its status updates, oldest first. */
    static Protos.Task task(MesosTask task, TaskInfo info, String role, String podIp) {
        Protos.Task.Builder proto = base(info, task.getSpec().getFrameworkId(), task.getSpec().getAgentId(),
                MesosTaskStore.stateOf(task), role);
        String executorId = MesosTaskStore.executorIdOf(task);
        if (executorId != null) {
            proto.setExecutorId(Protos.ExecutorID.newBuilder().setValue(executorId));
        }
        List<TaskStatus> statuses = statuses(task, podIp);
        proto.addAllStatuses(statuses);
        if (!statuses.isEmpty()) {
            TaskStatus latest = statuses.get(statuses.size() - 1);
            proto.setStatusUpdateState(latest.getState());
            if (latest.hasUuid()) {
                proto.setStatusUpdateUuid(latest.getUuid());
            }
        }
        return proto.build();
    }

    /** The agent of one node, if the node is (still) an agent. */
    public Optional<AgentView> agentView(String nodeName) {
        Node node = cluster.node(nodeName);
        if (node == null) {
            return Optional.empty();
        }
        return agents.byNode(nodeName).map(agent -> {
            Resources allocated = Resources.empty();
            for (MesosTask task : tasks.onNode(nodeName)) {
                if (!TaskStates.isTerminal(MesosTaskStore.stateOf(task))) {
                    allocated = allocated.add(allocatedOf(task));
                }
                allocated = allocated.add(executorAllocatedOf(task));
            }
            return agentView(agent, node, allocated, offers.offeredOn(agent.id()));
        });
    }

    /** One registered framework, as the snapshot shows it. */
    public FrameworkView frameworkView(Framework framework) {
        List<Protos.Offer> offered = offers.all().stream().filter(offer -> offer.frameworkId().equals(framework.id()))
                .map(Offer::toProto).toList();
        Resources allocated = Resources.empty();
        for (MesosTask task : tasks.ofFramework(framework.id())) {
            if (!TaskStates.isTerminal(MesosTaskStore.stateOf(task))) {
                allocated = allocated.add(allocatedOf(task));
            }
            allocated = allocated.add(executorAllocatedOf(task));
        }
        return frameworkView(framework, false, offered, allocated);
    }

    private AgentView agentView(Agent agent, Node node, Resources allocated, Resources offered) {
        return agentView(agent, node, tasks.onNode(agent.nodeName()), allocated, offered,
                master.startTimeMillis() / 1000.0, config.agentPort());
    }

    /**
     * An agent as the endpoints show it: deactivated when an operator cordoned or drains its node (a drain whose
     * tasks are all done reads DRAINED), registered when its node appeared or this master started, if later; its
     * pid names the port the agent DaemonSet serves on.
     */
    static AgentView agentView(Agent agent, Node node, Collection<MesosTask> tasksOnNode, Resources allocated,
                               Resources offered, double masterStartSecs, int agentPort) {
        Optional<Protos.DrainInfo> drain = Drains.effective(node, tasksOnNode);
        boolean deactivated = Drains.isCordoned(node) || drain.isPresent();
        double created = creationSecs(node.getMetadata().getCreationTimestamp());
        return new AgentView(agent.id(), agent.hostname(), agentPort,
                Offer.AGENT_PROCESS + "@" + agent.ip() + ":" + agentPort, agent.attributes(),
                agent.total(), allocated, offered, agent.active() && !deactivated, deactivated,
                Math.max(created, masterStartSecs), drain.orElse(null));
    }

    private static FrameworkView frameworkView(Framework framework, boolean completed, List<Protos.Offer> offered,
                                               Resources allocated) {
        FrameworkInfo info = framework.info();
        boolean connected = !completed && framework.isConnected();
        boolean active = connected && framework.isActive();
        Instant unregistered = framework.unregisteredTime();
        return new FrameworkView(info, framework.roles(),
                framework.hasCapability(FrameworkInfo.Capability.Type.MULTI_ROLE), active, connected, false,
                framework.registeredTime().toEpochMilli() / 1000.0,
                unregistered == null ? 0.0 : unregistered.toEpochMilli() / 1000.0, offered, allocated,
                List.copyOf(framework.suppressedRoles()), framework.refusals(System.currentTimeMillis()).size(),
                framework.counts(), framework.pid().orElse(null));
    }

    static TaskView completedTaskView(CompletedTasks.CompletedTask task) {
        String role = task.role() == null || task.role().isEmpty() ? "*" : task.role();
        TaskStatus last = task.lastStatus().toBuilder().clearData().build();
        Protos.Task.Builder builder = base(task.info(), task.frameworkId(), task.agentId(), last.getState(), role);
        if (last.hasExecutorId()) {
            builder.setExecutorId(last.getExecutorId());
        }
        Protos.Task proto = builder
                .addStatuses(last)
                .setStatusUpdateState(last.getState())
                .build();
        return new TaskView(proto, role);
    }

    /** A task as mesos.v1.Task: what its TaskInfo says, its resources allocated to its role. */
    private static Protos.Task.Builder base(TaskInfo info, String frameworkId, String agentId, TaskState state,
                                            String role) {
        Protos.Task.Builder task = Protos.Task.newBuilder()
                .setName(info.getName())
                .setTaskId(info.getTaskId())
                .setFrameworkId(Protos.FrameworkID.newBuilder().setValue(frameworkId))
                .setAgentId(Protos.AgentID.newBuilder().setValue(agentId == null ? "" : agentId))
                .setState(state)
                .addAllResources(TaskResources.of(info).allocate(role));
        if (info.hasExecutor()) {
            task.setExecutorId(info.getExecutor().getExecutorId());
        }
        if (info.hasLabels()) {
            task.setLabels(info.getLabels());
        }
        if (info.hasDiscovery()) {
            task.setDiscovery(info.getDiscovery());
        }
        if (info.hasContainer()) {
            task.setContainer(info.getContainer());
        }
        if (info.hasHealthCheck()) {
            task.setHealthCheck(info.getHealthCheck());
        }
        if (info.hasKillPolicy()) {
            task.setKillPolicy(info.getKillPolicy());
        }
        if (info.hasCommand() && info.getCommand().hasUser()) {
            task.setUser(info.getCommand().getUser());
        }
        task.putAllLimits(info.getLimitsMap());
        return task;
    }

    /**
     * The status updates of a MesosTask, oldest first: the exact TaskStatus where the record still carries it
     * (updates not yet acknowledged), else one rebuilt from the history record (state, reason, message, uuid,
     * timestamp) with the Pod's address once it has one, where Mesos puts the container's.
     */
    static List<TaskStatus> statuses(MesosTask task, String podIp) {
        if (task.getStatus() == null) {
            return List.of();
        }
        Map<String, TaskStatus> exact = new TreeMap<>();
        for (StatusUpdateRecord pending : task.getStatus().getPendingUpdates()) {
            exactStatus(pending).ifPresent(status -> exact.put(pending.getUuid(), status));
        }
        List<TaskStatus> statuses = new ArrayList<>();
        for (StatusUpdateRecord record : task.getStatus().getHistory()) {
            TaskStatus status = record.getUuid() == null ? null : exact.get(record.getUuid());
            statuses.add(status != null ? status : rebuilt(task, record, podIp));
        }
        return statuses;
    }

    /** The TaskStatus of one update record of the task (exact while pending, else rebuilt). */
    public TaskStatus statusOf(MesosTask task, StatusUpdateRecord record) {
        if (task.getStatus() != null && record.getUuid() != null) {
            for (StatusUpdateRecord pending : task.getStatus().getPendingUpdates()) {
                if (record.getUuid().equals(pending.getUuid())) {
                    Optional<TaskStatus> found = exactStatus(pending);
                    if (found.isPresent()) {
                        return found.get();
                    }
                }
            }
        }
        return exactStatus(record).orElseGet(() -> rebuilt(task, record, podIp(task)));
    }

    private static Optional<TaskStatus> exactStatus(StatusUpdateRecord record) {
        if (record.getTaskStatus() == null || record.getTaskStatus().isNull()) {
            return Optional.empty();
        }
        try {
            return Optional.of(MesosJson.parse(JSON.writeValueAsString(record.getTaskStatus()), TaskStatus.newBuilder())
                    .clearData().build());
        } catch (JsonProcessingException | MesosJsonException unreadable) {
            return Optional.empty();
        }
    }

    private static TaskStatus rebuilt(MesosTask task, StatusUpdateRecord record, String podIp) {
        TaskState state = enumOr(TaskState.class, record.getState(), TaskState.TASK_STAGING);
        TaskStatus.Builder status = TaskStatus.newBuilder()
                .setTaskId(Protos.TaskID.newBuilder().setValue(task.getSpec().getTaskId()))
                .setAgentId(Protos.AgentID.newBuilder().setValue(task.getSpec().getAgentId()))
                .setState(state);
        TaskStatus.Reason reason = enumOr(TaskStatus.Reason.class, record.getReason(), null);
        if (reason != null) {
            status.setReason(reason);
        }
        if (record.getMessage() != null) {
            status.setMessage(record.getMessage());
        }
        if (record.getUuid() != null) {
            try {
                status.setUuid(ByteString.copyFrom(Base64.getDecoder().decode(record.getUuid())));
            } catch (IllegalArgumentException notBase64) {
                // left out
            }
        }
        status.setTimestamp(creationSecs(record.getTimestamp()));
        if (podIp != null && state != TaskState.TASK_STAGING) {
            status.getContainerStatusBuilder().addNetworkInfos(TaskStatuses.networkInfo(podIp));
        }
        return status.build();
    }

    /** A task group's executor holds its resources until the last of its tasks is gone; counted once per group. */
    private Resources executorAllocatedOf(MesosTask task) {
        try {
            return tasks.executorResources(task).allocate(roleOf(task.getSpec().getRole(),
                    task.getSpec().getFrameworkId()));
        } catch (IllegalStateException unreadable) {
            return Resources.empty();
        }
    }

    private Resources allocatedOf(MesosTask task) {
        try {
            return tasks.resources(task).allocate(roleOf(task.getSpec().getRole(), task.getSpec().getFrameworkId()));
        } catch (IllegalStateException unreadable) {
            return Resources.empty();
        }
    }

    private String roleOf(String role, String frameworkId) {
        if (role != null && !role.isEmpty()) {
            return role;
        }
        return frameworks.get(frameworkId).map(f -> f.roles().get(0)).orElse("*");
    }

    private String podIp(MesosTask task) {
        if (task.getStatus() == null || task.getStatus().getPodName() == null) {
            return null;
        }
        Pod pod = cluster.pod(task.getMetadata().getNamespace(), task.getStatus().getPodName());
        return pod == null || pod.getStatus() == null ? null : pod.getStatus().getPodIP();
    }

    /** The master's settings under the Mesos flag names they correspond to, plus the bridge's own. */
    Map<String, String> flags() {
        MasterInfo info = master.masterInfo();
        Map<String, String> flags = new TreeMap<>();
        flags.put("hostname", info.getHostname());
        flags.put("ip", config.advertisedIp());
        flags.put("advertise_ip", config.advertisedIp());
        flags.put("port", Integer.toString(config.advertisedPort()));
        flags.put("advertise_port", Integer.toString(config.advertisedPort()));
        flags.put("allocation_interval", duration(config.allocationIntervalMillis()));
        flags.put("authenticate_agents", "false");
        flags.put("authenticate_frameworks", "false");
        flags.put("authenticate_http_frameworks", "false");
        flags.put("authenticate_http_readonly", "false");
        flags.put("authenticate_http_readwrite", "false");
        flags.put("max_completed_frameworks", Integer.toString(config.maxCompletedFrameworks()));
        flags.put("max_completed_tasks_per_framework", Integer.toString(config.maxCompletedTasksPerFramework()));
        config.offerTimeout().ifPresent(timeout -> flags.put("offer_timeout", duration(timeout.toMillis())));
        flags.put("registry", "kubernetes:" + config.namespace());
        flags.put("mesos_bridge_namespace", config.namespace());
        flags.put("mesos_bridge_default_image", config.defaultImage());
        flags.put("mesos_bridge_image_pull_policy", config.imagePullPolicy());
        flags.put("mesos_bridge_port_range", config.portRange());
        config.agentNodeSelector().ifPresent(selector -> flags.put("mesos_bridge_agent_node_selector", selector));
        flags.put("mesos_bridge_attribute_label_prefix", config.attributeLabelPrefix());
        flags.put("mesos_bridge_heartbeat_interval", duration(config.heartbeatIntervalSeconds() * 1000L));
        flags.put("mesos_bridge_update_retry_initial", duration(config.updateRetryInitialMillis()));
        flags.put("mesos_bridge_update_retry_max", duration(config.updateRetryMaxMillis()));
        flags.put("mesos_bridge_subscriber_queue_limit", Integer.toString(config.subscriberQueueLimit()));
        flags.put("mesos_bridge_subscriber_queue_bytes", Long.toString(config.subscriberQueueBytes()));
        flags.put("mesos_bridge_max_frameworks", Integer.toString(config.maxFrameworks()));
        flags.put("mesos_bridge_max_subscriptions_per_principal",
                Integer.toString(config.maxSubscriptionsPerPrincipal()));
        flags.put("mesos_bridge_request_timeout", duration(config.requestTimeout().toMillis()));
        return flags;
    }

    /** A duration as Mesos prints flag values ({@code 1secs}, {@code 500ms}, {@code 10mins}). */
    public static String duration(long millis) {
        double nanos = millis * 1e6;
        String[] units = {"weeks", "days", "hrs", "mins", "secs", "ms", "us", "ns"};
        double[] sizes = {7 * 86400e9, 86400e9, 3600e9, 60e9, 1e9, 1e6, 1e3, 1};
        for (int i = 0; i < units.length; i++) {
            if (nanos >= sizes[i] || i == units.length - 1) {
                double value = nanos / sizes[i];
                String number = value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
                return number + units[i];
            }
        }
        throw new AssertionError();
    }

    static MasterInfo leaderInfo(String hostAndPort) {
        int colon = hostAndPort.lastIndexOf(':');
        String host = colon > 0 ? hostAndPort.substring(0, colon) : hostAndPort;
        int port = 5050;
        if (colon > 0) {
            try {
                port = Integer.parseInt(hostAndPort.substring(colon + 1));
            } catch (NumberFormatException ignored) {
                // keep the Mesos default
            }
        }
        return MasterInfo.newBuilder().setId("").setIp(0).setPort(port).setHostname(host)
                .setPid("master@" + host + ":" + port).build();
    }

    static double creationSecs(String timestamp) {
        if (timestamp == null) {
            return 0;
        }
        try {
            return TaskStatuses.seconds(Instant.parse(timestamp));
        } catch (DateTimeParseException e) {
            return 0;
        }
    }

    private static <E extends Enum<E>> E enumOr(Class<E> type, String name, E fallback) {
        if (name == null) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException unknown) {
            return fallback;
        }
    }

    private static double buildTimeSecs(double fallback) {
        try {
            var source = MasterState.class.getProtectionDomain().getCodeSource();
            if (source != null) {
                long modified = java.nio.file.Files.getLastModifiedTime(
                        java.nio.file.Path.of(source.getLocation().toURI())).toMillis();
                return modified / 1000.0;
            }
        } catch (Exception e) {
            // fall through
        }
        return fallback;
    }
}
