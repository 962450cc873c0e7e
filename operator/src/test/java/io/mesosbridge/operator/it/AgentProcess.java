package io.mesosbridge.operator.it;

import io.mesosbridge.testcluster.RealCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The mesos-bridge agent (agent-daemonset) run on this machine for the real node, as its host-network DaemonSet
 * Pod would run: bound to every address, advertising the node's InternalIP, linked to a bridge's agent-link port.
 */
final class AgentProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final String advertisedIp;
    private final Path log;

    private AgentProcess(Process process, int port, String advertisedIp, Path log) {
        this.process = process;
        this.port = port;
        this.advertisedIp = advertisedIp;
        this.log = log;
    }

    /**
     * Starts an agent for {@code nodeName} on {@code port} (the bridge's {@code mesos-bridge.agent-port}) with its
     * operator link at 127.0.0.1:{@code agentLinkPort}.
     */
    static AgentProcess start(RealCluster cluster, String nodeName, String advertisedIp, int port, int agentLinkPort,
                              String... extraFlags) {
        Path target = cluster.repositoryRoot().resolve("agent-daemonset/target");
        Path jar;
        try (var jars = Files.list(target)) {
            jar = jars.filter(p -> p.getFileName().toString().matches("agent-daemonset-.*\\.jar")).findFirst()
                    .orElseThrow();
        } catch (IOException | java.util.NoSuchElementException e) {
            throw new IllegalStateException("no agent-daemonset jar in " + target
                    + ": build it first (./mvnw -pl agent-daemonset -am package)", e);
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-cp", jar + ":" + target.resolve("lib") + "/*", "io.mesosbridge.agent.AgentMain",
                "--master=127.0.0.1:" + agentLinkPort, "--ip=0.0.0.0", "--port=" + port,
                "--advertise_ip=" + advertisedIp, "--node_name=" + nodeName,
                "--kubelet_root_dir=" + devClusterCache().resolve("cluster/kubelet/root"),
                "--pod_log_dir=/var/log/pods"));
        command.addAll(List.of(extraFlags));
        Path log = cluster.repositoryRoot().resolve("operator/target/agent-" + port + ".log");
        try {
            Files.deleteIfExists(log);
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            AgentProcess agent = new AgentProcess(process, port, advertisedIp, log);
            agent.awaitRegistered(Duration.ofMinutes(1));
            return agent;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the agent", e);
        }
    }

    /** As on a Mesos node, executors are launched only once the node's agent runs and has its master. */
    private void awaitRegistered(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.readString(log).contains("Registered with the operator")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("the agent did not register with the bridge; see " + log);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** The agent's HTTP endpoint as executors and Mesos tools reach it. */
    URI url() {
        return URI.create("http://" + advertisedIp + ":" + port);
    }

    Path log() {
        return log;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Where the dev cluster keeps its state, the kubelet's root directory among it. */
    private static Path devClusterCache() {
        return Path.of(System.getenv().getOrDefault("MESOS_BRIDGE_CACHE",
                System.getProperty("user.home") + "/.cache/mesos-bridge"));
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
