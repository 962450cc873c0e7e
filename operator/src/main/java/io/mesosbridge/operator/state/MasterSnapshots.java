package io.mesosbridge.operator.state;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Pod;
import io.mesosbridge.crds.MesosTask;
import io.mesosbridge.crds.MesosTaskStatus.StatusUpdateRecord;
import io.mesosbridge.mesos.json.MesosJson;
import io.mesosbridge.mesos.json.MesosJsonException;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.FrameworkInfo;
import io.mesosbridge.mesos.v1.Protos.MasterInfo;
import io.mesosbridge.mesos.v1.Protos.TaskInfo;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;
import io.mesosbridge.operator.agents.Agent;
import io.mesosbridge.operator.agents.AgentDirectory;
import io.mesosbridge.operator.agents.AgentResources;
import io.mesosbridge.operator.allocation.Allocator;
import io.mesosbridge.operator.cluster.ClusterView;
import io.mesosbridge.operator.config.BridgeConfig;
import io.mesosbridge.operator.frameworks.Framework;
import io.mesosbridge.operator.frameworks.FrameworkRegistry;
import io.mesosbridge.operator.master.BridgeStartup;
import io.mesosbridge.operator.master.MasterIdentity;
import io.mesosbridge.operator.offers.Offer;
import io.mesosbridge.operator.offers.OfferBook;
import io.mesosbridge.operator.master.LeaderGate;
import io.mesosbridge.operator.state.MasterSnapshot.AgentView;
import io.mesosbridge.operator.state.MasterSnapshot.FrameworkView;
import io.mesosbridge.operator.state.MasterSnapshot.TaskView;
import io.mesosbridge.operator.tasks.TaskRegistry;
import io.mesosbridge.operator.tasks.TaskResources;
import io.mesosbridge.operator.tasks.TaskStates;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads the master's caches (registries, informers, offer book, allocator) into a {@link MasterSnapshot}. */
@ApplicationScoped
public class MasterSnapshots {

    static final String DRAIN_ANNOTATION = "mesos.mesosbridge.io/drain-info";

    private final MasterIdentity master;
    private final BridgeConfig config;
    private final AgentDirectory agents;
    private final ClusterView cluster;
    private final FrameworkRegistry frameworks;
    private final TaskRegistry tasks;
    private final OfferBook offers;
    private final Allocator allocator;
    private final LeaderGate gate;
    private final BridgeStartup startup;

    public MasterSnapshots(MasterIdentity master, BridgeConfig config, AgentDirectory agents, ClusterView cluster,
                           FrameworkRegistry frameworks, TaskRegistry tasks, OfferBook offers, Allocator allocator,
                           LeaderGate gate, BridgeStartup startup) {
        this.master = master;
        this.config = config;
        this.agents = agents;
        this.cluster = cluster;
        this.frameworks = frameworks;
        this.tasks = tasks;
        this.offers = offers;
        this.allocator = allocator;
        this.gate = gate;
        this.startup = startup;
    }

    /** Whether the caches are up (informers started); before that there is nothing to report. */
    public boolean ready() {
        try {
            cluster.nodes();
            tasks.all();
            return true;
        } catch (NullPointerException notStarted) {
            return false;
        }
    }

    public MasterSnapshot take() {
        MasterInfo info = master.masterInfo();
        double start = master.startTimeMillis() / 1000.0;
        boolean elected = gate.isLeading();
        MasterInfo leader = elected ? info : gate.leaderAddress().map(MasterSnapshots::leaderInfo).orElse(null);

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
            double created = creationSecs(node.getMetadata().getCreationTimestamp());
            agentViews.add(new AgentView(agent.id(), agent.hostname(), nodeIp(node), agent.attributes(),
                    agent.total(), agent.active(), Math.max(created, start), drainInfo(node)));
        }

        List<FrameworkView> registered = frameworks.all().stream().map(f -> view(f, false)).toList();
        List<FrameworkView> completed = frameworks.completed().stream().map(f -> view(f, true)).toList();

        List<TaskView> live = new ArrayList<>();
        for (MesosTask task : tasks.all()) {
            try {
                live.add(liveTask(task));
            } catch (IllegalStateException unreadable) {
                // a MesosTask without a valid TaskInfo is not a task the master knows
            }
        }
        List<TaskView> done = tasks.completed().stream().map(this::completedTask).toList();
        List<Protos.Offer> outstanding = offers.all().stream().map(Offer::toProto).toList();
        Allocator.AllocationStats cycle = allocator.lastCycle();
        return new MasterSnapshot(info, start, startup.electedTimeMillis() / 1000.0, elected, leader, null,
                buildTimeSecs(start), flags(info), agentViews, unreachable, registered, completed, live, done,
                outstanding, new MasterSnapshot.Allocation(cycle.runs(), cycle.lastRunMillis()));
    }

    /** The master's settings under the Mesos flag names they correspond to, plus the bridge's own. */
    Map<String, String> flags(MasterInfo info) {
        Map<String, String> flags = new TreeMap<>();
        flags.put("hostname", info.getHostname());
        flags.put("ip", config.advertisedIp());
        flags.put("port", Integer.toString(config.advertisedPort()));
        flags.put("allocation_interval", StateJson.duration(config.allocationIntervalMillis()));
        flags.put("authenticate_agents", "false");
        flags.put("authenticate_frameworks", "false");
        flags.put("authenticate_http_frameworks", "false");
        flags.put("authenticate_http_readonly", "false");
        flags.put("authenticate_http_readwrite", "false");
        flags.put("mesos_bridge_namespace", config.namespace());
        flags.put("mesos_bridge_default_image", config.defaultImage());
        flags.put("mesos_bridge_image_pull_policy", config.imagePullPolicy());
        flags.put("mesos_bridge_port_range", config.portRange());
        config.agentNodeSelector().ifPresent(selector -> flags.put("mesos_bridge_agent_node_selector", selector));
        flags.put("mesos_bridge_attribute_label_prefix", config.attributeLabelPrefix());
        flags.put("mesos_bridge_heartbeat_interval", StateJson.duration(config.heartbeatIntervalSeconds() * 1000L));
        flags.put("mesos_bridge_update_retry_initial", StateJson.duration(config.updateRetryInitialMillis()));
        flags.put("mesos_bridge_update_retry_max", StateJson.duration(config.updateRetryMaxMillis()));
        flags.put("mesos_bridge_subscriber_queue_limit", Integer.toString(config.subscriberQueueLimit()));
        flags.put("mesos_bridge_completed_task_history", Integer.toString(config.completedTaskHistory()));
        return flags;
    }

    private FrameworkView view(Framework framework, boolean completed) {
        FrameworkInfo info = framework.info();
        boolean connected = !completed && framework.isConnected();
        boolean multiRole = framework.hasCapability(FrameworkInfo.Capability.Type.MULTI_ROLE);
        return new FrameworkView(info, framework.roles(), multiRole, connected, connected, false,
                framework.registeredTime().toEpochMilli() / 1000.0, 0.0);
    }

    private TaskView liveTask(MesosTask task) {
        TaskInfo info = tasks.taskInfo(task);
        String frameworkId = task.getSpec().getFrameworkId();
        Protos.Task.Builder proto = base(info, frameworkId, task.getSpec().getAgentId(), TaskRegistry.stateOf(task));
        String podIp = podIp(task);
        if (task.getStatus() != null) {
            for (StatusUpdateRecord record : task.getStatus().getHistory()) {
                TaskStatus.Builder status = TaskStatus.newBuilder()
                        .setTaskId(info.getTaskId())
                        .setState(TaskState.valueOf(record.getState()))
                        .setTimestamp(creationSecs(record.getTimestamp()));
                if (podIp != null && !TaskState.TASK_STAGING.name().equals(record.getState())) {
                    status.getContainerStatusBuilder().addNetworkInfos(Protos.NetworkInfo.newBuilder()
                            .addIpAddresses(Protos.NetworkInfo.IPAddress.newBuilder()
                                    .setProtocol(podIp.contains(":") ? Protos.NetworkInfo.Protocol.IPv6
                                            : Protos.NetworkInfo.Protocol.IPv4)
                                    .setIpAddress(podIp)));
                }
                proto.addStatuses(status);
            }
        }
        return new TaskView(proto.build(), roleOf(task.getSpec().getRole(), frameworkId));
    }

    private TaskView completedTask(TaskRegistry.CompletedTask task) {
        TaskState state = task.lastStatus() == null ? TaskState.TASK_LOST : task.lastStatus().getState();
        Protos.Task.Builder proto = base(task.info(), task.frameworkId(), task.agentId(), state);
        if (task.lastStatus() != null) {
            proto.addStatuses(task.lastStatus());
        }
        return new TaskView(proto.build(), roleOf(null, task.frameworkId()));
    }

    private static Protos.Task.Builder base(TaskInfo info, String frameworkId, String agentId, TaskState state) {
        Protos.Task.Builder proto = Protos.Task.newBuilder()
                .setName(info.getName())
                .setTaskId(info.getTaskId())
                .setFrameworkId(Protos.FrameworkID.newBuilder().setValue(frameworkId))
                .setAgentId(Protos.AgentID.newBuilder().setValue(agentId == null ? "" : agentId))
                .setState(state)
                .addAllResources(TaskResources.of(info));
        if (info.hasExecutor()) {
            proto.setExecutorId(info.getExecutor().getExecutorId());
        }
        if (info.hasLabels()) {
            proto.setLabels(info.getLabels());
        }
        if (info.hasDiscovery()) {
            proto.setDiscovery(info.getDiscovery());
        }
        if (info.hasContainer()) {
            proto.setContainer(info.getContainer());
        }
        return proto;
    }

    private String roleOf(String role, String frameworkId) {
        if (role != null && !role.isEmpty()) {
            return role;
        }
        return frameworks.get(frameworkId).map(f -> f.roles().get(0)).orElse("*");
    }

    private String podIp(MesosTask task) {
        if (task.getStatus() == null || task.getStatus().getPodName() == null || task.getSpec().getNodeName() == null) {
            return null;
        }
        for (Pod pod : cluster.podsOn(task.getSpec().getNodeName())) {
            if (pod.getMetadata().getName().equals(task.getStatus().getPodName())
                    && config.namespace().equals(pod.getMetadata().getNamespace())
                    && pod.getStatus() != null && pod.getStatus().getPodIP() != null) {
                return pod.getStatus().getPodIP();
            }
        }
        return null;
    }

    /**
     * The agent's drain, kept on its Node by DRAIN_AGENT (annotation {@value #DRAIN_ANNOTATION}, Mesos JSON); a
     * DRAINING agent whose tasks are all terminal and acknowledged reads DRAINED.
     */
    private Protos.DrainInfo drainInfo(Node node) {
        Map<String, String> annotations = node.getMetadata().getAnnotations();
        String text = annotations == null ? null : annotations.get(DRAIN_ANNOTATION);
        if (text == null || text.isBlank()) {
            return null;
        }
        Protos.DrainInfo info;
        try {
            info = MesosJson.parse(text, Protos.DrainInfo.newBuilder()).build();
        } catch (MesosJsonException | RuntimeException unreadable) {
            return null;
        }
        if (info.getState() == Protos.DrainState.DRAINING) {
            boolean drained = tasks.onNode(node.getMetadata().getName()).stream().allMatch(task ->
                    TaskStates.isTerminal(TaskRegistry.stateOf(task))
                            && (task.getStatus() == null || task.getStatus().getPendingUpdates().isEmpty()));
            if (drained) {
                return info.toBuilder().setState(Protos.DrainState.DRAINED).build();
            }
        }
        return info;
    }

    static String nodeIp(Node node) {
        if (node.getStatus() != null && node.getStatus().getAddresses() != null) {
            for (String type : List.of("InternalIP", "ExternalIP")) {
                for (NodeAddress address : node.getStatus().getAddresses()) {
                    if (type.equals(address.getType()) && address.getAddress() != null) {
                        return address.getAddress();
                    }
                }
            }
        }
        return node.getMetadata().getName();
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

    private static double creationSecs(String timestamp) {
        if (timestamp == null) {
            return 0;
        }
        try {
            Instant instant = Instant.parse(timestamp);
            return instant.getEpochSecond() + instant.getNano() / 1e9;
        } catch (DateTimeParseException e) {
            return 0;
        }
    }

    private static double buildTimeSecs(double fallback) {
        try {
            var source = MasterSnapshots.class.getProtectionDomain().getCodeSource();
            if (source != null) {
                long modified = java.nio.file.Files.getLastModifiedTime(java.nio.file.Path.of(source.getLocation().toURI()))
                        .toMillis();
                return modified / 1000.0;
            }
        } catch (Exception e) {
            // fall through
        }
        return fallback;
    }
}
