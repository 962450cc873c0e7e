package io.mesosbridge.operator.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mesosbridge.testcluster.ProcessResult;
import io.mesosbridge.testcluster.RealCluster;
import io.mesosbridge.testcluster.WithRealCluster;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Frameworks that find their master in ZooKeeper ({@code zk://.../mesos}) find the bridge, as with Mesos. */
@WithRealCluster
class ZooKeeperDetectionIT {

    private static final String NAMESPACE = "it-zookeeper";

    @Test
    void theLeaderPublishesItsMasterInfoAndPymesosWithAZkUrlRunsTheSeedExample(RealCluster cluster) throws Exception {
        String realNode = cluster.realNodeName().orElseThrow();
        try (ZooKeeperServer zookeeper = ZooKeeperServer.start()) {
            String zkUrl = "zk://" + zookeeper.connectString() + "/mesos";
            BridgeProcess bridge = BridgeProcess.start(cluster, NAMESPACE, Map.of(
                    "mesos-bridge.zk", zkUrl,
                    "mesos-bridge.agent-node-selector", "kubernetes.io/hostname=" + realNode));
            try {
                ZooKeeper client = connect(zookeeper.connectString());
                List<String> children = client.getChildren("/mesos", false);
                assertThat(children).singleElement().asString().matches("json\\.info_\\d{10}");
                JsonNode info = new ObjectMapper().readTree(new String(
                        client.getData("/mesos/" + children.get(0), false, null), StandardCharsets.UTF_8));
                assertThat(info.get("address").get("ip").asText()).isEqualTo("127.0.0.1");
                assertThat(info.get("address").get("port").asInt()).isEqualTo(bridge.port());
                assertThat(info.get("pid").asText()).isEqualTo("master@127.0.0.1:" + bridge.port());
                client.close();

                ProcessResult run = MesosClientsIT.runClient(cluster, "pymesos", zkUrl, "240");
                assertThat(run.exitCode()).as(run.output()).isZero();
                assertThat(run.output()).contains("All tasks completed, stopping framework");
            } finally {
                bridge.stopAndRemoveNamespace();
            }
            ZooKeeper after = connect(zookeeper.connectString());
            assertThat(after.getChildren("/mesos", false)).as("the node goes with the master").isEmpty();
            after.close();
        }
    }

    private static ZooKeeper connect(String servers) throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(servers, 10_000, event -> {
            if (event.getState() == org.apache.zookeeper.Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        assertThat(connected.await(15, TimeUnit.SECONDS)).isTrue();
        return zk;
    }
}
