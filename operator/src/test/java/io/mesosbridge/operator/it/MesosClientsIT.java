package io.mesosbridge.operator.it;

import io.mesosbridge.testcluster.ProcessResult;
import io.mesosbridge.testcluster.RealCluster;
import io.mesosbridge.testcluster.WithRealCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unmodified Mesos client libraries from the package registries (pymesos from PyPI, mesos-go from the Go module
 * proxy, mesos-rxjava from Maven Central) run their frameworks against the bridge, whose only agent is the real
 * node, so every task really runs.
 */
@WithRealCluster
class MesosClientsIT {

    private static BridgeProcess bridge;
    private static RealCluster cluster;

    @BeforeAll
    static void startBridge(RealCluster realCluster) {
        cluster = realCluster;
        String realNode = cluster.realNodeName().orElseThrow();
        bridge = BridgeProcess.start(cluster, "it-mesos-clients",
                BridgeProcess.onlyNode(realNode));
    }

    @AfterAll
    static void stopBridge() {
        bridge.stopAndRemoveNamespace();
    }

    @Test
    void theSeedsPythonExamplePortedToPymesosRunsItsFiveTasksToCompletion() throws Exception {
        ProcessResult run = client("pymesos", "127.0.0.1:" + bridge.port(), "240");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("Registered with framework ID");
        assertThat(run.output().lines().filter(line -> line.matches("Task \\d is in state TASK_FINISHED")))
                .hasSize(5);
        assertThat(run.output()).contains("All tasks completed, stopping framework");
    }

    @Test
    void aMesosGoFrameworkOnProtobufLaunchesKillsAndAcknowledges() throws Exception {
        ProcessResult run = client("mesos-go", "-master", bridge.url() + "/api/v1/scheduler", "-tasks", "3",
                "-kill-after", "2s", "-timeout", "240s");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output().lines().filter(line -> line.matches("update task=.* state=TASK_FINISHED")))
                .hasSize(3);
        assertThat(run.output()).containsPattern("update task=.* state=TASK_KILLED");
    }

    @Test
    void aMesosRxJavaFrameworkLaunchesKillsAndAcknowledges() throws Exception {
        ProcessResult run = client("rxjava", "-master", bridge.url() + "/api/v1/scheduler", "-tasks", "3",
                "-kill-after", "2s", "-timeout", "240s");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output().lines().filter(line -> line.matches("update task=.* state=TASK_FINISHED")))
                .hasSize(3);
        assertThat(run.output()).containsPattern("update task=.* state=TASK_KILLED");
    }

    private static ProcessResult client(String... args) throws IOException, InterruptedException {
        return runClient(cluster, args);
    }

    /** Runs one of the example frameworks through examples/run-client.sh, for at most 10 minutes. */
    static ProcessResult runClient(RealCluster cluster, String... args) throws IOException, InterruptedException {
        return runClient(cluster, Duration.ofMinutes(10), args);
    }

    /**
     * Runs one of the example frameworks through examples/run-client.sh, stopped by coreutils' {@code timeout}
     * (exit code 124) once {@code limit} has passed; its output is echoed for the log.
     */
    static ProcessResult runClient(RealCluster cluster, Duration limit, String... args)
            throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("timeout", Long.toString(limit.toSeconds()),
                cluster.repositoryRoot().resolve("examples/run-client.sh").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exitCode = process.waitFor();
        System.out.println(text);
        return new ProcessResult(exitCode, text);
    }
}
