package io.mesosbridge.operator.scheduler;

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
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Event streams over real sockets: a subscriber that stops reading is cut off without holding up another. */
class EventStreamTest {

    private static final int QUEUE_LIMIT = 8;
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
            streams.add(new EventStream(request.path(), MediaTypes.PROTOBUF, request.response(), vertx, QUEUE_LIMIT,
                    overflows::incrementAndGet));
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stopServer() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aSubscriberThatStopsReadingIsDisconnectedOnceWhileAReadingOneGetsEveryEvent() throws Exception {
        try (Socket stalled = connect("/stalled"); Socket reading = connect("/reading")) {
            EventStream stalledStream = streams.poll(10, TimeUnit.SECONDS);
            EventStream readingStream = streams.poll(10, TimeUnit.SECONDS);
            List<Event> received = new CopyOnWriteArrayList<>();
            Thread reader = new Thread(() -> readEvents(reading, received));
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

    /** Paces the sender to a reader that keeps up: no more than {@code backlog} events unread at a time. */
    private static void awaitBacklogBelow(int sent, List<Event> received, int backlog) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (sent - received.size() >= backlog && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }

    private Socket connect(String path) throws Exception {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", server.actualPort()));
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    /** Reads the chunked HTTP body and decodes its RecordIO records into events. */
    private static void readEvents(Socket socket, List<Event> received) {
        RecordIoDecoder decoder = new RecordIoDecoder();
        try {
            ChunkedBody body = new ChunkedBody(socket.getInputStream());
            byte[] chunk;
            while ((chunk = body.next()) != null) {
                for (byte[] record : decoder.feed(chunk, 0, chunk.length)) {
                    received.add(Event.parseFrom(record));
                }
            }
        } catch (Exception ended) {
            // the socket closed at the end of the test
        }
    }

    /** The minimum of HTTP/1.1 needed here: skip the head, then yield each chunk of a chunked body. */
    private static final class ChunkedBody {
        private final InputStream in;

        ChunkedBody(InputStream in) throws Exception {
            this.in = in;
            while (!line().isEmpty()) {
                // response head
            }
        }

        byte[] next() throws Exception {
            int size = Integer.parseInt(line().trim(), 16);
            if (size == 0) {
                return null;
            }
            byte[] chunk = in.readNBytes(size);
            line();
            return chunk;
        }

        private String line() throws Exception {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    throw new java.io.EOFException();
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }
    }
}
