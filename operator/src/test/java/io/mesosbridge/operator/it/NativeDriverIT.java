package io.mesosbridge.operator.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesosbridge.mesos.media.MediaTypes;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.scheduler.Protos.Call;
import io.mesosbridge.testcluster.ProcessResult;
import io.mesosbridge.testcluster.RealCluster;
import io.mesosbridge.testcluster.WithRealCluster;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Legacy frameworks on the official Mesos 1.11 native scheduler driver (libmesos, the v0 libprocess protocol) run
 * unmodified against the bridge, which publishes itself in a real ZooKeeper at localhost:2181 as the seed's example
 * expects, and runs their tasks on the real node.
 */
@WithRealCluster
class NativeDriverIT {

    private static final String NAMESPACE = "it-native";
    private static final Duration RUN = Duration.ofMinutes(4);
    private static final Pattern FRAMEWORK_ID = Pattern.compile("NATIVE: registered (\\S+) with");
    private static ZooKeeperServer zookeeper;
    private static BridgeProcess bridge;
    private static String master;

    @BeforeAll
    static void startBridge(RealCluster cluster) throws Exception {
        zookeeper = ZooKeeperServer.start(2181);
        bridge = BridgeProcess.start(cluster, NAMESPACE, Map.of(
                "mesos-bridge.zk", "zk://" + zookeeper.connectString() + "/mesos",
                "mesos-bridge.agent-node-selector", "kubernetes.io/hostname=" + cluster.realNodeName().orElseThrow()));
        master = "127.0.0.1:" + bridge.port();
    }

    @AfterAll
    static void stopBridge() {
        if (bridge != null) {
            bridge.stopAndRemoveNamespace();
        }
        if (zookeeper != null) {
            zookeeper.close();
        }
    }

    @Test
    void theSeedsExampleFindsTheBridgeInZooKeeperAndRunsItsFiveTasksToTheEnd(RealCluster cluster) throws Exception {
        ProcessResult run = NativeDriver.run(cluster, RUN, NativeDriver.seedExample(cluster));

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("A new leading master (UPID=master@127.0.0.1:" + bridge.port() + ")")
                .contains("Registered with framework ID ")
                .contains("All tasks completed, stopping framework");
        for (int task = 0; task < 5; task++) {
            assertThat(run.output()).contains("Task " + task + " is in state TASK_FINISHED");
        }
        JsonNode seed = completedFramework("Example Framework");
        assertThat(seed.get("pid").asText()).as("a v0 framework has a libprocess pid").startsWith("scheduler-");
        assertThat(seed.get("completed_tasks")).hasSize(5);
    }

    @Test
    void aFailingTaskIsFailedAKilledOneKilledAGreedyOneAnErrorAndReconciliationAnswers(RealCluster cluster)
            throws Exception {
        ProcessResult run = NativeDriver.run(cluster, RUN, NativeDriver.framework(cluster), master, "outcomes");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("NATIVE: final exit-3 TASK_FAILED", "NATIVE: final sleeper TASK_KILLED",
                "NATIVE: final greedy TASK_ERROR", "Command exited with status 3",
                "NATIVE: reconciled sleeper TASK_RUNNING", "NATIVE: reconciled nobody TASK_LOST", "NATIVE: PASS");
        assertThat(run.output()).containsPattern("status greedy TASK_ERROR source=SOURCE_MASTER "
                + "reason=REASON_TASK_INVALID uuid=- message=u'Task uses more resources");
    }

    @Test
    void aDeclineWithAFilterKeepsTheAgentsOffersAwayForItsRefuseSeconds(RealCluster cluster) throws Exception {
        ProcessResult run = NativeDriver.run(cluster, RUN, NativeDriver.framework(cluster), master, "decline",
                "--refuse", "6");

        assertThat(run.exitCode()).as(run.output()).isZero();
        List<Double> gaps = new ArrayList<>();
        Matcher gap = Pattern.compile("NATIVE: gap (\\d+\\.\\d+)").matcher(run.output());
        while (gap.find()) {
            gaps.add(Double.parseDouble(gap.group(1)));
        }
        assertThat(gaps).hasSizeGreaterThanOrEqualTo(2).allSatisfy(g -> assertThat(g).isGreaterThan(5.5));
    }

    @Test
    void aSchedulerStoppedForFailoverIsReplacedByANewDriverThatFindsAndKillsItsRunningTask(RealCluster cluster)
            throws Exception {
        ProcessResult hold = NativeDriver.run(cluster, RUN, NativeDriver.framework(cluster), master, "hold",
                "--failover-timeout", "300", "--name", "failover framework");
        assertThat(hold.exitCode()).as(hold.output()).isZero();
        assertThat(hold.output()).contains("NATIVE: running held");
        Matcher id = FRAMEWORK_ID.matcher(hold.output());
        assertThat(id.find()).isTrue();
        String frameworkId = id.group(1);
        JsonNode held = MasterHttp.await(bridge.url(), "/master/frameworks",
                state -> framework(state.get("frameworks"), frameworkId) != null
                        && !framework(state.get("frameworks"), frameworkId).get("connected").asBoolean(),
                Duration.ofSeconds(30));
        assertThat(framework(held.get("frameworks"), frameworkId).get("tasks")).hasSize(1);

        ProcessResult resume = NativeDriver.run(cluster, RUN, NativeDriver.framework(cluster), master, "resume",
                "--framework-id", frameworkId, "--failover-timeout", "300", "--name", "failover framework");

        assertThat(resume.exitCode()).as(resume.output()).isZero();
        assertThat(resume.output()).contains("NATIVE: registered " + frameworkId,
                "NATIVE: found held running", "NATIVE: status held TASK_KILLED", "NATIVE: PASS");
        JsonNode done = completedFramework("failover framework");
        assertThat(done.get("id").asText()).isEqualTo(frameworkId);
    }

    /**
     * Each framework takes one 0.5-cpu task per offer and gives the rest back at once, wanting more tasks than the
     * node holds: the allocator's dominant resource fairness then splits the node evenly, whichever protocol a
     * framework speaks.
     */
    @Test
    void aV0AndAV1FrameworkRunningTogetherGetEqualShares(RealCluster cluster) throws Exception {
        double cpus = 0.5;
        try (TestScheduler v1 = new TestScheduler(bridge.url(), MediaTypes.PROTOBUF)) {
            v1.subscribe(TestScheduler.frameworkInfo("v1 share").build());
            NativeDriver v0 = NativeDriver.start(cluster, NativeDriver.framework(cluster), master, "share",
                    "--tasks", "8", "--cpus", String.valueOf(cpus), "--name", "v0 share");
            try (v0) {
                takeOneTaskPerOfferAlongside(v0, v1, cpus);
            }
        }
    }

    /**
     * Launches a task of {@code cpus} per offer on {@code v1} until offers stop coming, once {@code v0} has registered
     * (until then, the offers go back at once: whichever framework starts first must not fill the node alone), then
     * checks that both hold the node in equal shares.
     */
    private static void takeOneTaskPerOfferAlongside(NativeDriver v0, TestScheduler v1, double cpus) throws Exception {
        Set<String> handled = new HashSet<>();
        int launched = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            Protos.Offer offer;
            try {
                offer = v1.awaitOffer(o -> !handled.contains(o.getId().getValue()), Duration.ofSeconds(8));
            } catch (AssertionError noOfferFor8Seconds) {
                if (launched > 0 && v0.output().contains("NATIVE: launched 1")) {
                    break;
                }
                continue;
            }
            handled.add(offer.getId().getValue());
            Call.Accept.Builder accept = Call.Accept.newBuilder().addOfferIds(offer.getId())
                    .setFilters(Protos.Filters.newBuilder().setRefuseSeconds(0));
            if (cpusOf(offer) >= cpus && v0.output().contains("NATIVE: registered")) {
                accept.addOperations(Protos.Offer.Operation.newBuilder()
                        .setType(Protos.Offer.Operation.Type.LAUNCH)
                        .setLaunch(Protos.Offer.Operation.Launch.newBuilder().addTaskInfos(
                                TestScheduler.commandTask("v1-share-" + launched, offer, "sleep 600", cpus, 32))));
                launched++;
            }
            v1.call(Call.newBuilder().setType(Call.Type.ACCEPT).setAccept(accept));
        }
        JsonNode state = MasterHttp.get(bridge.url(), "/master/state");
        JsonNode v0Framework = byName(state.get("frameworks"), "v0 share");
        JsonNode v1Framework = byName(state.get("frameworks"), "v1 share");
        assertThat(v0Framework.get("pid").asText()).startsWith("scheduler-");
        assertThat(v1Framework.has("pid")).isFalse();
        double v0Cpus = v0Framework.get("used_resources").get("cpus").asDouble();
        double v1Cpus = v1Framework.get("used_resources").get("cpus").asDouble();
        System.out.printf("v0 holds %.1f cpus, v1 %.1f; the v0 framework said:%n%s%n", v0Cpus, v1Cpus, v0.output());
        assertThat(v1Cpus).as("v1 tasks launched").isEqualTo(launched * cpus);
        assertThat(v0Cpus).as("v0 and v1 hold the node in equal shares, one task apart at most")
                .isPositive().isCloseTo(v1Cpus, Offset.offset(cpus));
    }

    @Test
    void theMessagesOfV0FrameworksAreCountedUnderTheirMesosNames() throws Exception {
        JsonNode metrics = MasterHttp.get(bridge.url(), "/metrics/snapshot");

        for (String counter : List.of("master/messages_register_framework", "master/messages_launch_tasks",
                "master/messages_decline_offers", "master/messages_kill_task", "master/messages_reconcile_tasks",
                "master/messages_status_update_acknowledgement", "master/messages_unregister_framework")) {
            assertThat(metrics.get(counter).asDouble()).as(counter).isPositive();
        }
        assertThat(metrics.has("master/dropped_messages")).isTrue();
        assertThat(metrics.has("master/event_queue_messages")).isTrue();
    }

    private static double cpusOf(Protos.Offer offer) {
        return offer.getResourcesList().stream().filter(r -> r.getName().equals("cpus"))
                .mapToDouble(r -> r.getScalar().getValue()).sum();
    }

    private static JsonNode completedFramework(String name) throws Exception {
        JsonNode state = MasterHttp.await(bridge.url(), "/master/state",
                s -> byName(s.get("completed_frameworks"), name) != null, Duration.ofSeconds(30));
        return byName(state.get("completed_frameworks"), name);
    }

    private static JsonNode byName(JsonNode frameworks, String name) {
        return StreamSupport.stream(frameworks.spliterator(), false)
                .filter(f -> f.get("name").asText().equals(name)).findFirst().orElse(null);
    }

    private static JsonNode framework(JsonNode frameworks, String id) {
        return StreamSupport.stream(frameworks.spliterator(), false)
                .filter(f -> f.get("id").asText().equals(id)).findFirst().orElse(null);
    }
}
