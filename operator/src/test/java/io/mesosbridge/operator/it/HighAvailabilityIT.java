package io.mesosbridge.operator.it;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.mesosbridge.mesos.media.MediaTypes;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;
import io.mesosbridge.conventions.TaskNames;
import io.mesosbridge.testcluster.RealCluster;
import io.mesosbridge.testcluster.WithRealCluster;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two replicas, one leader (a Kubernetes Lease): the follower redirects to the leader; when the leader is killed
 * mid-run the follower takes over, the framework re-subscribes and gets offers again, and its tasks finish with no
 * task lost or launched twice. Prints the time from the leader's death to the framework's first new offer. A replica
 * never takes a Lease its holder still renews, and a leader whose Lease another holder took exits at once.
 */
@WithRealCluster
class HighAvailabilityIT {

    private static final String NAMESPACE = "it-high-availability";
    private static final String LEASE_NAMESPACE = "it-high-availability-lease";
    private static final String LEASE = "mesos-bridge-master";
    private static final String OTHER_MASTER = "127.0.0.1:1";
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @Test
    void aFollowerTakesOverWhenTheLeaderDiesAndNoTaskIsLostOrDoubled(RealCluster cluster) throws Exception {
        String realNode = cluster.realNodeName().orElseThrow();
        Map<String, String> settings = BridgeProcess.onlyNode(realNode);
        BridgeProcess first = BridgeProcess.start(cluster, NAMESPACE, settings);
        BridgeProcess second = BridgeProcess.startFollower(cluster, NAMESPACE, settings);
        try {
            BridgeProcess leader = redirectsTo(second, first) ? first : second;
            BridgeProcess follower = leader == first ? second : first;
            assertThat(redirectsTo(follower, leader)).as("the follower answers 307 to the leader").isTrue();

            TestScheduler before = new TestScheduler(leader.url(), MediaTypes.PROTOBUF);
            before.subscribe(TestScheduler.frameworkInfo("highly-available").build());
            Protos.Offer offer = before.awaitOffer(o -> o.getHostname().equals(realNode), TIMEOUT);
            List<String> taskIds = List.of("ha-1", "ha-2", "ha-3");
            List<Protos.TaskInfo> tasks = new ArrayList<>();
            for (String id : taskIds) {
                tasks.add(TestScheduler.commandTask(id, offer, "sleep 15", 0.05, 16).build());
            }
            before.launch(offer, tasks.toArray(Protos.TaskInfo[]::new));
            Map<String, String> podUids = new HashMap<>();
            for (String id : taskIds) {
                before.awaitState(id, TaskState.TASK_RUNNING, TIMEOUT);
                podUids.put(id, cluster.client().pods().inNamespace(NAMESPACE)
                        .withName(TaskNames.objectName(before.frameworkId(), id)).get().getMetadata().getUid());
            }
            Protos.FrameworkInfo registered = TestScheduler.frameworkInfo("highly-available")
                    .setId(Protos.FrameworkID.newBuilder().setValue(before.frameworkId())).build();

            long killedAt = System.nanoTime();
            leader.kill();
            before.disconnect();

            TestScheduler after = new TestScheduler(follower.url(), MediaTypes.PROTOBUF);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            HttpResponse<InputStream> subscribed = after.subscribe(registered);
            while (subscribed.statusCode() != 200 && System.nanoTime() < deadline) {
                Thread.sleep(100);
                subscribed = after.subscribe(registered);
            }
            assertThat(subscribed.statusCode()).isEqualTo(200);
            after.awaitOffer(o -> true, TIMEOUT);
            long recoveryMillis = (System.nanoTime() - killedAt) / 1_000_000;
            String report = "leader killed -> framework offered again by the new leader: " + recoveryMillis + " ms";
            System.out.println("HA recovery: " + report);
            Files.writeString(Path.of("target", "ha-recovery.txt"), report + System.lineSeparator());

            for (String id : taskIds) {
                TaskStatus finished = after.awaitState(id, TaskState.TASK_FINISHED, TIMEOUT, false);
                assertThat(cluster.client().pods().inNamespace(NAMESPACE)
                        .withName(TaskNames.objectName(registered.getId().getValue(), id)).get().getMetadata().getUid())
                        .as("task %s kept its one Pod", id).isEqualTo(podUids.get(id));
                after.acknowledge(finished);
            }
            after.close();
        } finally {
            first.stop();
            second.stop();
            cluster.client().namespaces().withName(NAMESPACE).delete();
        }
    }

    @Test
    void aReplicaWaitsWhileTheLeaseIsRenewedAndALeaderWhoseLeaseWasTakenExits(RealCluster cluster) throws Exception {
        KubernetesClient client = cluster.client();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(LEASE_NAMESPACE).endMetadata()
                .build()).createOr(existing -> existing.update());
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        client.leases().inNamespace(LEASE_NAMESPACE).resource(new LeaseBuilder()
                .withNewMetadata().withName(LEASE).endMetadata()
                .withNewSpec().withHolderIdentity(OTHER_MASTER + "#another").withLeaseDurationSeconds(2)
                .withAcquireTime(now).withRenewTime(now).withLeaseTransitions(0).endSpec().build()).create();
        AtomicBoolean renewing = new AtomicBoolean(true);
        Thread otherMaster = new Thread(() -> {
            while (renewing.get()) {
                lease(client).edit(lease -> new LeaseBuilder(lease).editSpec()
                        .withRenewTime(ZonedDateTime.now(ZoneOffset.UTC)).endSpec().build());
                sleep(250);
            }
        });
        otherMaster.start();
        BridgeProcess bridge = null;
        try {
            bridge = BridgeProcess.startFollower(cluster, LEASE_NAMESPACE,
                    BridgeProcess.onlyNode(cluster.realNodeName().orElseThrow()));
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < until) {
                assertThat(schedulerAnswer(bridge).statusCode()).as("the bridge follows the renewing holder")
                        .isEqualTo(307);
                assertThat(lease(client).get().getSpec().getHolderIdentity()).startsWith(OTHER_MASTER);
                Thread.sleep(200);
            }

            renewing.set(false);
            otherMaster.join();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (schedulerAnswer(bridge).statusCode() == 307 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(schedulerAnswer(bridge).statusCode()).as("the bridge leads once the Lease lapsed")
                    .isNotIn(307, 503);
            String holder = lease(client).get().getSpec().getHolderIdentity();
            assertThat(holder).as("the bridge holds the Lease").contains(":" + bridge.port() + "#");

            ProcessHandle process = ProcessHandle.of(bridge.pid()).orElseThrow();
            lease(client).edit(lease -> new LeaseBuilder(lease).editSpec()
                    .withHolderIdentity(OTHER_MASTER + "#thief")
                    .withRenewTime(ZonedDateTime.now(ZoneOffset.UTC)).endSpec().build());
            process.onExit().get(30, TimeUnit.SECONDS);
            assertThat(Files.readString(bridge.log())).contains("lost leadership: another master holds the Lease");
        } finally {
            renewing.set(false);
            otherMaster.join();
            if (bridge != null) {
                bridge.stop();
            }
            client.namespaces().withName(LEASE_NAMESPACE).delete();
        }
    }

    private static Resource<Lease> lease(KubernetesClient client) {
        return client.leases().inNamespace(LEASE_NAMESPACE).withName(LEASE);
    }

    private static HttpResponse<String> schedulerAnswer(BridgeProcess bridge) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(bridge.url().resolve("/api/v1/scheduler"))
                .header("Content-Type", MediaTypes.JSON).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean redirectsTo(BridgeProcess from, BridgeProcess to) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        from.url().resolve("/api/v1/scheduler")).header("Content-Type", MediaTypes.JSON)
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        return answer.statusCode() == 307 && answer.headers().firstValue("Location").orElse("")
                .endsWith(":" + to.port() + "/api/v1/scheduler");
    }
}
