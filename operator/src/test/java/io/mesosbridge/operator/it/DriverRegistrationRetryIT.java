package io.mesosbridge.operator.it;

import com.google.protobuf.ByteString;
import io.mesosbridge.mesos.internal.Messages;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.FrameworkInfo;
import io.mesosbridge.mesos.v1.scheduler.Protos.Call;
import io.mesosbridge.testcluster.RealCluster;
import io.mesosbridge.testcluster.WithRealCluster;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A v0 driver retries its registration when no answer came within a random part of its backoff (up to 2 s at
 * first), so a master often hears the same registration twice from a connected pid, as a native framework does when
 * it finds a restarted master. Each is answered, but the framework's unacknowledged updates go again only to a
 * subscription on a new connection: a retry on the same one already had them, and the retry timer covers the rest.
 */
@WithRealCluster
class DriverRegistrationRetryIT {

    private static final String NAMESPACE = "it-driver-retry";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aRegistrationRetriedFromTheConnectedPidIsAnsweredWithoutSendingThePendingUpdateAgain(RealCluster cluster)
            throws Exception {
        BridgeProcess bridge = BridgeProcess.start(cluster, NAMESPACE, Map.of(
                "mesos-bridge.update-retry-initial-millis", "600000",
                "mesos-bridge.agent-node-selector", "kubernetes.io/hostname=" + cluster.realNodeName().orElseThrow()));
        try (ScriptedDriver driver = new ScriptedDriver()) {
            FrameworkInfo info = FrameworkInfo.newBuilder().setUser("root").setName("retrying driver")
                    .setFailoverTimeout(60).build();
            driver.send(bridge, subscribe(info));
            Protos.FrameworkID id = Messages.FrameworkRegisteredMessage.parseFrom(
                    driver.await("mesos.internal.FrameworkRegisteredMessage").body()).getFrameworkId();
            Protos.Offer offer = Messages.ResourceOffersMessage.parseFrom(
                    driver.await("mesos.internal.ResourceOffersMessage").body()).getOffers(0);
            driver.send(bridge, io.mesosbridge.mesos.v0.scheduler.Protos.Call.newBuilder().setFrameworkId(id)
                    .setType(Call.Type.ACCEPT).setAccept(Call.Accept.newBuilder().addOfferIds(offer.getId())
                            .addOperations(Protos.Offer.Operation.newBuilder()
                                    .setType(Protos.Offer.Operation.Type.LAUNCH)
                                    .setLaunch(Protos.Offer.Operation.Launch.newBuilder().addTaskInfos(
                                            TestScheduler.commandTask("retried", offer, "sleep 600", 0.1, 32)))))
                    .build());
            Messages.StatusUpdate starting = driver.awaitUpdate(Protos.TaskState.TASK_STARTING);
            driver.send(bridge, io.mesosbridge.mesos.v0.scheduler.Protos.Call.newBuilder().setFrameworkId(id)
                    .setType(Call.Type.ACKNOWLEDGE).setAcknowledge(Call.Acknowledge.newBuilder()
                            .setAgentId(offer.getAgentId()).setTaskId(starting.getStatus().getTaskId())
                            .setUuid(starting.getUuid())).build());
            ByteString running = driver.awaitUpdate(Protos.TaskState.TASK_RUNNING).getUuid();

            io.mesosbridge.mesos.v0.scheduler.Protos.Call again = subscribe(info.toBuilder().setId(id).build());
            driver.send(bridge, again);
            driver.send(bridge, again);

            List<LibprocessRequest> afterRetries = driver.during(Duration.ofSeconds(5));
            assertThat(afterRetries).as("both registrations are answered")
                    .filteredOn(m -> m.messageName().matches("mesos\\.internal\\.Framework(Re)?registeredMessage")).hasSize(2);
            assertThat(afterRetries).as("the TASK_RUNNING it has not acknowledged is not sent again on its link")
                    .filteredOn(m -> m.messageName().equals("mesos.internal.StatusUpdateMessage")
                            && update(m).getUuid().equals(running)).isEmpty();
            driver.send(bridge, io.mesosbridge.mesos.v0.scheduler.Protos.Call.newBuilder().setFrameworkId(id)
                    .setType(Call.Type.TEARDOWN).build());
        } finally {
            bridge.stopAndRemoveNamespace();
        }
    }

    private static io.mesosbridge.mesos.v0.scheduler.Protos.Call subscribe(FrameworkInfo info) {
        io.mesosbridge.mesos.v0.scheduler.Protos.Call.Builder call = io.mesosbridge.mesos.v0.scheduler.Protos.Call
                .newBuilder().setType(Call.Type.SUBSCRIBE)
                .setSubscribe(io.mesosbridge.mesos.v0.scheduler.Protos.Call.Subscribe.newBuilder()
                        .setFrameworkInfo(info));
        if (info.hasId()) {
            call.setFrameworkId(info.getId());
        }
        return call.build();
    }

    private static Messages.StatusUpdate update(LibprocessRequest message) {
        try {
            return Messages.StatusUpdateMessage.parseFrom(message.body()).getUpdate();
        } catch (IOException e) {
            throw new AssertionError("not a StatusUpdateMessage: " + message.line(), e);
        }
    }

    /** A scheduler pid served by hand: every message the master posts to it, in arrival order. */
    private static final class ScriptedDriver implements AutoCloseable {

        private final ServerSocket server = new ServerSocket(0);
        private final String pid = "scheduler-retry@127.0.0.1:" + server.getLocalPort();
        private final LinkedBlockingQueue<LibprocessRequest> received = new LinkedBlockingQueue<>();
        private final List<Socket> links = new ArrayList<>();

        ScriptedDriver() throws IOException {
            Thread acceptor = new Thread(this::acceptLinks, "scripted-driver");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        void send(BridgeProcess bridge, io.mesosbridge.mesos.v0.scheduler.Protos.Call call) throws Exception {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(
                            URI.create(bridge.url() + "/master/mesos.scheduler.Call"))
                    .header("Libprocess-From", pid).timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(call.toByteArray())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(call.getType() + " accepted").isEqualTo(202);
        }

        LibprocessRequest await(String messageName) throws InterruptedException {
            List<String> others = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                LibprocessRequest next = received.poll(1, TimeUnit.SECONDS);
                if (next != null && next.messageName().equals(messageName)) {
                    return next;
                }
                if (next != null) {
                    others.add(next.line());
                }
            }
            throw new AssertionError("no " + messageName + " within 60 s, only " + others);
        }

        Messages.StatusUpdate awaitUpdate(Protos.TaskState state) throws InterruptedException {
            List<String> others = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (System.nanoTime() < deadline) {
                LibprocessRequest next = received.poll(1, TimeUnit.SECONDS);
                if (next == null) {
                    continue;
                }
                boolean isUpdate = next.messageName().equals("mesos.internal.StatusUpdateMessage");
                if (isUpdate && update(next).getStatus().getState() == state) {
                    return update(next);
                }
                others.add(isUpdate ? update(next).getStatus().toString() : next.messageName());
            }
            throw new AssertionError("no " + state + " within 120 s, only " + others);
        }

        List<LibprocessRequest> during(Duration window) throws InterruptedException {
            List<LibprocessRequest> messages = new ArrayList<>();
            long deadline = System.nanoTime() + window.toNanos();
            for (long left = window.toNanos(); left > 0; left = deadline - System.nanoTime()) {
                LibprocessRequest next = received.poll(left, TimeUnit.NANOSECONDS);
                if (next != null) {
                    messages.add(next);
                }
            }
            return messages;
        }

        private void acceptLinks() {
            while (!server.isClosed()) {
                try {
                    Socket link = server.accept();
                    synchronized (links) {
                        links.add(link);
                    }
                    Thread reader = new Thread(() -> readMessages(link), "scripted-driver-link");
                    reader.setDaemon(true);
                    reader.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private void readMessages(Socket link) {
            try {
                while (true) {
                    received.add(LibprocessRequest.read(link.getInputStream()));
                }
            } catch (IOException closed) {
                // the master closed its link, or the test is over
            } catch (RuntimeException notLibprocess) {
                received.add(new LibprocessRequest("unreadable: " + notLibprocess, Map.of(), new byte[0]));
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            synchronized (links) {
                for (Socket link : links) {
                    link.close();
                }
            }
        }
    }
}
