package io.mesosbridge.operator.it;

import io.mesosbridge.testcluster.RealCluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged bridge (operator/target/quarkus-app) run as its own process against the real cluster, as an
 * operator runs in production: integration tests talk to it over HTTP only, and can stop or kill it.
 */
public final class BridgeProcess implements AutoCloseable {

    private final RealCluster cluster;
    private final String namespace;
    private final int port;
    /** The agent link's gRPC port, free like the HTTP one, so that bridges side by side do not collide on 5052. */
    private final int agentLinkPort = freePort();
    /** The test JVM's system property that sets the bridge's maximum heap ({@code -Xmx}), 512m unless set. */
    public static final String MAX_HEAP_PROPERTY = "bridge.max-heap";

    private final Map<String, String> settings;
    private final Path kubeconfig;
    private final Path log;
    private Process process;
    private boolean followerExpected;

    private BridgeProcess(RealCluster cluster, String namespace, int port, Map<String, String> settings,
                          Path kubeconfig) {
        this.cluster = cluster;
        this.namespace = namespace;
        this.port = port;
        this.settings = settings;
        this.kubeconfig = kubeconfig;
        this.log = logOf(namespace);
    }

    /** Starts a bridge serving {@code namespace} on a free port and waits until it leads and has recovered. */
    public static BridgeProcess start(RealCluster cluster, String namespace, Map<String, String> settings) {
        return start(cluster, namespace, settings, cluster.kubeconfig());
    }

    /** Starts a bridge that reaches the cluster with the credentials of {@code kubeconfig} instead of the admin's. */
    public static BridgeProcess start(RealCluster cluster, String namespace, Map<String, String> settings,
                                      Path kubeconfig) {
        return startOnFreePorts(cluster, namespace, settings, kubeconfig, false);
    }

    /** Starts another replica for {@code namespace}, which follows the leader: it waits until it redirects. */
    public static BridgeProcess startFollower(RealCluster cluster, String namespace, Map<String, String> settings) {
        return startOnFreePorts(cluster, namespace, settings, cluster.kubeconfig(), true);
    }

    /**
     * A port found free may be taken before the bridge binds it (an outgoing connection gets it as its ephemeral
     * port): then the bridge starts again on other free ports.
     */
    private static BridgeProcess startOnFreePorts(RealCluster cluster, String namespace, Map<String, String> settings,
                                                  Path kubeconfig, boolean follower) {
        for (int attempt = 1; ; attempt++) {
            BridgeProcess bridge = new BridgeProcess(cluster, namespace, freePort(), settings, kubeconfig);
            bridge.followerExpected = follower;
            try {
                bridge.launch();
                return bridge;
            } catch (PortTakenException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    /** The bridge exited at start because one of its ports was taken meanwhile. */
    private static final class PortTakenException extends IllegalStateException {
        PortTakenException(String message) {
            super(message);
        }
    }

    /** The setting that makes the bridge's only agent the given node. */
    public static Map<String, String> onlyNode(String nodeName) {
        return Map.of("mesos-bridge.agent-node-selector", "kubernetes.io/hostname=" + nodeName);
    }

    /** Stops the bridge, then deletes its namespace and with it every MesosTask and Pod the test left. */
    public void stopAndRemoveNamespace() {
        stop();
        cluster.client().namespaces().withName(namespace).delete();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The port of the bridge's gRPC server for agents (free, unless the settings name one). */
    public int agentLinkPort() {
        return Integer.parseInt(settings.getOrDefault("mesos-bridge.agent-link-port",
                Integer.toString(agentLinkPort)));
    }

    public int port() {
        return port;
    }

    public String namespace() {
        return namespace;
    }

    public Path log() {
        return log;
    }

    /** Where the bridge serving {@code namespace} writes its output, also when it fails to start. */
    public static Path logOf(String namespace) {
        return Path.of("target", "bridge-" + namespace + ".log").toAbsolutePath();
    }

    /**
     * Starts the process again (after {@link #kill()} or {@link #stop()}), on the same port and namespace, and waits
     * until it leads (or, for a follower, until it redirects to the leader).
     */
    public void launch() {
        Path app = cluster.repositoryRoot().resolve("operator/target/quarkus-app/quarkus-run.jar");
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx" + System.getProperty(MAX_HEAP_PROPERTY, "512m"),
                "-Dquarkus.http.port=" + port,
                "-Dmesos-bridge.namespace=" + namespace,
                "-Dmesos-bridge.advertised-port=" + port,
                "-Dmesos-bridge.agent-link-port=" + agentLinkPort));
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(app.toString());
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().put("KUBECONFIG", kubeconfig.toString());
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the bridge", e);
        }
        awaitRecovered(Duration.ofMinutes(2));
    }

    /** The operating-system process id of the running bridge, for benchmarks that read its CPU time and heap. */
    public long pid() {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException("the bridge is not running");
        }
        return process.pid();
    }

    /** SIGKILL: the process dies at once, as on a node crash. */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor();
        }
    }

    /** SIGTERM: a graceful shutdown. */
    public void stop() {
        if (process != null) {
            process.destroy();
            waitFor();
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void waitFor() {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitRecovered(Duration timeout) {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String message = "the bridge exited with " + process.exitValue() + "; see " + log;
                throw portTaken() ? new PortTakenException(message) : new IllegalStateException(message);
            }
            try {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(url().resolve("/api/v1/scheduler"))
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
                int status = answer.statusCode();
                if (status != 503 && (status != 307 || followerExpected)
                        && (followerExpected || leadsOnEveryEndpoint(http))) {
                    return;
                }
            } catch (IOException notYetListening) {
                // keep waiting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("the bridge did not recover within " + timeout + "; see " + log);
    }

    /**
     * Whether the state endpoints answer too: a replica that has just been elected may still redirect them for a
     * moment after its scheduler endpoint answers.
     */
    private boolean leadsOnEveryEndpoint(HttpClient http) throws IOException, InterruptedException {
        int status = http.send(HttpRequest.newBuilder(url().resolve("/master/tasks")).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
        return status != 307 && status != 503;
    }

    private boolean portTaken() {
        try {
            String output = Files.readString(log);
            String lastRun = output.substring(Math.max(0, output.length() - 20_000));
            return lastRun.contains("seems to be in use by another process")
                    || lastRun.contains("Address already in use");
        } catch (IOException unreadable) {
            return false;
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
