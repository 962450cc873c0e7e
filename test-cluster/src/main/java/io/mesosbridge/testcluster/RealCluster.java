package io.mesosbridge.testcluster;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real Kubernetes cluster for integration tests: the one {@code $KUBECONFIG} names, or else the project's local
 * cluster, which {@code bin/dev-cluster up} starts (once per machine; a running one is reused).
 */
public final class RealCluster {

    /** Annotation kwok uses to pick the nodes it simulates. */
    public static final String KWOK_NODE_ANNOTATION = "kwok.x-k8s.io/node";
    /** Label carried by every node that kwok simulates for our tests. */
    public static final String KWOK_NODE_LABEL = "type";

    private static RealCluster shared;

    private final Path repositoryRoot;
    private final Path kubeconfig;
    private final Path kubectl;
    private final KubernetesClient client;
    private Path helm;

    private RealCluster(Path repositoryRoot, Path kubeconfig, Path kubectl) {
        this.repositoryRoot = repositoryRoot;
        this.kubeconfig = kubeconfig;
        this.kubectl = kubectl;
        this.client = new KubernetesClientBuilder().withConfig(configFrom(kubeconfig)).build();
    }

    /** The cluster shared by every test of this JVM, started on first use. */
    public static synchronized RealCluster get() {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    private static RealCluster start() {
        Path root = findRepositoryRoot();
        String given = System.getenv("KUBECONFIG");
        if (given != null && !given.isBlank()) {
            return new RealCluster(root, Path.of(given), kubectlOnPath());
        }
        ProcessResult up = run(root, Duration.ofMinutes(60), List.of(root.resolve("bin/dev-cluster").toString(), "up"));
        if (up.exitCode() != 0) {
            throw new IllegalStateException("bin/dev-cluster up failed (exit " + up.exitCode() + "):\n" + up.output());
        }
        ProcessResult env = run(root, Duration.ofMinutes(1), List.of(root.resolve("bin/dev-cluster").toString(), "env"));
        Map<String, String> values = parseExports(env.output());
        return new RealCluster(root, Path.of(values.get("KUBECONFIG")), Path.of(values.get("MESOS_BRIDGE_KUBECTL")));
    }

    public Path repositoryRoot() {
        return repositoryRoot;
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    /** A kubectl of the same version as the local API server (or the one on PATH for a given cluster). */
    public Path kubectlPath() {
        return kubectl;
    }

    public KubernetesClient client() {
        return client;
    }

    /** Runs kubectl against this cluster and returns its exit code and combined output. */
    public ProcessResult kubectl(String... args) {
        return kubectlWithInput(null, args);
    }

    /** Runs kubectl against this cluster with {@code stdin} as its standard input. */
    public ProcessResult kubectlWithInput(String stdin, String... args) {
        List<String> command = new ArrayList<>();
        command.add(kubectl.toString());
        command.add("--kubeconfig=" + kubeconfig);
        command.addAll(List.of(args));
        return run(repositoryRoot, Duration.ofMinutes(5), command, stdin, true);
    }

    /**
     * Runs helm at the pinned version (built once from the Go module proxy by {@code test-cluster/cluster/helm.sh})
     * against this cluster. The output is helm's standard output only (manifests stay parseable), followed by its
     * standard error when it fails.
     */
    public ProcessResult helm(String... args) {
        List<String> command = new ArrayList<>();
        command.add(helmBinary().toString());
        command.add("--kubeconfig=" + kubeconfig);
        command.addAll(List.of(args));
        return run(repositoryRoot, Duration.ofMinutes(5), command, null, false);
    }

    private synchronized Path helmBinary() {
        if (helm == null) {
            ProcessResult built = run(repositoryRoot, Duration.ofMinutes(30),
                    List.of(repositoryRoot.resolve("test-cluster/cluster/helm.sh").toString()));
            String[] lines = built.output().strip().split("\n");
            if (built.exitCode() != 0) {
                throw new IllegalStateException("building helm failed (exit " + built.exitCode() + "):\n"
                        + built.output());
            }
            helm = Path.of(lines[lines.length - 1]);
        }
        return helm;
    }

    /** The node on which containers really run (a kubelet with containerd), if the cluster has one. */
    public Optional<String> realNodeName() {
        return client.nodes().list().getItems().stream()
                .filter(node -> node.getMetadata().getAnnotations() == null
                        || !node.getMetadata().getAnnotations().containsKey(KWOK_NODE_ANNOTATION))
                .map(node -> node.getMetadata().getName())
                .sorted()
                .findFirst();
    }

    /**
     * Creates (or replaces) a node simulated by kwok with the given capacity (e.g. {@code cpu=4, memory=8Gi,
     * pods=110}) and labels. kwok marks it Ready and runs the pods bound to it.
     */
    public Node createKwokNode(String name, Map<String, String> capacity, Map<String, String> labels) {
        Map<String, Quantity> quantities = new LinkedHashMap<>();
        capacity.forEach((resource, amount) -> quantities.put(resource, new Quantity(amount)));
        quantities.putIfAbsent("pods", new Quantity("110"));
        Map<String, String> allLabels = new LinkedHashMap<>(labels);
        allLabels.put(KWOK_NODE_LABEL, "kwok");
        allLabels.put("kubernetes.io/hostname", name);
        Node node = new NodeBuilder()
                .withNewMetadata()
                    .withName(name)
                    .withLabels(allLabels)
                    .addToAnnotations(KWOK_NODE_ANNOTATION, "fake")
                    .addToAnnotations("node.alpha.kubernetes.io/ttl", "0")
                .endMetadata()
                .withNewSpec().endSpec()
                .withNewStatus()
                    .withCapacity(quantities)
                    .withAllocatable(quantities)
                .endStatus()
                .build();
        client.nodes().withName(name).delete();
        client.nodes().withName(name).waitUntilCondition(n -> n == null, 1, TimeUnit.MINUTES);
        return client.nodes().resource(node).create();
    }

    /** Waits until the named node reports Ready. */
    public Node awaitNodeReady(String name, Duration timeout) {
        return client.nodes().withName(name).waitUntilCondition(RealCluster::isReady,
                timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public static boolean isReady(Node node) {
        return node != null && node.getStatus() != null && node.getStatus().getConditions() != null
                && node.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static Config configFrom(Path kubeconfig) {
        try {
            return Config.fromKubeconfig(Files.readString(kubeconfig, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read kubeconfig " + kubeconfig, e);
        }
    }

    private static Path kubectlOnPath() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("KUBECONFIG is set but no kubectl is on PATH");
    }

    static Map<String, String> parseExports(String output) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith("export ") && trimmed.contains("=")) {
                String assignment = trimmed.substring("export ".length());
                int eq = assignment.indexOf('=');
                String value = assignment.substring(eq + 1);
                if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
                    value = value.substring(1, value.length() - 1);
                }
                values.put(assignment.substring(0, eq), value);
            }
        }
        return values;
    }

    private static Path findRepositoryRoot() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            if (Files.isExecutable(candidate.resolve("bin/dev-cluster"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no bin/dev-cluster found above " + dir);
    }

    private static ProcessResult run(Path workDir, Duration timeout, List<String> command) {
        return run(workDir, timeout, command, null, true);
    }

    /**
     * Runs a command; the output is its standard output and error together, or, without {@code mergeErrors}, its
     * standard output alone followed by its standard error only when it fails.
     */
    private static ProcessResult run(Path workDir, Duration timeout, List<String> command, String stdin,
                                     boolean mergeErrors) {
        Path errors = null;
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
            if (mergeErrors) {
                builder.redirectErrorStream(true);
            } else {
                errors = Files.createTempFile("stderr", ".txt");
                builder.redirectError(errors.toFile());
            }
            Process process = builder.start();
            if (stdin != null) {
                process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            process.getOutputStream().close();
            StringBuilder output = new StringBuilder();
            Thread reader = new Thread(() -> {
                try {
                    output.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException ignored) {
                    // the process ended; what was read is what there is
                }
            });
            reader.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out after " + timeout + ": " + String.join(" ", command));
            }
            reader.join();
            if (errors != null && process.exitValue() != 0) {
                output.append(Files.readString(errors));
            }
            return new ProcessResult(process.exitValue(), output.toString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        } finally {
            if (errors != null) {
                try {
                    Files.deleteIfExists(errors);
                } catch (IOException ignored) {
                    // a temporary file left behind
                }
            }
        }
    }
}
