package io.mesosbridge.operator.it;

import com.google.protobuf.ByteString;
import io.mesosbridge.mesos.media.MediaTypes;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;
import io.mesosbridge.mesos.v1.scheduler.Protos.Call;
import io.mesosbridge.mesos.v1.scheduler.Protos.Event;
import io.mesosbridge.testcluster.RealCluster;
import io.mesosbridge.testcluster.WithRealCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a client sends is bounded and checked as a Mesos master checks it, while a well-behaved framework beside the
 * bad clients keeps its stream, its offers and its task: invalid task ids and roles refused in Mesos's words, no file
 * uploads, half-sent requests cut at the request timeout, oversize bodies refused, a storm of acknowledgements with
 * unknown uuids answered without API requests, and SUPPRESS/REVIVE naming roles the framework does not have dropped.
 * The bridge runs as the Helm chart runs it: every HTTP realm authenticated, and ACLs; the bad clients hold valid
 * credentials, so each bound is what stops them, not the authentication.
 */
@WithRealCluster
class ClientInputBoundsIT {

    private static final String NAMESPACE = "it-bounds";
    private static final String NODE = "bounds-node";
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private static final String ROLE = "web";
    private static final String PRINCIPAL = "bounds";
    private static final String AUTHORIZATION = TestScheduler.basic(PRINCIPAL, "bounds-secret");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static RealCluster cluster;
    private static BridgeProcess bridge;
    private static TestScheduler good;
    private static long subscribedAtNanos;
    private static final Set<String> usedOffers = new HashSet<>();

    @BeforeAll
    static void startBridge(RealCluster realCluster) throws Exception {
        cluster = realCluster;
        cluster.createKwokNode(NODE, Map.of("cpu", "8", "memory", "16Gi"), Map.of());
        cluster.awaitNodeReady(NODE, TIMEOUT);
        Path credentials = Path.of("target", "bounds-credentials").toAbsolutePath();
        Files.writeString(credentials, PRINCIPAL + " bounds-secret\n");
        bridge = BridgeProcess.start(cluster, NAMESPACE, Map.of(
                "mesos-bridge.agent-node-selector", "kubernetes.io/hostname=" + NODE,
                "mesos-bridge.request-timeout", REQUEST_TIMEOUT.toSeconds() + "S",
                "mesos-bridge.heartbeat-interval-seconds", "1",
                "mesos-bridge.authenticate-http-frameworks", "true",
                "mesos-bridge.authenticate-http-readwrite", "true",
                "mesos-bridge.authenticate-http-readonly", "true",
                "mesos-bridge.credentials", credentials.toString(),
                "mesos-bridge.acls", "{\"register_frameworks\": [{\"principals\": {\"values\": [\"" + PRINCIPAL
                        + "\"]}, \"roles\": {\"values\": [\"" + ROLE + "\", \"*\"]}}]}"));
        good = new TestScheduler(bridge.url(), MediaTypes.PROTOBUF, AUTHORIZATION);
        good.subscribe(TestScheduler.frameworkInfo("bounds-good").setPrincipal(PRINCIPAL).setRole(ROLE).build());
        subscribedAtNanos = System.nanoTime();
        assertThat(good.frameworkId()).isNotNull();
    }

    @AfterAll
    static void stopBridge() throws Exception {
        good.close();
        bridge.stopAndRemoveNamespace();
        cluster.client().nodes().withName(NODE).delete();
    }

    @Test
    void invalidTaskIdsAndRolesAreRefusedInMesossWordsWhileTheGoodFrameworkWorks() throws Exception {
        Protos.Offer offer = freshOffer();
        assertThat(good.launch(offer,
                TestScheduler.commandTask("a/b", offer, "sleep 600", 0.1, 32).build(),
                TestScheduler.commandTask("forged\r\nINFO framework admin removed", offer, "sleep 600", 0.1, 32)
                        .build(),
                TestScheduler.commandTask("good-1", offer, "sleep 600", 0.1, 32).build()).statusCode())
                .isEqualTo(202);

        TaskStatus slash = good.awaitState("a/b", TaskState.TASK_ERROR, TIMEOUT);
        assertThat(slash.getMessage()).isEqualTo("'a/b' contains invalid characters");
        assertThat(slash.getReason()).isEqualTo(TaskStatus.Reason.REASON_TASK_INVALID);
        TaskStatus forged = good.awaitState("forged\r\nINFO framework admin removed", TaskState.TASK_ERROR, TIMEOUT);
        assertThat(forged.getMessage()).endsWith("contains invalid characters");
        good.awaitState("good-1", TaskState.TASK_RUNNING, TIMEOUT);
        assertThat(Files.readString(bridge.log())).as("no client line break reaches the log")
                .doesNotContainPattern("(?m)^INFO framework admin removed");

        assertThat(refusal(TestScheduler.frameworkInfo("bad-role").setRole("../x")))
                .isEqualTo("'FrameworkInfo.role' is not a valid role: Role '../x' cannot include '..' as a component");
        assertThat(refusal(TestScheduler.frameworkInfo("bad-role").setRole("a b")))
                .isEqualTo("'FrameworkInfo.role' is not a valid role: Role component 'a b' is invalid because it"
                        + " contains backspace or whitespace");
        assertThat(refusal(TestScheduler.frameworkInfo("bad-id")
                .setId(Protos.FrameworkID.newBuilder().setValue("../other"))))
                .isEqualTo("'../other' contains invalid characters");
        offeredAndDeclined();
    }

    @Test
    void aMultipartUploadIsRefusedAndNothingIsWrittenToDisk() throws Exception {
        String boundary = "b0undary";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n" + "x".repeat(100_000) + "\r\n--" + boundary + "--\r\n";
        for (String path : List.of("/api/v1/scheduler", "/api/v1")) {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(bridge.url().resolve(path))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .header("Authorization", AUTHORIZATION)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(path).isEqualTo(415);
        }
        // the bridge runs in this module's directory, where Vert.x would put its uploads
        assertThat(Path.of("file-uploads")).doesNotExist();
    }

    @Test
    void halfSentRequestsAreClosedAtTheTimeoutWhileASubscribeStreamLivesOn() throws Exception {
        List<Socket> halfSent = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                Socket socket = new Socket("127.0.0.1", bridge.port());
                socket.setSoTimeout((int) REQUEST_TIMEOUT.plusSeconds(15).toMillis());
                OutputStream out = socket.getOutputStream();
                out.write(("POST /api/v1/scheduler HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Authorization: " + AUTHORIZATION + "\r\n"
                        + "Content-Length: 1000\r\n\r\n{\"type\":").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                halfSent.add(socket);
            }
            long started = System.nanoTime();
            for (Socket socket : halfSent) {
                String answer = readUntilClosed(socket);
                assertThat(answer).startsWith("HTTP/1.1 408");
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(REQUEST_TIMEOUT.plusSeconds(10));
        } finally {
            for (Socket socket : halfSent) {
                socket.close();
            }
        }

        assertThat(Duration.ofNanos(System.nanoTime() - subscribedAtNanos)).isGreaterThan(REQUEST_TIMEOUT);
        int heartbeats = heartbeats();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (heartbeats() <= heartbeats && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(heartbeats()).as("the SUBSCRIBE stream opened before the timeout still receives events")
                .isGreaterThan(heartbeats);
    }

    @Test
    void aRequestWithoutCredentialsIsAnswered401BeforeItsBodyIsRead() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", bridge.port())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("POST /api/v1/scheduler HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + (65L * 1024 * 1024) + "\r\n\r\n{")
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = readHead(socket);
            assertThat(answer).startsWith("HTTP/1.1 401");
            assertThat(answer).contains("WWW-Authenticate: Basic realm=\"mesos-master-scheduler\"");
        }
    }

    @Test
    void oversizeBodiesAreRefusedWith413() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", bridge.port())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("POST /api/v1/scheduler HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: " + AUTHORIZATION + "\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + (65L * 1024 * 1024) + "\r\n\r\n{")
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(readUntilClosed(socket)).startsWith("HTTP/1.1 413");
        }
        HttpResponse<String> state = HTTP.send(HttpRequest.newBuilder(bridge.url().resolve("/master/state"))
                .header("Content-Type", "application/json").header("Authorization", AUTHORIZATION)
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[2 * 1024 * 1024])).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(state.statusCode()).as("a JAX-RS endpoint: " + state.body()).isEqualTo(413);
    }

    @Test
    void aStormOfAcknowledgementsWithUnknownUuidsCostsNoApiRequest() throws Exception {
        Protos.Offer offer = freshOffer();
        good.launch(offer, TestScheduler.commandTask("acked", offer, "sleep 600", 0.1, 32).build());
        TaskStatus running = good.awaitState("acked", TaskState.TASK_RUNNING, TIMEOUT);
        Thread.sleep(2000);
        double before = mesosTaskStatusRequests();

        for (int i = 0; i < 1000; i++) {
            String taskId = i % 2 == 0 ? "acked" : "unknown-" + i;
            HttpResponse<String> answer = good.call(Call.newBuilder().setType(Call.Type.ACKNOWLEDGE)
                    .setAcknowledge(Call.Acknowledge.newBuilder().setAgentId(running.getAgentId())
                            .setTaskId(Protos.TaskID.newBuilder().setValue(taskId)).setUuid(randomUuid())));
            assertThat(answer.statusCode()).isEqualTo(202);
        }
        Thread.sleep(3000);

        assertThat(mesosTaskStatusRequests() - before)
                .as("MesosTask status requests the API server served during the storm (before the fix: two each)")
                .isLessThan(100);
        good.kill("acked");
        good.awaitState("acked", TaskState.TASK_KILLED, TIMEOUT);
    }

    @Test
    void suppressAndReviveNamingAnotherRoleAreDroppedWhole() throws Exception {
        Protos.Offer offer = freshOffer();
        assertThat(good.call(declineFor(offer, 1)).statusCode()).isEqualTo(202);
        // were it applied, this would suppress 'web' too
        assertThat(good.call(Call.newBuilder().setType(Call.Type.SUPPRESS).setSuppress(Call.Suppress.newBuilder()
                .addRoles(ROLE).addRoles("other"))).statusCode()).isEqualTo(202);
        Protos.Offer again = freshOffer();
        assertThat(again.getId()).isNotEqualTo(offer.getId());

        assertThat(good.call(declineFor(again, 3600)).statusCode()).isEqualTo(202);
        // were it applied, this would lift the hour-long filter
        assertThat(good.call(Call.newBuilder().setType(Call.Type.REVIVE).setRevive(Call.Revive.newBuilder()
                .addRoles("other"))).statusCode()).isEqualTo(202);
        Thread.sleep(8000);
        assertThat(offersAfter(again)).as("offers after a REVIVE of a role the framework does not have").isEmpty();

        assertThat(good.call(Call.newBuilder().setType(Call.Type.REVIVE).setRevive(Call.Revive.newBuilder()
                .addRoles(ROLE))).statusCode()).isEqualTo(202);
        offeredAndDeclined();
    }

    private static Protos.Offer freshOffer() {
        Protos.Offer offer = good.awaitOffer(o -> !usedOffers.contains(o.getId().getValue()), TIMEOUT);
        usedOffers.add(offer.getId().getValue());
        return offer;
    }

    /** The good framework is offered resources again; it declines them (for a second) for the next test. */
    private static void offeredAndDeclined() throws Exception {
        assertThat(good.call(declineFor(freshOffer(), 1)).statusCode()).isEqualTo(202);
    }

    private static List<Protos.Offer> offersAfter(Protos.Offer last) {
        List<Protos.Offer> later = new ArrayList<>();
        boolean seen = false;
        for (Event event : good.events()) {
            if (event.getType() != Event.Type.OFFERS) {
                continue;
            }
            for (Protos.Offer offer : event.getOffers().getOffersList()) {
                if (seen) {
                    later.add(offer);
                }
                seen |= offer.getId().equals(last.getId());
            }
        }
        return later;
    }

    private static Call.Builder declineFor(Protos.Offer offer, double seconds) {
        return Call.newBuilder().setType(Call.Type.DECLINE).setDecline(Call.Decline.newBuilder()
                .addOfferIds(offer.getId()).setFilters(Protos.Filters.newBuilder().setRefuseSeconds(seconds)));
    }

    /** Subscribes a framework of its own; returns the message of the ERROR that refuses it. */
    private static String refusal(Protos.FrameworkInfo.Builder info) throws Exception {
        TestScheduler bad = new TestScheduler(bridge.url(), MediaTypes.PROTOBUF, AUTHORIZATION);
        try {
            HttpResponse<InputStream> answer = bad.subscribe(info.build());
            assertThat(answer.statusCode()).isEqualTo(200);
            Event error = bad.awaitEvent(e -> e.getType() == Event.Type.ERROR, Duration.ofSeconds(30));
            assertThat(bad.events()).noneMatch(e -> e.getType() == Event.Type.SUBSCRIBED);
            return error.getError().getMessage();
        } finally {
            bad.disconnect();
        }
    }

    private static int heartbeats() {
        return (int) good.events().stream().filter(e -> e.getType() == Event.Type.HEARTBEAT).count();
    }

    /** Reads an answer's status line and headers. */
    private static String readHead(Socket socket) throws Exception {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        int b;
        while ((b = in.read()) >= 0) {
            read.write(b);
            if (read.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                break;
            }
        }
        return read.toString(StandardCharsets.US_ASCII);
    }

    private static String readUntilClosed(Socket socket) throws Exception {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = socket.getInputStream().read(buffer)) >= 0) {
                read.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server kept the connection open; read so far: " + read, e);
        }
        return read.toString(StandardCharsets.US_ASCII);
    }

    private static ByteString randomUuid() {
        UUID uuid = UUID.randomUUID();
        return ByteString.copyFrom(ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits()).array());
    }

    /** The API server's own count of requests on MesosTask status, from its /metrics. */
    private static double mesosTaskStatusRequests() {
        String metrics = cluster.client().raw("/metrics");
        Matcher sample = Pattern.compile("(?m)^apiserver_request_total\\{([^}]*)\\} (\\S+)$").matcher(metrics);
        double total = 0;
        while (sample.find()) {
            String labels = sample.group(1);
            if (labels.contains("resource=\"mesostasks\"") && labels.contains("subresource=\"status\"")) {
                total += Double.parseDouble(sample.group(2));
            }
        }
        return total;
    }
}
