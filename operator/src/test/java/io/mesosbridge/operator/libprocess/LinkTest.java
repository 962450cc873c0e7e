package io.mesosbridge.operator.libprocess;

import io.mesosbridge.mesos.libprocess.MessageEncoder;
import io.mesosbridge.mesos.libprocess.Upid;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The master's link to one libprocess peer, against a real TCP peer on the loopback: one connection, messages in the
 * order sent, the peer's HTTP responses read and ignored; the link is lost, once, when the peer cannot be dialled,
 * closes the connection, writes something that is not HTTP, or stops reading until the queue is full.
 */
class LinkTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Upid MASTER = new Upid("master", "127.0.0.1", 5050);
    private static final Upid SCHEDULER = new Upid("scheduler-1", "127.0.0.1", 41234);
    private static final byte[] TERMINATOR = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final String ACCEPTED = "HTTP/1.1 202 Accepted\r\nDate: Tue, 01 Jan 2030 00:00:00 GMT\r\n"
            + "Content-Length: 0\r\n\r\n";

    private Vertx vertx;
    private NetClient client;
    private final List<Peer> peers = new ArrayList<>();
    private final AtomicInteger overflows = new AtomicInteger();
    private final AtomicInteger lost = new AtomicInteger();

    @BeforeEach
    void startVertx() {
        vertx = Vertx.vertx();
        // small socket buffers, so that a peer that does not read fills them quickly
        client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(5000).setTcpNoDelay(true)
                .setSendBufferSize(16 * 1024));
    }

    @AfterEach
    void stop() throws Exception {
        for (Peer peer : peers) {
            peer.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void messagesArriveInTheOrderSentOnOneConnection() throws Exception {
        Peer peer = peer(Connection::readForever);
        Link link = link(peer.port(), 1_000);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();

        for (int i = 0; i < 300; i++) {
            byte[] message = message("message-" + i);
            expected.writeBytes(message);
            assertThat(link.send(message)).isTrue();
        }

        await().atMost(WAIT).until(() -> peer.received().length >= expected.size());
        assertThat(peer.received()).isEqualTo(expected.toByteArray());
        assertThat(peer.connections()).isEqualTo(1);
        assertThat(link.isUsable()).isTrue();
        assertThat(lost).hasValue(0);
    }

    @Test
    void aPeerAnsweringEachMessageWith202AcceptedKeepsTheLinkUsable() throws Exception {
        BlockingQueue<String> answered = new LinkedBlockingQueue<>();
        Peer peer = peer(connection -> {
            while (true) {
                String message = connection.readMessage();
                if (message == null) {
                    return;
                }
                // one answer in two pieces, and a 404 for a process it does not have: all still HTTP
                int split = ACCEPTED.length() / 2;
                if (message.contains("unknown-process")) {
                    connection.write("HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nnot found");
                } else {
                    connection.write(ACCEPTED.substring(0, split));
                    connection.write(ACCEPTED.substring(split));
                }
                answered.add(message);
            }
        });
        Link link = link(peer.port(), 100);

        assertThat(link.send(message("first"))).isTrue();
        assertThat(answered.poll(10, TimeUnit.SECONDS)).contains("first");
        assertThat(link.send(MessageEncoder.encode(MASTER, new Upid("unknown-process", "127.0.0.1", 41234),
                "mesos.internal.FrameworkErrorMessage", "second".getBytes(StandardCharsets.UTF_8)))).isTrue();
        assertThat(answered.poll(10, TimeUnit.SECONDS)).contains("second");
        assertThat(link.send(message("third"))).isTrue();
        assertThat(answered.poll(10, TimeUnit.SECONDS)).contains("third");

        assertThat(link.isUsable()).isTrue();
        assertThat(peer.connections()).isEqualTo(1);
        assertThat(lost).hasValue(0);
    }

    @Test
    void aPortNobodyListensOnLosesTheLinkAndRunsItsLostListenersOnce() throws Exception {
        int port;
        try (ServerSocket unused = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = unused.getLocalPort();
        }
        Link link = link(port, 100);
        AtomicInteger second = new AtomicInteger();
        link.onLost(second::incrementAndGet);

        assertThat(link.send(message("nobody hears this"))).isTrue();

        await().atMost(WAIT).until(() -> lost.get() == 1 && second.get() == 1);
        assertThat(link.isUsable()).isFalse();
        assertThat(link.queued()).isZero();
        assertThat(link.send(message("again"))).isFalse();
        assertThat(link.acquire()).isFalse();
        link.release();
        assertThat(lost).as("lost listeners run once").hasValue(1);
        assertThat(second).hasValue(1);

        AtomicInteger late = new AtomicInteger();
        link.onLost(late::incrementAndGet);
        assertThat(late).as("a listener added after the loss runs at once").hasValue(1);
        assertThat(overflows).hasValue(0);
    }

    @Test
    void aPeerClosingTheConnectionLosesTheLink() throws Exception {
        Peer peer = peer(connection -> {
            connection.readMessage();
            connection.close();
        });
        Link link = link(peer.port(), 100);

        assertThat(link.send(message("goodbye"))).isTrue();

        await().atMost(WAIT).until(() -> lost.get() == 1);
        assertThat(link.isUsable()).isFalse();
        assertThat(link.send(message("too late"))).isFalse();
        assertThat(lost).hasValue(1);
        assertThat(overflows).hasValue(0);
    }

    @Test
    void aPeerThatDoesNotReadFillsTheQueueToItsLimitThenTheLinkIsLostAndTheOverflowCounted() throws Exception {
        int limit = 8;
        BlockingQueue<Connection> accepted = new LinkedBlockingQueue<>();
        Peer peer = peer(accepted::add);
        Link link = link(peer.port(), limit);
        byte[] big = message("x".repeat(64 * 1024));

        int sent = 0;
        int mostQueued = 0;
        while (link.send(big)) {
            sent++;
            mostQueued = Math.max(mostQueued, link.queued());
            assertThat(sent).as("messages accepted for a peer that never reads").isLessThan(5_000);
        }

        assertThat(mostQueued).isEqualTo(limit);
        assertThat(sent).isGreaterThanOrEqualTo(limit);
        assertThat(overflows).hasValue(1);
        await().atMost(WAIT).until(() -> lost.get() == 1);
        assertThat(link.isUsable()).isFalse();
        assertThat(link.queued()).as("waiting messages are dropped").isZero();
        assertThat(link.send(big)).isFalse();
        assertThat(overflows).hasValue(1);
        assertThat(lost).hasValue(1);
        assertThat(accepted.poll(10, TimeUnit.SECONDS)).isNotNull();
    }

    /**
     * The link to a peer that stopped reading is dropped at once, not closed gracefully: a graceful close waits until
     * what is queued has been written, which a stuck driver never lets happen, so the connection and the data
     * buffered for it would stay. A peer that reads again afterwards finds its connection reset, not ended.
     */
    @Test
    void aLinkLostToAPeerThatDoesNotReadDropsItsConnectionAtOnce() throws Exception {
        BlockingQueue<Connection> accepted = new LinkedBlockingQueue<>();
        Peer peer = peer(accepted::add);
        Link link = link(peer.port(), 4);
        byte[] big = message("x".repeat(64 * 1024));
        assertThat(link.send(big)).isTrue();
        Connection connection = accepted.poll(10, TimeUnit.SECONDS);
        assertThat(connection).isNotNull();
        int sent = 1;
        while (link.send(big)) {
            assertThat(++sent).isLessThan(5_000);
        }
        await().atMost(WAIT).until(() -> lost.get() == 1);

        IOException ending = connection.readToTheEnd();

        assertThat(ending).as("the peer's connection is reset, not ended after what was queued")
                .isInstanceOf(SocketException.class).hasMessageContaining("reset");
    }

    @Test
    void releaseByTheLastUserWritesWhatIsWaitingAndThenCloses() throws Exception {
        Peer peer = peer(Connection::readForever);
        Link link = link(peer.port(), 100);
        assertThat(link.acquire()).isTrue();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 0; i < 20; i++) {
            byte[] message = message("before close " + i);
            expected.writeBytes(message);
            assertThat(link.send(message)).isTrue();
        }

        link.release();

        assertThat(link.isUsable()).as("a released link takes no new user").isFalse();
        assertThat(link.acquire()).isFalse();
        await().atMost(WAIT).until(() -> peer.ended() == 1);
        assertThat(peer.received()).isEqualTo(expected.toByteArray());
        await().atMost(WAIT).until(() -> lost.get() == 1);
        assertThat(overflows).hasValue(0);
    }

    @Test
    void releaseOnAnOpenConnectionWritesWhatIsWaitingAndThenCloses() throws Exception {
        Peer peer = peer(Connection::readForever);
        Link link = link(peer.port(), 100);
        assertThat(link.acquire()).isTrue();
        byte[] first = message("first");
        assertThat(link.send(first)).isTrue();
        await().atMost(WAIT).until(() -> peer.received().length == first.length);
        byte[] last = message("last");
        assertThat(link.send(last)).isTrue();

        link.release();

        await().atMost(WAIT).until(() -> peer.ended() == 1);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(first);
        expected.writeBytes(last);
        assertThat(peer.received()).isEqualTo(expected.toByteArray());
        assertThat(peer.connections()).isEqualTo(1);
        await().atMost(WAIT).until(() -> lost.get() == 1);
    }

    @Test
    void aLinkStaysOpenUntilItsLastUserReleasesIt() throws Exception {
        Peer peer = peer(Connection::readForever);
        Link link = link(peer.port(), 100);
        assertThat(link.acquire()).isTrue();
        assertThat(link.acquire()).isTrue();
        assertThat(link.send(message("shared"))).isTrue();

        link.release();
        assertThat(link.isUsable()).isTrue();
        byte[] more = message("still open");
        assertThat(link.send(more)).isTrue();
        await().atMost(WAIT).until(() -> new String(peer.received(), StandardCharsets.UTF_8).contains("still open"));
        assertThat(lost).hasValue(0);

        link.release();
        await().atMost(WAIT).until(() -> peer.ended() == 1 && lost.get() == 1);
    }

    @Test
    void aLinkReleasedBeforeSendingAnythingClosesWithoutDialling() throws Exception {
        Peer peer = peer(Connection::readForever);
        Link link = link(peer.port(), 100);
        assertThat(link.acquire()).isTrue();

        link.release();

        assertThat(lost).as("closed at once").hasValue(1);
        assertThat(link.isUsable()).isFalse();
        assertThat(link.send(message("after close"))).isFalse();
        assertThat(peer.connections()).isZero();
    }

    @Test
    void aPeerWritingSomethingThatIsNotHttpLosesTheLink() throws Exception {
        Peer peer = peer(connection -> {
            connection.readMessage();
            connection.write("this is not an HTTP response\r\n");
            connection.readForever();
        });
        Link link = link(peer.port(), 100);

        assertThat(link.send(message("hello"))).isTrue();

        await().atMost(WAIT).until(() -> lost.get() == 1);
        assertThat(link.isUsable()).isFalse();
        assertThat(link.send(message("after garbage"))).isFalse();
        await().atMost(WAIT).until(() -> peer.ended() == 1);
    }

    // ---- helpers ----

    private Link link(int port, int queueLimit) {
        Link link = new Link("127.0.0.1", port, client, queueLimit, overflows::incrementAndGet);
        link.onLost(lost::incrementAndGet);
        return link;
    }

    private static byte[] message(String text) {
        return MessageEncoder.encode(MASTER, SCHEDULER, "mesos.internal.FrameworkErrorMessage",
                text.getBytes(StandardCharsets.UTF_8));
    }

    private Peer peer(Consumer<Connection> behaviour) throws IOException {
        Peer peer = new Peer(behaviour);
        peers.add(peer);
        return peer;
    }

    /** A libprocess peer: accepts connections on the loopback and treats each as {@code behaviour} says. */
    private static final class Peer {

        private final ServerSocket server;
        private final List<Connection> connections = new CopyOnWriteArrayList<>();

        Peer(Consumer<Connection> behaviour) throws IOException {
            server = new ServerSocket();
            server.setReceiveBufferSize(16 * 1024);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Connection connection = new Connection(server.accept());
                        connections.add(connection);
                        Thread handler = new Thread(() -> behaviour.accept(connection), "peer-connection");
                        handler.setDaemon(true);
                        handler.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "peer-acceptor");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        int connections() {
            return connections.size();
        }

        /** Everything read so far, on every connection, in order. */
        byte[] received() {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            connections.forEach(connection -> all.writeBytes(connection.received()));
            return all.toByteArray();
        }

        /** How many connections the master has ended (end of stream or reset). */
        int ended() {
            return (int) connections.stream().filter(Connection::ended).count();
        }

        void close() throws IOException {
            server.close();
            for (Connection connection : connections) {
                connection.close();
            }
        }
    }

    private static final class Connection {

        private final Socket socket;
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private volatile boolean ended;

        Connection(Socket socket) {
            this.socket = socket;
        }

        int remotePort() {
            return socket.getPort();
        }

        synchronized byte[] received() {
            return received.toByteArray();
        }

        boolean ended() {
            return ended;
        }

        /** Reads until the connection ends: null when the master ended it, the exception when it was reset. */
        IOException readToTheEnd() {
            try {
                InputStream in = socket.getInputStream();
                byte[] buffer = new byte[8192];
                while (in.read(buffer) >= 0) {
                    // what was in flight before the end
                }
                return null;
            } catch (IOException e) {
                return e;
            }
        }

        /** Reads until the master ends the connection. */
        void readForever() {
            try {
                InputStream in = socket.getInputStream();
                byte[] buffer = new byte[8192];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    synchronized (this) {
                        received.write(buffer, 0, n);
                    }
                }
            } catch (IOException e) {
                // a reset ends it too
            }
            ended = true;
        }

        /** Reads one whole message (up to its last chunk); null at the end of the stream. */
        String readMessage() {
            try {
                InputStream in = socket.getInputStream();
                ByteArrayOutputStream message = new ByteArrayOutputStream();
                int b;
                while ((b = in.read()) >= 0) {
                    message.write(b);
                    synchronized (this) {
                        received.write(b);
                    }
                    if (endsWithTerminator(message)) {
                        return message.toString(StandardCharsets.UTF_8);
                    }
                }
            } catch (IOException e) {
                // ended
            }
            ended = true;
            return null;
        }

        void write(String text) {
            try {
                OutputStream out = socket.getOutputStream();
                out.write(text.getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closed
            }
        }

        private static boolean endsWithTerminator(ByteArrayOutputStream message) {
            byte[] bytes = message.toByteArray();
            if (bytes.length < TERMINATOR.length) {
                return false;
            }
            for (int i = 0; i < TERMINATOR.length; i++) {
                if (bytes[bytes.length - TERMINATOR.length + i] != TERMINATOR[i]) {
                    return false;
                }
            }
            return true;
        }
    }
}
