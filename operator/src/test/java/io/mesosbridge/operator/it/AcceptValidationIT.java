package io.mesosbridge.operator.it;

import com.google.protobuf.ByteString;
import io.mesosbridge.mesos.media.MediaTypes;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.TaskInfo;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;
import io.mesosbridge.mesos.v1.scheduler.Protos.Call;
import io.mesosbridge.mesos.v1.scheduler.Protos.Event;
import io.mesosbridge.testcluster.RealCluster;
import io.mesosbridge.testcluster.WithRealCluster;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a task carries never makes ACCEPT fail: the call answers 202, a task the master (or, behind it, the API
 * server) cannot take ends TASK_ERROR from the master (REASON_TASK_INVALID, no uuid) with a message naming what is
 * wrong, the other tasks of the ACCEPT launch, and what the offer had left is offered again. KILL of a task the
 * master does not know is answered by reconciliation, as Master::kill does.
 */
@WithRealCluster
class AcceptValidationIT {

    private static final String NAMESPACE = "it-accept";
    private static final String NODE = "accept-node";
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final Duration MASTER_ANSWER = Duration.ofSeconds(30);
    /** Unused resources are declined for the default 5 s, then offered at the next allocation. */
    private static final Duration OFFERED_AGAIN = Duration.ofSeconds(20);
    private static final double GOOD_CPUS = 0.1;
    private static BridgeProcess bridge;
    private static TestScheduler scheduler;
    private static final List<String> usedOffers = new ArrayList<>();
    private static final Set<ByteString> acknowledged = new HashSet<>();

    @BeforeAll
    static void startBridge(RealCluster cluster) throws Exception {
        cluster.createKwokNode(NODE, Map.of("cpu", "8", "memory", "16Gi"), Map.of());
        cluster.awaitNodeReady(NODE, TIMEOUT);
        bridge = BridgeProcess.start(cluster, NAMESPACE, BridgeProcess.onlyNode(NODE));
        // protobuf, so that a NaN reaches the master as it is
        scheduler = new TestScheduler(bridge.url(), MediaTypes.PROTOBUF);
        scheduler.subscribe(TestScheduler.frameworkInfo("accept-validation").build());
    }

    @AfterAll
    static void stopBridge(RealCluster cluster) throws Exception {
        scheduler.close();
        bridge.stopAndRemoveNamespace();
        cluster.client().nodes().withName(NODE).delete();
    }

    /** A task the master must refuse, and the words of which one its TASK_ERROR message must contain. */
    record BadTask(String what, Function<Protos.Offer, TaskInfo.Builder> task, List<String> namedField) {
        @Override
        public String toString() {
            return what;
        }
    }

    static Stream<BadTask> badTasks() {
        return Stream.of(
                new BadTask("negative cpus", offer -> task("negative-cpus", offer, -1, 32), List.of("cpus")),
                new BadTask("NaN cpus", offer -> task("nan-cpus", offer, Double.NaN, 32), List.of("cpus")),
                new BadTask("a reversed port range [31005-31000]", offer -> task("reversed-ports", offer, 0.1, 32)
                        .addResources(ports(31005, 31000)), List.of("ports")),
                new BadTask("a cpus limit of 1e300", offer -> task("huge-cpu-limit", offer, 0.1, 32)
                        .putLimits("cpus", Protos.Value.Scalar.newBuilder().setValue(1e300).build()),
                        List.of("limit")),
                new BadTask("a mem limit beyond a long (1e13 MiB, more than 2^63 bytes)",
                        offer -> task("huge-mem-limit", offer, 0.1, 32)
                                .putLimits("mem", Protos.Value.Scalar.newBuilder().setValue(1e13).build()),
                        List.of("limit")),
                new BadTask("a mem limit below its request", offer -> task("mem-limit-below-request", offer, 0.1, 64)
                        .putLimits("mem", Protos.Value.Scalar.newBuilder().setValue(32).build()),
                        List.of("limit")),
                new BadTask("a label of 300 KB", offer -> task("big-label", offer, 0.1, 32)
                        .setLabels(Protos.Labels.newBuilder().addLabels(label("big", "x".repeat(300 * 1024)))),
                        List.of("label")),
                new BadTask("5000 labels", offer -> {
                    Protos.Labels.Builder labels = Protos.Labels.newBuilder();
                    for (int i = 0; i < 5000; i++) {
                        labels.addLabels(label("key-" + i, "v".repeat(64)));
                    }
                    return task("many-labels", offer, 0.1, 32).setLabels(labels);
                }, List.of("label")),
                new BadTask("a label of 4 MiB (more than the API server takes in one object)",
                        offer -> task("huge-label", offer, 0.1, 32).setLabels(Protos.Labels.newBuilder()
                                .addLabels(label("huge", "y".repeat(4 * 1024 * 1024)))),
                        List.of("label")),
                new BadTask("an environment variable named X=Y", offer -> withVariable(
                        task("env-equals", offer, 0.1, 32), "X=Y"), List.of("environment", "X=Y")),
                new BadTask("an environment variable with an empty name", offer -> withVariable(
                        task("env-empty", offer, 0.1, 32), ""), List.of("environment")),
                new BadTask("a max_completion_time of 95 years (beyond a Pod's activeDeadlineSeconds)",
                        offer -> task("long-deadline", offer, 0.1, 32).setMaxCompletionTime(
                                Protos.DurationInfo.newBuilder().setNanoseconds(3_000_000_000L * 1_000_000_000L)),
                        List.of("max_completion_time")),
                new BadTask("a TCP health check on port 0 (no port a Pod's probe can have)",
                        offer -> task("probe-port-zero", offer, 0.1, 32).setHealthCheck(Protos.HealthCheck.newBuilder()
                                .setType(Protos.HealthCheck.Type.TCP)
                                .setTcp(Protos.HealthCheck.TCPCheckInfo.newBuilder().setPort(0))),
                        List.of("health")));
    }

    @ParameterizedTest(name = "a task with {0}")
    @MethodSource("badTasks")
    void aBadTaskGetsTaskErrorWhileTheGoodTaskAfterItRunsAndTheRestIsOfferedAgain(BadTask bad) throws Exception {
        // everything the node has on offer, accepted at once (freed resources come as offers of their own)
        List<Protos.Offer> offers = awaitOutstanding(1.0, TIMEOUT);
        assertThat(offers).as("outstanding offers on %s", NODE).isNotEmpty();
        double accepted = offers.stream().mapToDouble(AcceptValidationIT::cpus).sum();
        offers.forEach(o -> usedOffers.add(o.getId().getValue()));
        Protos.Offer offer = offers.get(0);
        TaskInfo badTask = bad.task().apply(offer).build();
        String badId = badTask.getTaskId().getValue();
        String goodId = "good-after-" + badId;
        TaskInfo goodTask = TestScheduler.commandTask(goodId, offer, "sleep 3600", GOOD_CPUS, 32).build();
        SoftAssertions softly = new SoftAssertions();
        try {
            HttpResponse<String> answer = scheduler.call(Call.newBuilder().setType(Call.Type.ACCEPT)
                    .setAccept(Call.Accept.newBuilder()
                            .addAllOfferIds(offers.stream().map(Protos.Offer::getId).toList())
                            .addOperations(Protos.Offer.Operation.newBuilder()
                                    .setType(Protos.Offer.Operation.Type.LAUNCH)
                                    .setLaunch(Protos.Offer.Operation.Launch.newBuilder()
                                            .addTaskInfos(badTask).addTaskInfos(goodTask)))));
            softly.assertThat(answer.statusCode()).as("ACCEPT answer (body: %s)", answer.body()).isEqualTo(202);

            awaitAcknowledging(() -> first(badId, TaskState.TASK_ERROR) != null
                    && first(goodId, TaskState.TASK_RUNNING) != null,
                    answer.statusCode() == 202 ? MASTER_ANSWER : Duration.ofSeconds(10));
            TaskStatus error = first(badId, TaskState.TASK_ERROR);
            softly.assertThat(error).as("the TASK_ERROR of the bad task; its updates: %s", updates(badId))
                    .isNotNull();
            if (error != null) {
                softly.assertThat(error.getReason()).as("reason").isEqualTo(TaskStatus.Reason.REASON_TASK_INVALID);
                softly.assertThat(error.getSource()).as("source").isEqualTo(TaskStatus.Source.SOURCE_MASTER);
                softly.assertThat(error.hasUuid()).as("a master-generated update has no uuid").isFalse();
                softly.assertThat(bad.namedField()).as("a word of the TASK_ERROR message '%s'", error.getMessage())
                        .anyMatch(word -> error.getMessage().toLowerCase(Locale.ROOT)
                                .contains(word.toLowerCase(Locale.ROOT)));
            }
            softly.assertThat(first(goodId, TaskState.TASK_RUNNING))
                    .as("the TASK_RUNNING of the good task after it; its updates: %s", updates(goodId)).isNotNull();
            List<Protos.Offer> again = awaitOutstanding(accepted - GOOD_CPUS - 1e-6, OFFERED_AGAIN);
            softly.assertThat(again.stream().mapToDouble(AcceptValidationIT::cpus).sum())
                    .as("cpus on offer again within %s after an ACCEPT of %.1f that used %.1f", OFFERED_AGAIN,
                            accepted, GOOD_CPUS)
                    .isGreaterThanOrEqualTo(accepted - GOOD_CPUS - 1e-6);
        } finally {
            // the next case starts from an agent with nothing launching or being killed on it
            scheduler.kill(goodId);
            awaitAcknowledging(() -> first(goodId, TaskState.TASK_RUNNING) == null
                    || first(goodId, TaskState.TASK_KILLED) != null, TIMEOUT);
        }
        softly.assertAll();
    }

    /** Master::kill: an unknown task is reconciled (here TASK_UNKNOWN: no agent named, none recovering). */
    @Test
    void killOfAnUnknownTaskWithoutAgentIdIsAcceptedAndAnsweredByReconciliation() throws Exception {
        HttpResponse<String> answer = scheduler.kill("never-launched");
        assertThat(answer.statusCode()).as("KILL of an unknown task without agent_id: %s", answer.body())
                .isEqualTo(202);

        TaskStatus status = scheduler.awaitEvent(e -> e.getType() == Event.Type.UPDATE
                && e.getUpdate().getStatus().getTaskId().getValue().equals("never-launched"), MASTER_ANSWER)
                .getUpdate().getStatus();
        assertThat(status.getState()).isEqualTo(TaskState.TASK_UNKNOWN);
        assertThat(status.getSource()).isEqualTo(TaskStatus.Source.SOURCE_MASTER);
        assertThat(status.getReason()).isEqualTo(TaskStatus.Reason.REASON_RECONCILIATION);
        assertThat(status.hasUuid()).isFalse();
    }

    // -- helpers --------------------------------------------------------------------------------------------------

    /** Waits until {@code done}, acknowledging every update that carries a uuid (so the next one is sent). */
    private static void awaitAcknowledging(BooleanSupplier done, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Event event : scheduler.events()) {
                if (event.getType() == Event.Type.UPDATE && event.getUpdate().getStatus().hasUuid()
                        && acknowledged.add(event.getUpdate().getStatus().getUuid())) {
                    scheduler.acknowledge(event.getUpdate().getStatus());
                }
            }
            if (done.getAsBoolean() || System.nanoTime() > deadline) {
                return;
            }
            Thread.sleep(100);
        }
    }

    /**
     * Waits until the node's outstanding offers (received, neither rescinded nor used) hold at least {@code cpus};
     * returns them, whatever they hold by then.
     */
    private static List<Protos.Offer> awaitOutstanding(double cpus, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<String, Protos.Offer> outstanding = new java.util.LinkedHashMap<>();
            for (Event event : scheduler.events()) {
                if (event.getType() == Event.Type.OFFERS) {
                    event.getOffers().getOffersList().stream()
                            .filter(o -> o.getHostname().equals(NODE) && !usedOffers.contains(o.getId().getValue()))
                            .forEach(o -> outstanding.put(o.getId().getValue(), o));
                } else if (event.getType() == Event.Type.RESCIND) {
                    outstanding.remove(event.getRescind().getOfferId().getValue());
                }
            }
            List<Protos.Offer> offers = List.copyOf(outstanding.values());
            if (!offers.isEmpty() && offers.stream().mapToDouble(AcceptValidationIT::cpus).sum() >= cpus
                    || System.nanoTime() > deadline) {
                return offers;
            }
            Thread.sleep(100);
        }
    }

    private static TaskStatus first(String taskId, TaskState state) {
        return scheduler.updatesOf(taskId).stream().filter(s -> s.getState() == state).findFirst().orElse(null);
    }

    private static List<String> updates(String taskId) {
        return scheduler.updatesOf(taskId).stream().map(s -> s.getState() + " " + s.getSource() + " "
                + (s.hasReason() ? s.getReason() : "(no reason)") + " '" + s.getMessage() + "'").distinct().toList();
    }

    private static TaskInfo.Builder task(String id, Protos.Offer offer, double cpus, double mem) {
        return TestScheduler.commandTask(id, offer, "sleep 3600", cpus, mem);
    }

    private static TaskInfo.Builder withVariable(TaskInfo.Builder task, String name) {
        task.getCommandBuilder().setEnvironment(Protos.Environment.newBuilder().addVariables(
                Protos.Environment.Variable.newBuilder().setName(name).setValue("value")));
        return task;
    }

    private static Protos.Resource ports(long begin, long end) {
        return Protos.Resource.newBuilder().setName("ports").setType(Protos.Value.Type.RANGES)
                .setRanges(Protos.Value.Ranges.newBuilder().addRange(Protos.Value.Range.newBuilder()
                        .setBegin(begin).setEnd(end))).build();
    }

    private static Protos.Label label(String key, String value) {
        return Protos.Label.newBuilder().setKey(key).setValue(value).build();
    }

    private static double cpus(Protos.Offer offer) {
        return offer.getResourcesList().stream().filter(r -> r.getName().equals("cpus"))
                .mapToDouble(r -> r.getScalar().getValue()).sum();
    }
}
