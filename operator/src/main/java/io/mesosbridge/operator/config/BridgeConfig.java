package io.mesosbridge.operator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Settings of the bridge ({@code mesos-bridge.*} in application.properties or environment variables). */
@ConfigMapping(prefix = "mesos-bridge")
public interface BridgeConfig {

    /** The namespace holding MesosFramework and MesosTask objects and the tasks' Pods. */
    @WithDefault("mesos")
    String namespace();

    /** The image a task runs when its TaskInfo names none. */
    @WithDefault("mesos-bridge/busybox:local")
    String defaultImage();

    @WithDefault("IfNotPresent")
    String imagePullPolicy();

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
     * How long a client may take to send a whole request once its head has arrived; a request still unfinished then
     * is answered 408 and its connection closed. Responses (an event stream) are not bounded by it.
     */
    @WithDefault("30S")
    Duration requestTimeout();

    /** Elect one leader among replicas through a Kubernetes Lease; followers redirect to it (307). */
    @WithDefault("true")
    boolean leaderElection();

    /** How long a leader's Lease lasts without renewal; a killed leader is replaced after about this long. */
    @WithDefault("4000")
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

    /** How long a v0 framework's authentication may take (Mesos's {@code --authentication_v0_timeout}). */
    @WithDefault("15S")
    Duration authenticationV0Timeout();

    /** Create or update the CRDs at start-up (the Helm chart installs them itself and turns this off). */
    @WithDefault("true")
    boolean installCrds();
}
