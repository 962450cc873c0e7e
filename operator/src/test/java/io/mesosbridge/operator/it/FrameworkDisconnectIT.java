package io.mesosbridge.operator.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesosbridge.mesos.json.MesosJson;
import io.mesosbridge.mesos.media.MediaTypes;
import io.mesosbridge.mesos.recordio.RecordIoDecoder;
import io.mesosbridge.mesos.v1.scheduler.Protos.Call;
import io.mesosbridge.mesos.v1.scheduler.Protos.Event;
import io.mesosbridge.testcluster.RealCluster;
import io.mesosbridge.testcluster.WithRealCluster;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A scheduler whose SUBSCRIBE connection closes (its process died) is, as for a Mesos master, disconnected at once:
 * it shows {@code connected: false, active: false}, its offers are rescinded (so another framework gets the
 * resources), and its failover timeout starts. The client is a raw socket that sends the SUBSCRIBE request and
 * closes, before reading anything, right after reading SUBSCRIBED, or after reading its first offer.
 */
@WithRealCluster
class FrameworkDisconnectIT {

    private static final String NAMESPACE = "it-disconnect";
    private static final String NODE = "disconnect-node";
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    /** How long "at once" may take: the master notices a closed connection immediately. */
    private static final Duration AT_ONCE = Duration.ofSeconds(5);
    private static BridgeProcess bridge;

    /** When the dying client closes its connection. */
    enum Close { BEFORE_READING_SUBSCRIBED, AFTER_READING_SUBSCRIBED, AFTER_READING_AN_OFFER }

    @BeforeAll
    static void startBridge(RealCluster cluster) {
        cluster.createKwokNode(NODE, Map.of("cpu", "4", "memory", "8Gi"), Map.of());
        cluster.awaitNodeReady(NODE, TIMEOUT);
        bridge = BridgeProcess.start(cluster, NAMESPACE, BridgeProcess.onlyNode(NODE));
    }

    @AfterAll
    static void stopBridge(RealCluster cluster) {
        bridge.stopAndRemoveNamespace();
        cluster.client().nodes().withName(NODE).delete();
    }

    /** Tears down (operator API) every framework a test left registered, so the next test has the node's offers. */
    @AfterEach
    void tearDownFrameworks() throws Exception {
        for (JsonNode framework : MasterHttp.get(bridge.url(), "/master/frameworks").path("frameworks")) {
            MasterHttp.operatorCall(bridge.url(), "{\"type\":\"TEARDOWN\",\"teardown\":{\"framework_id\":{\"value\":\""
                    + framework.path("id").asText() + "\"}}}");
        }
    }

    @ParameterizedTest(name = "client closes {0}")
    @EnumSource(Close.class)
    void aFrameworkWhoseSubscribeConnectionClosesIsMarkedDisconnectedAtOnce(Close when) throws Exception {
        String name = "dies-" + when.name().toLowerCase() + "-" + System.nanoTime();

        subscribeAndClose(name, 300, when);
        Seen registered = awaitRegistered(name);

        // the bridge shows a framework as disconnected for a moment while it registers it: look after a while
        Thread.sleep(AT_ONCE.toMillis());
        Seen seen = awaitFramework(name, s -> true, Duration.ZERO);
        assertThat(seen.describe())
                .as("framework %s (%s) in /master/frameworks %s after its SUBSCRIBE connection closed (first seen: %s)",
                        name, registered.id(), AT_ONCE, registered.describe())
                .contains("connected=false").contains("active=false");
    }

    @ParameterizedTest(name = "client closes {0}")
    @EnumSource(Close.class)
    void theOffersOfAFrameworkWhoseSubscribeConnectionClosesAreRescindedAndGoToTheNextFramework(Close when)
            throws Exception {
        String name = "offers-" + when.name().toLowerCase() + "-" + System.nanoTime();

        subscribeAndClose(name, 300, when);
        String deadId = awaitRegistered(name).id();

        Thread.sleep(AT_ONCE.toMillis());
        JsonNode state = MasterHttp.get(bridge.url(), "/master/state");
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(offersOf(state, deadId))
                .as("offers /master/state still shows for framework %s %s after its SUBSCRIBE connection closed",
                        deadId, AT_ONCE)
                .isEmpty();
        try (TestScheduler next = new TestScheduler(bridge.url(), MediaTypes.JSON)) {
            next.subscribe(TestScheduler.frameworkInfo("next-" + name).build());
            next.awaitOffer(offer -> offer.getHostname().equals(NODE), Duration.ofSeconds(10));
        } catch (AssertionError noOffer) {
            softly.fail("a framework subscribed after %s's connection closed got no offer for %s: %s", deadId, NODE,
                    noOffer.getMessage());
        }
        softly.assertAll();
    }

    @ParameterizedTest(name = "client closes {0}")
    @EnumSource(Close.class)
    void aFrameworkWhoseSubscribeConnectionClosesIsRemovedWhenItsFailoverTimeoutOfTwoSecondsExpires(Close when)
            throws Exception {
        String name = "failover-" + when.name().toLowerCase() + "-" + System.nanoTime();

        subscribeAndClose(name, 2, when);
        String id = awaitRegistered(name).id();

        Seen seen = awaitFramework(name, Seen::completed, Duration.ofSeconds(12));
        assertThat(seen.completed())
                .as("framework %s (failover_timeout 2 s) is in completed_frameworks 12 s after its SUBSCRIBE "
                        + "connection closed; /master/frameworks shows it as %s", id, seen.describe())
                .isTrue();
    }

    // -- the dying client -----------------------------------------------------------------------------------------

    /** Sends SUBSCRIBE (JSON) on a raw socket, reads as much of the stream as {@code when} says, then closes. */
    private static void subscribeAndClose(String name, double failoverTimeout, Close when) throws IOException {
        byte[] body = MesosJson.printBytes(Call.newBuilder().setType(Call.Type.SUBSCRIBE)
                .setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(TestScheduler.frameworkInfo(name)
                        .setFailoverTimeout(failoverTimeout))).build());
        try (Socket socket = new Socket("127.0.0.1", bridge.port())) {
            socket.setSoTimeout((int) Duration.ofSeconds(30).toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/scheduler HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + bridge.port() + "\r\n"
                    + "Content-Type: application/json\r\n"
                    + "Accept: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n"
                    + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            switch (when) {
                case BEFORE_READING_SUBSCRIBED -> {
                    // the process dies before the answer arrives
                }
                case AFTER_READING_SUBSCRIBED -> {
                    Event first = new EventReader(socket.getInputStream()).next();
                    assertThat(first.getType()).as("first event").isEqualTo(Event.Type.SUBSCRIBED);
                }
                case AFTER_READING_AN_OFFER -> {
                    EventReader events = new EventReader(socket.getInputStream());
                    Event event;
                    do {
                        event = events.next();
                    } while (event.getType() != Event.Type.OFFERS);
                }
            }
        }
    }

    /** Reads a chunked HTTP response carrying RecordIO JSON events, one event at a time. */
    private static final class EventReader {

        private final InputStream in;
        private final RecordIoDecoder decoder = new RecordIoDecoder();
        private final List<byte[]> pending = new ArrayList<>();

        EventReader(InputStream in) throws IOException {
            this.in = in;
            String status = line();
            assertThat(status).as("status line of the SUBSCRIBE answer").startsWith("HTTP/1.1 200");
            while (!line().isEmpty()) {
                // skip the headers
            }
        }

        Event next() throws IOException {
            while (pending.isEmpty()) {
                int size = Integer.parseInt(line().split(";")[0].trim(), 16);
                if (size == 0) {
                    throw new IOException("the stream ended");
                }
                byte[] chunk = in.readNBytes(size);
                line();
                pending.addAll(decoder.feed(chunk));
            }
            try {
                return MesosJson.parse(pending.remove(0), Event.newBuilder()).build();
            } catch (io.mesosbridge.mesos.json.MesosJsonException e) {
                throw new IOException("undecodable event", e);
            }
        }

        private String line() throws IOException {
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) {
                    throw new IOException("the connection closed");
                }
                text.write(b);
            }
            return text.toString(StandardCharsets.US_ASCII).replace("\r", "");
        }
    }

    // -- what the master shows ------------------------------------------------------------------------------------

    /** A framework as /master/frameworks shows it, and whether it is among the completed ones. */
    private record Seen(JsonNode json, boolean completed) {

        String id() {
            return json.path("id").asText();
        }

        boolean connected() {
            return json.path("connected").asBoolean();
        }

        boolean active() {
            return json.path("active").asBoolean();
        }

        String describe() {
            return (completed ? "completed" : "registered") + " connected=" + json.path("connected").asText()
                    + " active=" + json.path("active").asText() + " offers=" + json.path("offers").size();
        }
    }

    private static Seen awaitRegistered(String name) throws Exception {
        Seen seen = awaitFramework(name, s -> true, Duration.ofSeconds(10));
        assertThat(seen).as("framework %s in /master/frameworks after its SUBSCRIBE was sent", name).isNotNull();
        return seen;
    }

    /** Polls /master/frameworks until the framework named {@code name} matches; returns the last sighting, or null. */
    private static Seen awaitFramework(String name, java.util.function.Predicate<Seen> done, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Seen last = null;
        while (true) {
            JsonNode answer = MasterHttp.get(bridge.url(), "/master/frameworks");
            Optional<Seen> seen = find(answer, name);
            if (seen.isPresent()) {
                last = seen.get();
                if (done.test(last)) {
                    return last;
                }
            }
            if (System.nanoTime() > deadline) {
                return last;
            }
            Thread.sleep(200);
        }
    }

    private static Optional<Seen> find(JsonNode answer, String name) {
        for (JsonNode framework : answer.path("frameworks")) {
            if (framework.path("name").asText().equals(name)) {
                return Optional.of(new Seen(framework, false));
            }
        }
        for (JsonNode framework : answer.path("completed_frameworks")) {
            if (framework.path("name").asText().equals(name)) {
                return Optional.of(new Seen(framework, true));
            }
        }
        return Optional.empty();
    }

    /** The ids of the offers /master/state lists for the framework. */
    private static List<String> offersOf(JsonNode state, String frameworkId) {
        List<String> offers = new ArrayList<>();
        for (JsonNode framework : state.path("frameworks")) {
            if (framework.path("id").asText().equals(frameworkId)) {
                framework.path("offers").forEach(offer -> offers.add(offer.path("id").asText()));
            }
        }
        return offers;
    }
}
