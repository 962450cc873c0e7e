package io.mesosbridge.operator.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mesosbridge.mesos.media.MediaTypes;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.scheduler.Protos.Event;
import io.mesosbridge.operator.it.BridgeProcess;
import io.mesosbridge.operator.it.TestScheduler;
import io.mesosbridge.testcluster.RealCluster;

import java.io.InputStream;
import java.nio.file.Files;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the time goes from SIGKILL of the leading bridge to the framework's next OFFERS from the new leader, per
 * phase, over several failovers of one pair of bridges (two replicas of one namespace, restricted to kwok nodes, with
 * running tasks to recover). The phases' edges come from the Lease (the dead leader's last renewTime, the new
 * holder's acquireTime), the new leader's {@code elected_time} (recovered), and the framework's own clock (SUBSCRIBED
 * and OFFERS events); all are wall clocks of this one machine.
 *
 * <pre>bin/bench-failover [runs] [tasks]</pre>
 */
public final class FailoverBench {

    private static final String LEASE = "mesos-bridge-master";
    private static final String NODE_PREFIX = "perf-failover-bench-";
    private static final String NODE_LABEL = "perf-failover-bench";
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<String> PHASES = List.of(
            "kill -> lease expired", "expired -> lease taken", "taken -> recovered", "recovered -> SUBSCRIBED",
            "SUBSCRIBED -> OFFERS", "total kill -> OFFERS");

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int tasks = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        RealCluster cluster = RealCluster.get();
        KubernetesClient client = cluster.client();
        String namespace = "bench-failover-" + System.currentTimeMillis();
        List<String> nodes = List.of(NODE_PREFIX + "0", NODE_PREFIX + "1");
        List<BridgeProcess> bridges = new ArrayList<>();
        int status = 1;
        try {
            for (String node : nodes) {
                cluster.createKwokNode(node, Map.of("cpu", "64", "memory", "256Gi", "pods", "1000"),
                        Map.of(NODE_LABEL, "true"));
            }
            for (String node : nodes) {
                cluster.awaitNodeReady(node, Duration.ofMinutes(1));
            }
            Map<String, String> settings = Map.of("mesos-bridge.agent-node-selector", NODE_LABEL + "=true");
            BridgeProcess leader = BridgeProcess.start(cluster, namespace, settings);
            bridges.add(leader);
            BridgeProcess follower = BridgeProcess.startFollower(cluster, namespace, settings);
            bridges.add(follower);

            TestScheduler scheduler = new TestScheduler(leader.url(), MediaTypes.PROTOBUF);
            scheduler.subscribe(TestScheduler.frameworkInfo("failover-bench").build());
            Protos.FrameworkInfo registered = TestScheduler.frameworkInfo("failover-bench")
                    .setId(Protos.FrameworkID.newBuilder().setValue(scheduler.frameworkId())).build();
            launch(scheduler, tasks);

            List<Map<String, Long>> measured = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                scheduler.awaitOffer(o -> true, TIMEOUT);
                Failover failover = failover(client, namespace, leader, follower, scheduler, registered);
                measured.add(failover.phases());
                System.out.printf("run %d: %s%n", run, failover.phases());
                scheduler = failover.scheduler();
                leader = follower;
                follower = BridgeProcess.startFollower(cluster, namespace, settings);
                bridges.add(follower);
            }
            scheduler.close();
            report(runs, tasks, measured);
            List<String> output = Files.readAllLines(leader.log());
            System.out.printf("in all the bridges' output: %d renewals slower than the renew period, %d leaders"
                            + " that lost their Lease%n", output.stream().filter(l -> l.contains("renewing the Lease"))
                            .count(), output.stream().filter(l -> l.contains("lost leadership")).count());
            status = 0;
        } catch (RuntimeException e) {
            e.printStackTrace();
        } finally {
            for (BridgeProcess bridge : bridges) {
                bridge.stop();
            }
            client.namespaces().withName(namespace).delete();
            for (String node : nodes) {
                client.nodes().withName(node).delete();
            }
        }
        System.exit(status);
    }

    /** One failover's phases, and the framework's connection to the new leader. */
    private record Failover(Map<String, Long> phases, TestScheduler scheduler) {
    }

    /** Launches {@code count} long tasks spread over the offers, so that the new leader has tasks to recover. */
    private static void launch(TestScheduler scheduler, int count) throws Exception {
        int launched = 0;
        List<String> used = new ArrayList<>();
        while (launched < count) {
            Protos.Offer offer = scheduler.awaitOffer(o -> !used.contains(o.getId().getValue()), TIMEOUT);
            used.add(offer.getId().getValue());
            List<Protos.TaskInfo> batch = new ArrayList<>();
            for (int i = 0; i < Math.min(count - launched, 25); i++) {
                batch.add(TestScheduler.commandTask("f" + (launched + i), offer, "sleep 3600", 0.1, 32).build());
            }
            scheduler.launch(offer, batch.toArray(Protos.TaskInfo[]::new));
            launched += batch.size();
        }
        for (int i = 0; i < count; i++) {
            scheduler.awaitState("f" + i, Protos.TaskState.TASK_RUNNING, TIMEOUT);
        }
    }

    private static Failover failover(KubernetesClient client, String namespace, BridgeProcess leader,
                                              BridgeProcess follower, TestScheduler before,
                                              Protos.FrameworkInfo registered) throws Exception {
        long wallMinusNanos = System.currentTimeMillis() - System.nanoTime() / 1_000_000;
        long killedAt = System.currentTimeMillis();
        leader.kill();
        Lease last = client.leases().inNamespace(namespace).withName(LEASE).get();
        long expiresAt = last.getSpec().getRenewTime().toInstant().toEpochMilli()
                + last.getSpec().getLeaseDurationSeconds() * 1000L;
        before.disconnect();
        before.close();

        TestScheduler after = new TestScheduler(follower.url(), MediaTypes.PROTOBUF);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        HttpResponse<InputStream> subscribed = after.subscribe(registered);
        while (subscribed.statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(20);
            subscribed = after.subscribe(registered);
        }
        if (subscribed.statusCode() != 200) {
            throw new IllegalStateException("the follower did not take over: " + subscribed.statusCode());
        }
        after.awaitOffer(o -> true, TIMEOUT);
        long subscribedAt = arrival(after, Event.Type.SUBSCRIBED, wallMinusNanos);
        long offeredAt = arrival(after, Event.Type.OFFERS, wallMinusNanos);

        Lease taken = client.leases().inNamespace(namespace).withName(LEASE).get();
        long takenAt = taken.getSpec().getAcquireTime().toInstant().toEpochMilli();
        long recoveredAt = (long) (JSON.readTree(HTTP.send(HttpRequest.newBuilder(follower.url()
                .resolve("/master/state")).GET().build(), HttpResponse.BodyHandlers.ofString()).body())
                .path("elected_time").asDouble() * 1000);

        Map<String, Long> phases = new LinkedHashMap<>();
        long[] edges = {killedAt, expiresAt, takenAt, recoveredAt, subscribedAt, offeredAt};
        for (int i = 0; i < edges.length - 1; i++) {
            phases.put(PHASES.get(i), edges[i + 1] - edges[i]);
        }
        phases.put(PHASES.get(PHASES.size() - 1), offeredAt - killedAt);
        return new Failover(phases, after);
    }

    /** When the first event of {@code type} reached the framework, as a wall-clock millisecond. */
    private static long arrival(TestScheduler scheduler, Event.Type type, long wallMinusNanos) {
        List<Event> events = scheduler.events();
        List<Long> arrivals = scheduler.arrivalNanos();
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).getType() == type) {
                return wallMinusNanos + arrivals.get(i) / 1_000_000;
            }
        }
        throw new IllegalStateException("no " + type + " event");
    }

    private static void report(int runs, int tasks, List<Map<String, Long>> measured) {
        System.out.printf("%n== failover, %d runs, %d running tasks on 2 kwok nodes: ms per phase ==%n", runs, tasks);
        System.out.printf("%-26s", "phase");
        for (int run = 1; run <= runs; run++) {
            System.out.printf("%7s", "run" + run);
        }
        System.out.printf("%9s%n", "median");
        for (String phase : PHASES) {
            System.out.printf("%-26s", phase);
            long[] values = measured.stream().mapToLong(m -> m.get(phase)).toArray();
            for (long value : values) {
                System.out.printf("%7d", value);
            }
            System.out.printf("%9d%n", median(values));
        }
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }
}
