package io.mesosbridge.operator.it;

import io.mesosbridge.testcluster.ProcessResult;
import io.mesosbridge.testcluster.RealCluster;
import io.mesosbridge.testcluster.WithRealCluster;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bridge killed while a native-driver framework runs a task loses nothing: the driver finds the restarted bridge,
 * or the replica that took the lead, through ZooKeeper and registers again, the task runs on to TASK_FINISHED, and
 * the update it had not acknowledged is delivered again, the same update (same uuid).
 */
@WithRealCluster
class NativeDriverRestartIT {

    private static final String NAMESPACE = "it-native-restart";

    @Test
    void aBridgeKilledMidRunLosesNoTaskAndSendsTheUnacknowledgedUpdateAgain(RealCluster cluster) throws Exception {
        try (ZooKeeperServer zookeeper = ZooKeeperServer.start()) {
            String zk = "zk://" + zookeeper.connectString() + "/mesos";
            BridgeProcess bridge = BridgeProcess.start(cluster, NAMESPACE, settings(cluster, zk));
            try (NativeDriver framework = survivor(cluster, zk)) {
                framework.awaitLine("NATIVE: running survivor, not acknowledged", Duration.ofMinutes(2));

                bridge.kill();
                bridge.launch();

                assertSurvived(framework.await(Duration.ofMinutes(4)), "master@127.0.0.1:" + bridge.port());
            } finally {
                bridge.stopAndRemoveNamespace();
            }
        }
    }

    @Test
    void whenTheLeaderDiesTheDriverFindsTheNewOneAndItsTaskRunsOn(RealCluster cluster) throws Exception {
        try (ZooKeeperServer zookeeper = ZooKeeperServer.start()) {
            String zk = "zk://" + zookeeper.connectString() + "/mesos";
            BridgeProcess leader = BridgeProcess.start(cluster, NAMESPACE + "-ha", settings(cluster, zk));
            BridgeProcess follower = BridgeProcess.startFollower(cluster, NAMESPACE + "-ha", settings(cluster, zk));
            try (NativeDriver framework = survivor(cluster, zk)) {
                framework.awaitLine("NATIVE: running survivor, not acknowledged", Duration.ofMinutes(2));

                leader.kill();

                assertSurvived(framework.await(Duration.ofMinutes(4)), "master@127.0.0.1:" + follower.port());
            } finally {
                follower.stop();
                leader.stopAndRemoveNamespace();
            }
        }
    }

    /** Updates are sent again only when the framework subscribes again, not on the retry timer. */
    private static Map<String, String> settings(RealCluster cluster, String zk) {
        return Map.of("mesos-bridge.zk", zk,
                "mesos-bridge.update-retry-initial-millis", "600000",
                "mesos-bridge.agent-node-selector", "kubernetes.io/hostname=" + cluster.realNodeName().orElseThrow());
    }

    private static NativeDriver survivor(RealCluster cluster, String zk) throws Exception {
        return NativeDriver.start(cluster, NativeDriver.framework(cluster), zk, "survive", "--task-seconds", "45",
                "--failover-timeout", "300", "--timeout", "240");
    }

    private static void assertSurvived(ProcessResult run, String lastMaster) {
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("NATIVE: disconnected", "NATIVE: status survivor TASK_FINISHED",
                "NATIVE: PASS").containsPattern("NATIVE: (re)?registered .*with " + Pattern.quote(lastMaster)
                + " \\(2\\)");
        List<String> runningUuids = new ArrayList<>();
        Matcher running = Pattern.compile("status survivor TASK_RUNNING source=SOURCE_EXECUTOR \\S+ uuid=(\\w+)")
                .matcher(run.output());
        while (running.find()) {
            runningUuids.add(running.group(1));
        }
        assertThat(runningUuids).as("TASK_RUNNING, then the same update again").hasSize(2);
        assertThat(runningUuids.get(1)).isEqualTo(runningUuids.get(0));
    }
}
