package io.mesosbridge.agent.executors;

import io.mesosbridge.mesos.json.MesosJson;
import io.mesosbridge.mesos.media.MediaTypes;
import io.mesosbridge.mesos.recordio.RecordIoDecoder;
import io.mesosbridge.mesos.v1.executor.Protos.Call;
import io.mesosbridge.mesos.v1.executor.Protos.Event;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** An executor's side of the v1 executor API, over java.net.http. */
final class ExecutorClient {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI uri;

    ExecutorClient(int port) {
        this(port, "/api/v1/executor");
    }

    ExecutorClient(int port, String path) {
        this.uri = URI.create("http://127.0.0.1:" + port + path);
    }

    HttpResponse<String> call(Call call) throws Exception {
        return post(MesosJson.printBytes(call), MediaTypes.JSON, null);
    }

    HttpResponse<String> post(byte[] body, String contentType, String accept) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (accept != null) {
            request.header("Accept", accept);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A libprocess message, as a v0 driver posts it to a pid. */
    HttpResponse<String> libprocessMessage(byte[] body, String from) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).header("Libprocess-From", from)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get() throws Exception {
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends SUBSCRIBE; the answer comes once the operator has accepted or refused the executor. */
    CompletableFuture<HttpResponse<InputStream>> subscribe(Call call, String mediaType) {
        byte[] body = MediaTypes.PROTOBUF.equals(mediaType) ? call.toByteArray() : MesosJson.printBytes(call);
        return http.sendAsync(HttpRequest.newBuilder(uri)
                .header("Content-Type", mediaType).header("Accept", mediaType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    /** Reads a SUBSCRIBE stream's events on a thread of its own. */
    static final class Events {

        private static final Event END = Event.newBuilder().setType(Event.Type.UNKNOWN).build();

        private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        private final Thread reader;

        Events(HttpResponse<InputStream> response) {
            String mediaType = response.headers().firstValue("Content-Type").orElseThrow();
            reader = new Thread(() -> read(response.body(), mediaType), "executor-events");
            reader.setDaemon(true);
            reader.start();
        }

        private void read(InputStream in, String mediaType) {
            RecordIoDecoder decoder = new RecordIoDecoder();
            byte[] chunk = new byte[8192];
            try (in) {
                for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                    for (byte[] record : decoder.feed(chunk, 0, n)) {
                        events.add(MediaTypes.PROTOBUF.equals(mediaType) ? Event.parseFrom(record)
                                : MesosJson.parse(record, Event.newBuilder()).build());
                    }
                }
            } catch (Exception ended) {
                // the stream closed
            }
            events.add(END);
        }

        /** The next event other than HEARTBEAT. */
        Event next() throws InterruptedException {
            while (true) {
                Event event = nextOrHeartbeat();
                if (event.getType() != Event.Type.HEARTBEAT) {
                    return event;
                }
            }
        }

        Event nextOrHeartbeat() throws InterruptedException {
            Event event = events.poll(5, TimeUnit.SECONDS);
            assertThat(event).as("an event within 5 s").isNotNull();
            assertThat(event).as("the stream is still open").isNotSameAs(END);
            return event;
        }

        /** Waits for the stream to end, skipping what comes before. */
        void awaitEnd() throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < deadline) {
                Event event = events.poll(100, TimeUnit.MILLISECONDS);
                if (event == END) {
                    return;
                }
            }
            throw new AssertionError("the event stream did not end");
        }

        void assertNothingFor(Duration during) throws InterruptedException {
            Event event = events.poll(during.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(event).as("no event").isNull();
        }
    }
}
