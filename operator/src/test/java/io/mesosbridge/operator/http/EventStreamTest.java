package io.mesosbridge.operator.http;

import io.mesosbridge.mesos.media.MediaTypes;
import io.mesosbridge.mesos.recordio.RecordIoDecoder;
import io.mesosbridge.mesos.v1.scheduler.Protos.Event;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Event streams over real sockets: a subscriber that stops reading is cut off without holding up another. */
class EventStreamTest {

    private static final int QUEUE_LIMIT = 8;
    /** On {@code /bytes...} paths the count allows a million events and only the bytes bound the queue. */
    private static final int MANY = 1_000_000;
    private static final long QUEUE_BYTES = 256 * 1024;
    private static final Event BIG = Event.newBuilder().setType(Event.Type.ERROR)
            .setError(Event.Error.newBuilder().setMessage("x".repeat(64 * 1024))).build();

    private Vertx vertx;
    private HttpServer server;
    private final BlockingQueue<EventStream> streams = new LinkedBlockingQueue<>();
    private final AtomicInteger overflows = new AtomicInteger();

    @BeforeEach
    void startServer() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(request -> {
            request.response().setChunked(true).putHeader("Content-Type", MediaTypes.PROTOBUF).setStatusCode(200);
            boolean bytes = request.path().startsWith("/bytes");
            streams.add(new EventStream(request.path(), MediaTypes.PROTOBUF, request.response(), vertx,
                    bytes ? MANY : QUEUE_LIMIT, bytes ? QUEUE_BYTES : Long.MAX_VALUE, overflows::incrementAndGet));
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stopServer() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aSubscriberThatStopsReadingIsDisconnectedOnceWhileAReadingOneGetsEveryEvent() throws Exception {
        try (Socket stalled = connectWithoutReading("/stalled")) {
            EventStream stalledStream = streams.poll(10, TimeUnit.SECONDS);
            // the response head goes out with the first event, so the reader waits for it on its own thread
            CompletableFuture<HttpResponse<InputStream>> reading = HttpClient.newHttpClient().sendAsync(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + "/reading")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            EventStream readingStream = streams.poll(10, TimeUnit.SECONDS);
            List<Event> received = new CopyOnWriteArrayList<>();
            Thread reader = new Thread(() -> readEvents(reading.join().body(), received));
            reader.start();

            int sentBeforeOverflow = 0;
            while (stalledStream.send(BIG)) {
                sentBeforeOverflow++;
                assertThat(sentBeforeOverflow).as("events accepted for a subscriber that never reads").isLessThan(10_000);
            }
            int delivered = 50;
            for (int i = 0; i < delivered; i++) {
                assertThat(readingStream.send(BIG)).isTrue();
                awaitBacklogBelow(i + 1, received, QUEUE_LIMIT / 2);
            }

            assertThat(overflows).hasValue(1);
            assertThat(stalledStream.isClosed()).isTrue();
            assertThat(stalledStream.send(BIG)).as("a disconnected stream refuses events").isFalse();
            assertThat(overflows).as("the overflow is reported once").hasValue(1);
            awaitBacklogBelow(delivered, received, 1);
            assertThat(received).hasSize(delivered).allMatch(BIG::equals);
            assertThat(readingStream.queueDepth()).isZero();
        }
    }

    @Test
    void theQueueIsBoundedInBytesWhateverTheNumberOfEvents() throws Exception {
        try (Socket stalled = connectWithoutReading("/bytes-stalled")) {
            EventStream stream = streams.poll(10, TimeUnit.SECONDS);
            int accepted = 0;
            while (stream.send(BIG)) {
                accepted++;
                // 64 KiB each: a thousand is 64 MiB, far past the 256 KiB bound and any socket buffer
                assertThat(accepted).as("events accepted for a subscriber that never reads").isLessThan(1000);
            }
            assertThat(overflows).hasValue(1);
            assertThat(stream.isClosed()).isTrue();
        }
    }

    @Test
    void oneRecordLargerThanTheByteBoundMayStillWait() throws Exception {
        Event huge = Event.newBuilder().setType(Event.Type.ERROR)
                .setError(Event.Error.newBuilder().setMessage("y".repeat((int) QUEUE_BYTES * 4))).build();
        try (Socket stalled = connectWithoutReading("/bytes-huge")) {
            EventStream stream = streams.poll(10, TimeUnit.SECONDS);
            assertThat(stream.send(huge)).isTrue();
            assertThat(overflows).hasValue(0);
        }
    }

    @Test
    void aSubscriberThatGoesAwayIsNoticedOnceWhetherItLeftBeforeOrAfterTheCallbackWasSet() throws Exception {
        AtomicInteger lostAfter = new AtomicInteger();
        try (Socket leaving = connectWithoutReading("/leaving")) {
            EventStream stream = streams.poll(10, TimeUnit.SECONDS);
            stream.onLost(lostAfter::incrementAndGet);
            assertThat(stream.send(BIG)).isTrue();
            leaving.close();
            awaitValue(lostAfter, 1);
            assertThat(stream.isClosed()).isTrue();
        }

        AtomicInteger lostBefore = new AtomicInteger();
        EventStream gone;
        try (Socket left = connectWithoutReading("/left")) {
            gone = streams.poll(10, TimeUnit.SECONDS);
            gone.send(BIG);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!gone.isClosed() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        gone.onLost(lostBefore::incrementAndGet);
        awaitValue(lostBefore, 1);
        Thread.sleep(200);
        assertThat(lostAfter).as("once").hasValue(1);
        assertThat(lostBefore).as("once").hasValue(1);
        assertThat(overflows).as("going away is no overflow").hasValue(0);
    }

    private static void awaitValue(AtomicInteger value, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (value.get() != expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(value).hasValue(expected);
    }

    /** Paces the sender to a reader that keeps up: no more than {@code backlog} events unread at a time. */
    private static void awaitBacklogBelow(int sent, List<Event> received, int backlog) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (sent - received.size() >= backlog && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }

    /** A subscriber that sends its request and then never reads: a small receive buffer fills at once. */
    private Socket connectWithoutReading(String path) throws Exception {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", server.actualPort()));
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    private static void readEvents(InputStream body, List<Event> received) {
        RecordIoDecoder decoder = new RecordIoDecoder();
        byte[] buffer = new byte[65536];
        try (body) {
            int n;
            while ((n = body.read(buffer)) >= 0) {
                for (byte[] record : decoder.feed(buffer, 0, n)) {
                    received.add(Event.parseFrom(record));
                }
            }
        } catch (Exception ended) {
            // the server closed at the end of the test
        }
    }
}
