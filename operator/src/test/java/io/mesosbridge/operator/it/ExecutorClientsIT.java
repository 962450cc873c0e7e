package io.mesosbridge.operator.it;

import io.fabric8.kubernetes.api.model.NodeAddress;
import io.mesosbridge.testcluster.ProcessResult;
import io.mesosbridge.testcluster.RealCluster;
import io.mesosbridge.testcluster.WithRealCluster;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Custom executors written with unmodified Mesos client libraries run on the real node through the agent's
 * executor API: mesos-go's own example scheduler with its example executor (served to the fetcher by the
 * scheduler, as it does on Mesos), and a pymesos scheduler with a pymesos executor that exchange framework messages.
 */
@WithRealCluster
class ExecutorClientsIT {

    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(300);

    private static RealCluster cluster;
    private static BridgeProcess bridge;
    private static AgentProcess agent;
    private static String nodeIp;

    @BeforeAll
    static void startBridgeAndAgent(RealCluster realCluster) {
        cluster = realCluster;
        String realNode = cluster.realNodeName().orElseThrow();
        nodeIp = cluster.client().nodes().withName(realNode).get().getStatus().getAddresses().stream()
                .filter(address -> "InternalIP".equals(address.getType())).map(NodeAddress::getAddress)
                .findFirst().orElseThrow();
        int agentPort = AgentProcess.freePort();
        Map<String, String> settings = new HashMap<>(BridgeProcess.onlyNode(realNode));
        settings.put("mesos-bridge.agent-port", String.valueOf(agentPort));
        bridge = BridgeProcess.start(cluster, "it-executor-clients", settings);
        agent = AgentProcess.start(cluster, realNode, nodeIp, agentPort, bridge.agentLinkPort());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (agent != null) {
            agent.close();
        }
        if (bridge != null) {
            bridge.stopAndRemoveNamespace();
        }
    }

    @Test
    void mesosGosExampleSchedulerRunsItsTasksToCompletionThroughItsExampleExecutor() throws Exception {
        ProcessResult run = client("mesos-go-example", "-url", bridge.url() + "/api/v1/scheduler",
                "-tasks", "3", "-cpu", "0.1", "-memory", "32", "-exec.cpu", "0.1", "-exec.memory", "32",
                "-server.address", nodeIp, "-verbose");

        // the example ends through log.Fatal("context canceled") when it succeeds too: its output tells
        assertThat(run.output()).as(run.output() + agentLog()).contains("mission accomplished, terminating")
                .doesNotContain("Exiting because task");
        assertThat(run.output().lines().filter(line -> line.matches(".*Task \\d+ is in state TASK_FINISHED.*")))
                .hasSize(3);
        assertThat(run.output().lines().filter(line -> line.matches(".*Task \\d+ is in state TASK_RUNNING.*")))
                .hasSize(3);
    }

    @Test
    void aPymesosExecutorAndItsSchedulerExchangeFrameworkMessagesBothWays() throws Exception {
        ProcessResult run = client("pymesos-executor", "127.0.0.1:" + bridge.port(), nodeIp,
                "mesos-bridge/python:local", "240");

        assertThat(run.exitCode()).as(run.output() + agentLog()).isZero();
        assertThat(run.output())
                .contains("Framework message from executor pymesos-messaging-executor: ready")
                .contains("Framework message from executor pymesos-messaging-executor: pong")
                .contains("Task messages-1 is in state TASK_RUNNING")
                .contains("Task messages-1 is in state TASK_FINISHED")
                .contains("Messages went both ways and the task finished");
    }

    private static String agentLog() throws IOException {
        return "\n--- agent log ---\n" + java.nio.file.Files.readString(agent.log());
    }

    private static ProcessResult client(String... args) throws IOException, InterruptedException {
        return MesosClientsIT.runClient(cluster, CLIENT_TIMEOUT, args);
    }
}
