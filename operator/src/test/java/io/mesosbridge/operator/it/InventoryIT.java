package io.mesosbridge.operator.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mesosbridge.mesos.media.MediaTypes;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.migrate.cli.MesosMigrate;
import io.mesosbridge.testcluster.RealCluster;
import io.mesosbridge.testcluster.WithRealCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code mesos-migrate inventory} pointed at a live bridge's {@code /master/state}, as a team planning its way off
 * Mesos runs it: the frameworks, their tasks with a verdict each, and the agents with the command that carries their
 * settings over.
 */
@WithRealCluster
class InventoryIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final String NAMESPACE = "it-inventory";
    private static BridgeProcess bridge;
    private static RealCluster cluster;
    private static String realNode;

    @BeforeAll
    static void startBridge(RealCluster realCluster) {
        cluster = realCluster;
        realNode = cluster.realNodeName().orElseThrow();
        bridge = BridgeProcess.start(cluster, NAMESPACE,
                BridgeProcess.onlyNode(realNode));
    }

    @AfterAll
    static void stopBridge() {
        bridge.stopAndRemoveNamespace();
    }

    @Test
    void theReportOfALiveBridgeSortsItsTasksAndCarriesItsAgentsOver() throws Exception {
        try (TestScheduler scheduler = new TestScheduler(bridge.url(), MediaTypes.JSON)) {
            scheduler.subscribe(TestScheduler.frameworkInfo("marathon")
                    .setWebuiUrl("http://marathon.example:8080").build());
            Protos.Offer offer = scheduler.awaitOffer(o -> o.getHostname().equals(realNode), TIMEOUT);
            Protos.TaskInfo.Builder imaged = TestScheduler.commandTask("web.1", offer, "sleep 600", 0.1, 32)
                    .setContainer(Protos.ContainerInfo.newBuilder().setType(Protos.ContainerInfo.Type.DOCKER)
                            .setDocker(Protos.ContainerInfo.DockerInfo.newBuilder()
                                    .setImage("mesos-bridge/busybox:local")));
            Protos.TaskInfo.Builder bare = TestScheduler.commandTask("legacy.1", offer, "sleep 600", 0.1, 32);
            scheduler.launch(offer, imaged.build(), bare.build());
            scheduler.awaitState("web.1", TaskState.TASK_RUNNING, TIMEOUT);
            scheduler.awaitState("legacy.1", TaskState.TASK_RUNNING, TIMEOUT);

            Path output = Files.createTempDirectory(Path.of("target"), "inventory");
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exit = MesosMigrate.run(new String[] {"inventory", "--format", "json", "-o", output.toString(),
                            bridge.url().resolve("/master/state").toString()},
                    new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream()),
                    new PrintStream(err), Map.of());

            assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
            JsonNode report = new ObjectMapper().readTree(output.resolve("migration-report.json").toFile());
            JsonNode framework = report.get("frameworks").get(0);
            assertThat(framework.get("kind").asText()).isEqualTo("MARATHON");
            assertThat(framework.get("nextStep").asText())
                    .isEqualTo("mesos-migrate marathon http://marathon.example:8080/v2/groups > apps.yaml");
            JsonNode legacy = framework.get("tasks").get(0);
            JsonNode web = framework.get("tasks").get(1);
            assertThat(web.get("id").asText()).isEqualTo("web.1");
            assertThat(web.get("image").asText()).isEqualTo("mesos-bridge/busybox:local");
            assertThat(web.get("state").asText()).isEqualTo("TASK_RUNNING");
            assertThat(web.get("resources").asText()).isEqualTo("cpus:0.1;mem:32");
            assertThat(web.get("needsPerson")).isEmpty();
            assertThat(legacy.get("id").asText()).isEqualTo("legacy.1");
            assertThat(legacy.get("needsPerson").toString()).contains("no container image");
            JsonNode agent = report.get("agents").get(0);
            assertThat(agent.get("hostname").asText()).isEqualTo(realNode);
            assertThat(agent.get("resources").asText()).startsWith("cpus:").contains(";mem:")
                    .endsWith(";ports:[31000-32000]");
            assertThat(agent.get("command").asText())
                    .startsWith("mesos-migrate agent-config --node " + realNode + " --resources 'cpus:");
        }
    }
}
