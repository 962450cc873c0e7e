package io.mesosbridge.operator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings of the bridge ({@code mesos-bridge.*} in application.properties or environment variables). */
@ConfigMapping(prefix = "mesos-bridge")
public interface BridgeConfig {

    /** The namespace holding MesosFramework and MesosTask objects and the tasks' Pods. */
    @WithDefault("mesos")
    String namespace();

    /**
     * Which namespace holds a role's tasks (MesosTasks and Pods): {@code single} (all in {@link #namespace()}),
     * {@code prefix} (role {@code r} in {@code <role-namespace-prefix>r}, {@code *} in {@link #namespace()}) or
     * {@code table} ({@link #roleNamespaceTable()}).
     */
    @WithDefault("single")
    String roleNamespaceMode();

    @WithDefault("mesos-")
    String roleNamespacePrefix();

    /** For {@code table} mode: {@code role=namespace} entries, comma-separated. */
    Optional<String> roleNamespaceTable();

    /**
     * Create a role's namespace (with the Pod Security labels of {@link #namespace()}) when it is missing; off, the
     * namespace must exist and a task of a role whose namespace does not is refused (TASK_ERROR).
     */
    @WithDefault("true")
    boolean createRoleNamespaces();

    /**
     * The directory on each node under which persistent volumes (CREATE) are kept, one directory per persistence id,
     * as hostPath PersistentVolumes of that node.
     */
    @WithDefault("/var/lib/mesos-bridge/volumes")
    String persistentVolumeRoot();

    /** The image a task runs when its TaskInfo names none. */
    @WithDefault("mesos-bridge/busybox:local")
    String defaultImage();

    @WithDefault("IfNotPresent")
    String imagePullPolicy();

    /**
     * The image of the init container that fetches a task's CommandInfo.uris into its sandbox; it needs sh, wget,
     * tar, unzip and chmod (busybox has them). Unset, {@link #defaultImage()}.
     */
    Optional<String> fetcherImage();

    /**
     * The Pod Security level task Pods are built to (what it forbids is a TASK_ERROR) and the task namespace is
     * labelled with for Pod Security admission: {@code baseline}, {@code restricted} or {@code privileged}.
     */
    @WithDefault("baseline")
    String podSecurityLevel();

    /** The capabilities task containers keep, every other one dropped; unset, the level's default set. */
    Optional<List<String>> taskCapabilities();

    /** Mesos user names to the uids (and gids) tasks run as: {@code name=uid[:gid]} entries, comma-separated. */
    @WithDefault("root=0,nobody=65534")
    String taskUsers();

    /** The uid (and gid) of a task whose Mesos user {@link #taskUsers()} does not list; never 0. */
    @WithDefault("65534")
    long defaultTaskUid();

    /**
     * Publish a task's port resources as host ports on its node, as Mesos's HOST networking makes them reachable.
     * Pod Security admission allows no host port below privileged, so while this is on the namespace's
     * {@code enforce} label is {@code privileged} and the bridge itself holds its Pods to the level.
     */
    @WithDefault("true")
    boolean taskHostPorts();

    /**
     * Host paths (absolute, comma-separated) under which a task's HOST_PATH volumes may be mounted as hostPath
     * volumes; unset, none may (TASK_ERROR). Non-empty, the task namespace's Pod Security {@code enforce} label is
     * {@code privileged}, as baseline admission refuses every hostPath.
     */
    Optional<List<String>> allowedHostPaths();

    /** The ports every agent offers, in Mesos range syntax; a Node annotation can override it per node. */
    @WithDefault("[31000-32000]")
    String portRange();

    /**
     * Which Nodes are agents, as a label selector of {@code key=value} pairs separated by commas (every node when
     * unset): a cluster can give Mesos frameworks a node pool of their own.
     */
    Optional<String> agentNodeSelector();

    /** Node labels with this prefix become agent attributes (the prefix removed), besides the topology labels. */
    @WithDefault("mesos.mesosbridge.io/attribute.")
    String attributeLabelPrefix();

    /** Host name the master advertises (MasterInfo, redirects); the machine's host name when unset. */
    Optional<String> advertisedHost();

    /** IPv4 address the master advertises in MasterInfo. */
    @WithDefault("127.0.0.1")
    String advertisedIp();

    @WithDefault("5050")
    int advertisedPort();

    /** Port of the gRPC server the agent on each node connects to (AgentLink, AgentStates). */
    @WithDefault("5052")
    int agentLinkPort();

    /** Port the agents serve on, for an executor's MESOS_AGENT_ENDPOINT. */
    @WithDefault("5051")
    int agentPort();

    @WithDefault("15")
    int heartbeatIntervalSeconds();

    @WithDefault("1000")
    long allocationIntervalMillis();

    /** First resend delay of an unacknowledged status update; doubles up to {@link #updateRetryMaxMillis()}. */
    @WithDefault("10000")
    long updateRetryInitialMillis();

    @WithDefault("600000")
    long updateRetryMaxMillis();

    /** Events a subscriber may have waiting before it is disconnected as too slow. */
    @WithDefault("10000")
    int subscriberQueueLimit();

    /**
     * Bytes of events a subscriber may have waiting (beyond the one being written) before it is disconnected as too
     * slow, whatever their number.
     */
    @WithDefault("16777216")
    long subscriberQueueBytes();

    /**
     * Completed tasks remembered per framework for reconciliation and the state endpoints (Mesos's
     * {@code --max_completed_tasks_per_framework}).
     */
    @WithDefault("1000")
    int maxCompletedTasksPerFramework();

    /** Removed frameworks remembered for the state endpoints (Mesos's {@code --max_completed_frameworks}). */
    @WithDefault("50")
    int maxCompletedFrameworks();

    /** Frameworks registered at a time; a SUBSCRIBE of a new framework beyond it is refused with an ERROR. */
    @WithDefault("1000")
    int maxFrameworks();

    /**
     * Connected frameworks (event streams) per principal, frameworks without a principal counting as one; a
     * SUBSCRIBE beyond it is refused with an ERROR.
     */
    @WithDefault("100")
    int maxSubscriptionsPerPrincipal();

    /**
     * How long an offer may stay outstanding before it is rescinded (Mesos's {@code --offer_timeout}); unset, offers
     * stay until used, declined or withdrawn.
     */
    Optional<Duration> offerTimeout();

    /**
     * The roles' initial weights (Mesos's {@code --weights}): {@code role=weight} entries, comma-separated. Weights
     * set later through UPDATE_WEIGHTS or {@code /weights} are stored in the roles ConfigMap and win over these.
     */
    Optional<String> weights();

    /** Agents with GPUs are offered only to frameworks with GPU_RESOURCES (Mesos's {@code --filter_gpu_resources}). */
    @WithDefault("true")
    boolean filterGpuResources();

    /**
     * How long a client may take to send a whole request once its head has arrived; a request still unfinished then
     * is answered 408 and its connection closed. Responses (an event stream) are not bounded by it.
     */
    @WithDefault("30S")
    Duration requestTimeout();

    /** Elect one leader among replicas through a Kubernetes Lease; followers redirect to it (307). */
    @WithDefault("true")
    boolean leaderElection();

    /**
     * How long a leader's Lease lasts without renewal; a killed leader is replaced after about this long. The leader
     * renews every eighth of it and exits when no renewal succeeded for three quarters of it. The default is that of
     * Mesos's {@code --zk_session_timeout} (10 s), how long a Mesos master lasts without ZooKeeper. Shorter leases
     * fail over faster but cost a leader its Lease when the API server is slow to answer: on the project's 2-core
     * machine a 3 s lease was lost under a 1,000-task launch, and a 4 s lease at 1,000 nodes and 10 frameworks.
     */
    @WithDefault("10000")
    long leaseDurationMillis();

    /** A ZooKeeper URL ({@code zk://host:port[,host:port]/path}) where the leader publishes its MasterInfo. */
    Optional<String> zk();

    /**
     * Only frameworks that authenticated may register (Mesos's {@code --authenticate_frameworks}); v0 drivers
     * authenticate by CRAM-MD5 against {@link #credentials()}.
     */
    @WithDefault("false")
    boolean authenticateFrameworks();

    /**
     * The principals and secrets frameworks authenticate with (Mesos's {@code --credentials}): a file holding
     * {@code {"credentials":[{"principal":..,"secret":..}]}} or {@code principal secret} lines; {@code file://} may
     * prefix the path.
     */
    Optional<String> credentials();

    /** Only authenticated clients may use the v1 scheduler API (Mesos's {@code --authenticate_http_frameworks}). */
    @WithDefault("false")
    boolean authenticateHttpFrameworks();

    /**
     * Only authenticated clients may use the endpoints that change the cluster: the operator API, teardown and
     * maintenance (Mesos's {@code --authenticate_http_readwrite}).
     */
    @WithDefault("false")
    boolean authenticateHttpReadwrite();

    /**
     * Only authenticated clients may read the state, metrics and flags endpoints (Mesos's
     * {@code --authenticate_http_readonly}); {@code /health}, {@code /version} and {@code /redirect} stay open.
     */
    @WithDefault("false")
    boolean authenticateHttpReadonly();

    /**
     * How HTTP clients authenticate (Mesos's {@code --http_authenticators}), comma-separated: {@code basic} (HTTP
     * Basic against {@link #credentials()}) and {@code kubernetes} (a bearer token checked by the API server's
     * TokenReview; the token's user name is the principal).
     */
    @WithDefault("basic,kubernetes")
    String httpAuthenticators();

    /**
     * The ACLs of the local authorizer (Mesos's {@code --acls}): their JSON, or the path of a file holding it
     * ({@code /path/to/file} or {@code file:///path/to/file}). Without ACLs every request is authorized.
     */
    Optional<String> acls();

    /**
     * Which authorizers decide (Mesos's {@code --authorizers}): {@code local} (the ACLs), {@code kubernetes} (a
     * SubjectAccessReview for a subject that authenticated with a Kubernetes token, the ACLs for any other) or
     * {@code local,kubernetes} (a Kubernetes identity needs both to allow).
     */
    @WithDefault("local")
    List<String> authorizers();

    /** How long a v0 framework's authentication may take (Mesos's {@code --authentication_v0_timeout}). */
    @WithDefault("15S")
    Duration authenticationV0Timeout();

    /**
     * Whether the operator API may cordon and drain Kubernetes Nodes (DRAIN_AGENT, DEACTIVATE_AGENT,
     * REACTIVATE_AGENT); off, those calls are refused and the bridge needs no right to patch Nodes.
     */
    @WithDefault("true")
    boolean nodeMaintenance();

    /** Create or update the CRDs at start-up (the Helm chart installs them itself and turns this off). */
    @WithDefault("true")
    boolean installCrds();
}
