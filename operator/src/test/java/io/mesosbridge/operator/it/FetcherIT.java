package io.mesosbridge.operator.it;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.mesosbridge.conventions.TaskNames;
import io.mesosbridge.mesos.media.MediaTypes;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.CommandInfo;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;
import io.mesosbridge.testcluster.RealCluster;
import io.mesosbridge.testcluster.WithRealCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CommandInfo.uris on the real node: the fetcher's init container downloads what a test server on the host serves
 * (reached at the host's address on the pod network: the dev cluster's Pods have no route to the node's InternalIP)
 * into the sandbox, unpacks the archive and makes the script executable, before
 * the task's command runs there; a URI that cannot be downloaded fails the launch; a URI only an agent could read
 * is a TASK_ERROR naming it.
 */
@WithRealCluster
class FetcherIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final Map<String, byte[]> FILES = new ConcurrentHashMap<>();
    private static final Map<String, Integer> REQUESTS = new ConcurrentHashMap<>();
    private static BridgeProcess bridge;
    private static HttpServer server;
    private static String realNode;
    private static String baseUrl;

    @BeforeAll
    static void start(RealCluster cluster) throws Exception {
        realNode = cluster.realNodeName().orElseThrow();
        String hostAddress = hostAddressOnThePodNetwork(cluster);
        FILES.put("/data.tar.gz", tarGz("data/hello.txt", "fetched by the init container\n"));
        FILES.put("/bin/run.sh", "#!/bin/sh\necho ran\n".getBytes(StandardCharsets.UTF_8));
        server = HttpServer.create(new InetSocketAddress("0.0.0.0", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = FILES.get(exchange.getRequestURI().getPath());
            REQUESTS.merge(exchange.getRequestURI().getPath(), 1, Integer::sum);
            exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            if (body != null) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        baseUrl = "http://" + hostAddress + ":" + server.getAddress().getPort();
        bridge = BridgeProcess.start(cluster, "it-fetcher", Map.of());
    }

    @AfterAll
    static void stop() {
        bridge.stopAndRemoveNamespace();
        server.stop(0);
    }

    @Test
    void theUrisAreInTheSandboxExtractedAndExecutableWhenTheCommandRuns(RealCluster cluster) throws Exception {
        try (TestScheduler scheduler = new TestScheduler(bridge.url(), MediaTypes.JSON)) {
            scheduler.subscribe(TestScheduler.frameworkInfo("fetcher").setUser("nobody").build());
            Protos.Offer offer = scheduler.awaitOffer(o -> o.getHostname().equals(realNode), TIMEOUT);
            Protos.TaskInfo.Builder task = TestScheduler.commandTask("fetching", offer,
                    "cd \"$MESOS_SANDBOX\" && grep -q 'fetched by the init container' data/hello.txt"
                            + " && test -x tools/run && [ \"$(./tools/run)\" = ran ]", 0.1, 32);
            task.getCommandBuilder()
                    .addUris(CommandInfo.URI.newBuilder().setValue(baseUrl + "/data.tar.gz").setCache(true))
                    .addUris(CommandInfo.URI.newBuilder().setValue(baseUrl + "/bin/run.sh").setExecutable(true)
                            .setOutputFile("tools/run"));
            assertThat(scheduler.launch(offer, task.build()).statusCode()).isEqualTo(202);

            String podName = TaskNames.objectName(scheduler.frameworkId(), "fetching");
            Pod pod = org.awaitility.Awaitility.await().atMost(TIMEOUT).until(
                    () -> cluster.client().pods().inNamespace("it-fetcher").withName(podName).get(),
                    java.util.Objects::nonNull);
            TaskStatus finished = scheduler.awaitState("fetching", TaskState.TASK_FINISHED, TIMEOUT);

            assertThat(finished.getState()).isEqualTo(TaskState.TASK_FINISHED);
            assertThat(REQUESTS).containsEntry("/data.tar.gz", 1).containsEntry("/bin/run.sh", 1);
            Container init = pod.getSpec().getInitContainers().get(0);
            assertThat(init.getName()).isEqualTo("fetch");
            assertThat(init.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
            assertThat(pod.getSpec().getSecurityContext().getRunAsUser()).isEqualTo(65534L);
        }
    }

    @Test
    void aUriTheServerDoesNotHaveFailsTheLaunch() throws Exception {
        try (TestScheduler scheduler = new TestScheduler(bridge.url(), MediaTypes.JSON)) {
            scheduler.subscribe(TestScheduler.frameworkInfo("fetcher-missing").setUser("nobody").build());
            Protos.Offer offer = scheduler.awaitOffer(o -> o.getHostname().equals(realNode), TIMEOUT);
            Protos.TaskInfo.Builder task = TestScheduler.commandTask("missing", offer, "true", 0.1, 32);
            task.getCommandBuilder().addUris(CommandInfo.URI.newBuilder().setValue(baseUrl + "/no-such.tgz"));
            assertThat(scheduler.launch(offer, task.build()).statusCode()).isEqualTo(202);

            TaskStatus failed = scheduler.awaitState("missing", TaskState.TASK_FAILED, TIMEOUT);

            assertThat(failed.getReason()).isEqualTo(TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED);
            assertThat(failed.getMessage()).startsWith("Failed to launch container: Failed to fetch all URIs");
            assertThat(REQUESTS).containsKey("/no-such.tgz");
        }
    }

    @Test
    void aUriOnlyAnAgentCouldReadIsATaskErrorNamingIt() throws Exception {
        try (TestScheduler scheduler = new TestScheduler(bridge.url(), MediaTypes.JSON)) {
            scheduler.subscribe(TestScheduler.frameworkInfo("fetcher-refused").build());
            Protos.Offer offer = scheduler.awaitOffer(o -> o.getHostname().equals(realNode), TIMEOUT);
            Protos.TaskInfo.Builder task = TestScheduler.commandTask("agent-file", offer, "true", 0.1, 32);
            task.getCommandBuilder().addUris(CommandInfo.URI.newBuilder().setValue("hdfs://namenode/app.tgz"));
            assertThat(scheduler.launch(offer, task.build()).statusCode()).isEqualTo(202);

            TaskStatus error = scheduler.awaitState("agent-file", TaskState.TASK_ERROR, TIMEOUT);

            assertThat(error.getMessage()).contains("'hdfs://namenode/app.tgz'").contains("a Pod cannot fetch");
        }
    }

    /** The address of the host's interface whose network holds the IP of a probe Pod on the real node. */
    private static String hostAddressOnThePodNetwork(RealCluster cluster) throws Exception {
        Pod probe = new PodBuilder().withNewMetadata().withName("fetcher-it-probe").withNamespace("default")
                .endMetadata().withNewSpec().withNodeName(realNode).withRestartPolicy("Never")
                .withTerminationGracePeriodSeconds(0L).addNewContainer().withName("probe")
                .withImage("mesos-bridge/busybox:local").withImagePullPolicy("IfNotPresent")
                .withCommand("sleep", "60").endContainer().endSpec().build();
        cluster.client().resource(probe).create();
        try {
            String podIp = org.awaitility.Awaitility.await().atMost(TIMEOUT).until(() -> {
                Pod pod = cluster.client().resource(probe).get();
                return pod == null || pod.getStatus() == null ? null : pod.getStatus().getPodIP();
            }, ip -> ip != null && !ip.isEmpty());
            byte[] pod = InetAddress.getByName(podIp).getAddress();
            for (NetworkInterface nic : java.util.Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InterfaceAddress address : nic.getInterfaceAddresses()) {
                    byte[] host = address.getAddress().getAddress();
                    if (host.length == pod.length && samePrefix(host, pod, address.getNetworkPrefixLength())) {
                        return address.getAddress().getHostAddress();
                    }
                }
            }
            throw new AssertionError("no interface of this host is on the network of Pod IP " + podIp);
        } finally {
            cluster.client().resource(probe).withGracePeriod(0).delete();
        }
    }

    private static boolean samePrefix(byte[] a, byte[] b, int bits) {
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >>> (i % 8);
            if ((a[i / 8] & mask) != (b[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    private static byte[] tarGz(String name, String content) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("fetcher-it");
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        Path archive = dir.resolve("archive.tar.gz");
        Process tar = new ProcessBuilder("tar", "-czf", archive.toString(), "-C", dir.toString(), name)
                .inheritIO().start();
        assertThat(tar.waitFor()).as("tar exit code").isZero();
        return Files.readAllBytes(archive);
    }
}
