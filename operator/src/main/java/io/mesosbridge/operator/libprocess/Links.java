package io.mesosbridge.operator.libprocess;

import com.google.protobuf.Message;
import io.mesosbridge.mesos.libprocess.MessageEncoder;
import io.mesosbridge.mesos.libprocess.Upid;
import io.mesosbridge.operator.config.BridgeConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The master's links to libprocess peers, one per peer address, at most {@value #MAX_LINKS} at a time. */
@ApplicationScoped
public class Links {

    private static final Logger LOG = Logger.getLogger(Links.class);

    static final int MAX_LINKS = 4096;
    private static final int CONNECT_TIMEOUT_MILLIS = 5000;

    private final NetClient client;
    private final int queueLimit;
    private final Counter overflows;
    private final Map<String, Link> byAddress = new HashMap<>();

    public Links(Vertx vertx, BridgeConfig config, MeterRegistry meters) {
        this.client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MILLIS)
                .setTcpNoDelay(true).setTcpKeepAlive(true));
        this.queueLimit = config.subscriberQueueLimit();
        this.overflows = Counter.builder("mesos_bridge.subscriber.overflows")
                .description("event streams closed because their subscriber stopped reading").register(meters);
    }

    /**
     * A link to {@code peer}'s address, used until {@link Link#release()}; empty when {@value #MAX_LINKS} peers are
     * linked already.
     */
    synchronized Optional<Link> acquire(Upid peer) {
        byAddress.values().removeIf(link -> !link.isUsable());
        Link link = byAddress.get(peer.address());
        if (link != null && link.acquire()) {
            return Optional.of(link);
        }
        if (byAddress.size() >= MAX_LINKS) {
            return Optional.empty();
        }
        Link created = new Link(peer.host(), peer.port(), client, queueLimit, overflows::increment);
        created.acquire();
        byAddress.put(peer.address(), created);
        return Optional.of(created);
    }

    /**
     * Sends one message from {@code from} to a process nobody holds a link to, over a link given back at once (it
     * closes once the message is written, unless someone else uses it).
     */
    void sendOnce(Upid from, Upid to, Message message) {
        Optional<Link> link = acquire(to);
        if (link.isEmpty()) {
            LOG.warnf("not sending %s to %s: %d libprocess peers are linked already",
                    message.getDescriptorForType().getName(), to, MAX_LINKS);
            return;
        }
        link.get().send(MessageEncoder.encode(from, to, message.getDescriptorForType().getFullName(),
                message.toByteArray()));
        link.get().release();
    }

    synchronized int size() {
        byAddress.values().removeIf(link -> !link.isUsable());
        return byAddress.size();
    }
}
