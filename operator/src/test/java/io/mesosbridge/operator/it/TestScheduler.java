package io.mesosbridge.operator.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.InvalidProtocolBufferException;
import io.mesosbridge.mesos.json.MesosJson;
import io.mesosbridge.mesos.json.MesosJsonException;
import io.mesosbridge.mesos.media.MediaTypes;
import io.mesosbridge.mesos.recordio.RecordIoDecoder;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.FrameworkInfo;
import io.mesosbridge.mesos.v1.Protos.TaskInfo;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;
import io.mesosbridge.mesos.v1.scheduler.Protos.Call;
import io.mesosbridge.mesos.v1.scheduler.Protos.Event;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A minimal scheduler written against the v1 HTTP API (JSON or protobuf), for tests that need exact control over
 * every call: it records every event it receives and does nothing on its own (not even acknowledge).
 */
public final class TestScheduler implements AutoCloseable {

    private final URI endpoint;
    private final String mediaType;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<Long> arrivals = new CopyOnWriteArrayList<>();
    private volatile String frameworkId;
    private volatile String streamId;
    private volatile HttpResponse<InputStream> stream;
    private volatile Thread reader;
    private final String authorization;

    public TestScheduler(URI master, String mediaType) {
        this(master, mediaType, null);
    }

    /** A scheduler that sends {@code authorization} (an {@code Authorization} header value) with every call. */
    public TestScheduler(URI master, String mediaType, String authorization) {
        this.endpoint = master.resolve("/api/v1/scheduler");
        this.mediaType = mediaType;
        this.authorization = authorization;
    }

    /** The {@code Authorization} value of HTTP Basic for {@code principal} and {@code secret}. */
    public static String basic(String principal, String secret) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString(
                (principal + ":" + secret).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder request) {
        return authorization == null ? request : request.header("Authorization", authorization);
    }

    public static FrameworkInfo.Builder frameworkInfo(String name) {
        return FrameworkInfo.newBuilder().setUser("root").setName(name).setFailoverTimeout(300)
                .addCapabilities(FrameworkInfo.Capability.newBuilder()
                        .setType(FrameworkInfo.Capability.Type.PARTITION_AWARE));
    }

    /** SUBSCRIBE (or re-subscribe, when {@code info} carries an id); returns the HTTP response of the stream. */
    public HttpResponse<InputStream> subscribe(FrameworkInfo info) throws IOException, InterruptedException {
        return subscribe(info, List.of());
    }

    /** SUBSCRIBE with {@code subscribe.suppressed_roles}: the roles start suppressed (no offers for them). */
    public HttpResponse<InputStream> subscribe(FrameworkInfo info, List<String> suppressedRoles)
            throws IOException, InterruptedException {
        Call.Builder call = Call.newBuilder().setType(Call.Type.SUBSCRIBE)
                .setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(info)
                        .addAllSuppressedRoles(suppressedRoles));
        if (info.hasId()) {
            call.setFrameworkId(info.getId());
        }
        HttpRequest request = authorized(HttpRequest.newBuilder(endpoint))
                .header("Content-Type", mediaType).header("Accept", mediaType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(encode(call.build()))).build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            return response;
        }
        stream = response;
        streamId = response.headers().firstValue("Mesos-Stream-Id").orElseThrow();
        reader = new Thread(() -> read(response.body()), "test-scheduler-stream");
        reader.setDaemon(true);
        reader.start();
        Event subscribed = awaitEvent(e -> e.getType() == Event.Type.SUBSCRIBED || e.getType() == Event.Type.ERROR,
                Duration.ofSeconds(30));
        if (subscribed.getType() == Event.Type.SUBSCRIBED) {
            frameworkId = subscribed.getSubscribed().getFrameworkId().getValue();
        }
        return response;
    }

    public String frameworkId() {
        return frameworkId;
    }

    public String streamId() {
        return streamId;
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    /** When each event of {@link #events()} was decoded, as {@link System#nanoTime()}, in the same order. */
    public List<Long> arrivalNanos() {
        return List.copyOf(arrivals);
    }

    /** Sends a call with this framework's id and stream id; returns the HTTP answer. */
    public HttpResponse<String> call(Call.Builder call) throws IOException, InterruptedException {
        call.setFrameworkId(Protos.FrameworkID.newBuilder().setValue(frameworkId));
        return send(call.build(), streamId);
    }

    public HttpResponse<String> send(Call call, String streamIdHeader) throws IOException, InterruptedException {
        HttpRequest.Builder request = authorized(HttpRequest.newBuilder(endpoint)).header("Content-Type", mediaType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(encode(call)));
        if (streamIdHeader != null) {
            request.header("Mesos-Stream-Id", streamIdHeader);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public Protos.Offer awaitOffer(Predicate<Protos.Offer> matching, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        while (System.nanoTime() < deadline) {
            List<Event> snapshot = events();
            for (int i = seen; i < snapshot.size(); i++) {
                Event event = snapshot.get(i);
                if (event.getType() == Event.Type.OFFERS) {
                    for (Protos.Offer offer : event.getOffers().getOffersList()) {
                        if (matching.test(offer) && !rescinded(offer)) {
                            return offer;
                        }
                    }
                }
            }
            seen = snapshot.size();
            pause();
        }
        throw new AssertionError("no matching offer within " + timeout + "; events: " + describe());
    }

    public HttpResponse<String> launch(Protos.Offer offer, TaskInfo... tasks) throws IOException, InterruptedException {
        Protos.Offer.Operation.Launch.Builder launch = Protos.Offer.Operation.Launch.newBuilder();
        for (TaskInfo task : tasks) {
            launch.addTaskInfos(task);
        }
        return call(Call.newBuilder().setType(Call.Type.ACCEPT).setAccept(Call.Accept.newBuilder()
                .addOfferIds(offer.getId())
                .addOperations(Protos.Offer.Operation.newBuilder().setType(Protos.Offer.Operation.Type.LAUNCH)
                        .setLaunch(launch))));
    }

    /** ACCEPT with one LAUNCH_GROUP: the tasks as one group of the (default) executor. */
    public HttpResponse<String> launchGroup(Protos.Offer offer, Protos.ExecutorInfo executor, TaskInfo... tasks)
            throws IOException, InterruptedException {
        return call(Call.newBuilder().setType(Call.Type.ACCEPT).setAccept(Call.Accept.newBuilder()
                .addOfferIds(offer.getId())
                .addOperations(Protos.Offer.Operation.newBuilder()
                        .setType(Protos.Offer.Operation.Type.LAUNCH_GROUP)
                        .setLaunchGroup(Protos.Offer.Operation.LaunchGroup.newBuilder().setExecutor(executor)
                                .setTaskGroup(Protos.TaskGroupInfo.newBuilder().addAllTasks(List.of(tasks)))))));
    }

    public HttpResponse<String> acknowledge(TaskStatus status) throws IOException, InterruptedException {
        return call(Call.newBuilder().setType(Call.Type.ACKNOWLEDGE).setAcknowledge(Call.Acknowledge.newBuilder()
                .setAgentId(status.getAgentId()).setTaskId(status.getTaskId()).setUuid(status.getUuid())));
    }

    public HttpResponse<String> kill(String taskId) throws IOException, InterruptedException {
        return call(Call.newBuilder().setType(Call.Type.KILL).setKill(Call.Kill.newBuilder()
                .setTaskId(Protos.TaskID.newBuilder().setValue(taskId))));
    }

    /** Waits for an update of the task in the given state, acknowledging every update of the task on the way. */
    public TaskStatus awaitState(String taskId, TaskState state, Duration timeout)
            throws IOException, InterruptedException {
        return awaitState(taskId, state, timeout, true);
    }

    /**
     * Waits for an update of the task in the given state, acknowledging the task's other updates on the way (the
     * next update of a task is only sent once the previous one is acknowledged); the awaited update itself is
     * acknowledged only if told to.
     */
    public TaskStatus awaitState(String taskId, TaskState state, Duration timeout, boolean acknowledge)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        while (System.nanoTime() < deadline) {
            List<Event> snapshot = events();
            for (int i = seen; i < snapshot.size(); i++) {
                Event event = snapshot.get(i);
                if (event.getType() != Event.Type.UPDATE
                        || !event.getUpdate().getStatus().getTaskId().getValue().equals(taskId)) {
                    continue;
                }
                TaskStatus status = event.getUpdate().getStatus();
                if (status.getState() == state) {
                    if (acknowledge && status.hasUuid()) {
                        acknowledge(status);
                    }
                    return status;
                }
                if (status.hasUuid()) {
                    acknowledge(status);
                }
            }
            seen = snapshot.size();
            pause();
        }
        throw new AssertionError("task " + taskId + " did not reach " + state + " within " + timeout
                + "; events: " + describe());
    }

    public List<TaskStatus> updatesOf(String taskId) {
        List<TaskStatus> updates = new ArrayList<>();
        for (Event event : events()) {
            if (event.getType() == Event.Type.UPDATE
                    && event.getUpdate().getStatus().getTaskId().getValue().equals(taskId)) {
                updates.add(event.getUpdate().getStatus());
            }
        }
        return updates;
    }

    public Event awaitEvent(Predicate<Event> matching, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Event event : events()) {
                if (matching.test(event)) {
                    return event;
                }
            }
            pause();
        }
        throw new AssertionError("no matching event within " + timeout + "; events: " + describe());
    }

    /** Drops the connection without a TEARDOWN, as a crashed scheduler would. */
    public void disconnect() {
        if (stream != null) {
            try {
                stream.body().close();
            } catch (IOException ignored) {
                // already closed
            }
        }
        if (reader != null) {
            reader.interrupt();
        }
    }

    @Override
    public void close() throws Exception {
        if (frameworkId != null && streamId != null) {
            try {
                call(Call.newBuilder().setType(Call.Type.TEARDOWN));
            } catch (IOException ignored) {
                // the master may already be gone
            }
        }
        disconnect();
    }

    public static TaskInfo.Builder commandTask(String taskId, Protos.Offer offer, String shellCommand, double cpus,
                                               double mem) {
        return TaskInfo.newBuilder().setName("task " + taskId)
                .setTaskId(Protos.TaskID.newBuilder().setValue(taskId))
                .setAgentId(offer.getAgentId())
                .addResources(scalar("cpus", cpus))
                .addResources(scalar("mem", mem))
                .setCommand(Protos.CommandInfo.newBuilder().setValue(shellCommand));
    }

    public static Protos.Resource scalar(String name, double value) {
        return Protos.Resource.newBuilder().setName(name).setType(Protos.Value.Type.SCALAR)
                .setScalar(Protos.Value.Scalar.newBuilder().setValue(value)).build();
    }

    private boolean rescinded(Protos.Offer offer) {
        return events().stream().anyMatch(e -> e.getType() == Event.Type.RESCIND
                && e.getRescind().getOfferId().equals(offer.getId()));
    }

    /** The events received, with what each offered or rescinded, then the master's view of offers and agents. */
    private String describe() {
        StringBuilder text = new StringBuilder();
        for (Event event : events()) {
            text.append("\n  ").append(event.getType());
            switch (event.getType()) {
                case UPDATE -> {
                    TaskStatus s = event.getUpdate().getStatus();
                    text.append(' ').append(s.getTaskId().getValue()).append(' ').append(s.getState())
                            .append(' ').append(s.getMessage());
                }
                case OFFERS -> event.getOffers().getOffersList().forEach(offer -> text.append(' ')
                        .append(offer.getHostname()).append('=').append(offer.getId().getValue()));
                case RESCIND -> text.append(' ').append(event.getRescind().getOfferId().getValue());
                default -> {
                }
            }
        }
        return text + "\nthe master's view: " + masterView();
    }

    private String masterView() {
        try {
            JsonNode state = MasterHttp.get(endpoint, "/master/state");
            StringBuilder text = new StringBuilder();
            for (JsonNode framework : state.path("frameworks")) {
                text.append("\n  framework ").append(framework.path("id").asText()).append(' ')
                        .append(framework.path("name").asText()).append(" connected=")
                        .append(framework.path("connected").asText()).append(" offers on");
                framework.path("offers").forEach(offer -> text.append(' ').append(offer.path("slave_id").asText()));
            }
            for (JsonNode agent : state.path("slaves")) {
                text.append("\n  agent ").append(agent.path("id").asText()).append(' ')
                        .append(agent.path("hostname").asText()).append(" active=").append(agent.path("active").asText())
                        .append(" used=").append(agent.path("used_resources"))
                        .append(" offered=").append(agent.path("offered_resources"));
            }
            return text.toString();
        } catch (IOException | InterruptedException | AssertionError e) {
            return "unavailable (" + e + ")";
        }
    }

    private void read(InputStream body) {
        RecordIoDecoder decoder = new RecordIoDecoder();
        byte[] buffer = new byte[65536];
        try (body) {
            int n;
            while ((n = body.read(buffer)) >= 0) {
                for (byte[] record : decoder.feed(buffer, 0, n)) {
                    Event event = decode(record);
                    arrivals.add(System.nanoTime());
                    events.add(event);
                }
            }
        } catch (IOException e) {
            // the stream ended
        }
    }

    private Event decode(byte[] record) throws IOException {
        try {
            return MediaTypes.PROTOBUF.equals(mediaType) ? Event.parseFrom(record)
                    : MesosJson.parse(record, Event.newBuilder()).build();
        } catch (MesosJsonException | InvalidProtocolBufferException e) {
            throw new IOException("undecodable event", e);
        }
    }

    private byte[] encode(Call call) {
        return MediaTypes.PROTOBUF.equals(mediaType) ? call.toByteArray() : MesosJson.printBytes(call);
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
