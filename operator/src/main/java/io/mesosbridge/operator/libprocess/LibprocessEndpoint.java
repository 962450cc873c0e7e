package io.mesosbridge.operator.libprocess;

import io.mesosbridge.mesos.libprocess.Envelope;
import io.mesosbridge.mesos.libprocess.MalformedMessageException;
import io.mesosbridge.operator.counters.MasterCounters;
import io.mesosbridge.operator.leadership.LeaderGate;
import io.mesosbridge.operator.threads.BridgeThreads;
import io.mesosbridge.operator.threads.OrderedExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The master's libprocess endpoint, on the same port as its HTTP APIs, as a Mesos master's: any POST carrying
 * {@code Libprocess-From} (or the older {@code User-Agent: libprocess/<pid>}) is a message to one of the master's
 * processes. It is answered {@code 202 Accepted} as soon as it has arrived (404 for a process the master does not
 * run, 400 for a request that is not addressed as a message, 413 for a body over {@value #MAX_BODY_BYTES} bytes) and
 * handled afterwards, in the order its peer sent it. A master that is not the leader drops what it receives.
 */
@ApplicationScoped
public class LibprocessEndpoint {

    static final int MAX_BODY_BYTES = 16 * 1024 * 1024;
    static final int MAILBOX_LIMIT = 10_000;

    private final DriverProtocol protocol;
    private final LeaderGate gate;
    private final MasterCounters counters;
    private final OrderedExecutor mailboxes;

    public LibprocessEndpoint(DriverProtocol protocol, LeaderGate gate, MasterCounters counters,
                              BridgeThreads threads) {
        this.protocol = protocol;
        this.gate = gate;
        this.counters = counters;
        this.mailboxes = new OrderedExecutor(threads.pool("libprocess-messages", 4), MAILBOX_LIMIT);
        counters.gauge("master/event_queue_messages", mailboxes::queued);
    }

    void routes(@Observes Router router) {
        router.route().order(-100).handler(this::handle);
    }

    private void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        String from = request.getHeader(Envelope.FROM_HEADER);
        String userAgent = request.getHeader("User-Agent");
        if (!Envelope.isMessage(request.method().name(), from, userAgent)) {
            context.next();
            return;
        }
        HttpServerResponse response = context.response();
        Envelope envelope;
        try {
            envelope = Envelope.parse(request.path(), from, userAgent);
        } catch (MalformedMessageException e) {
            counters.increment("master/dropped_messages");
            answer(response, 400, e.getMessage());
            return;
        }
        if (!protocol.hosts(envelope.receiver())) {
            answer(response, 404, "Failed to deliver libprocess message to " + request.path());
            return;
        }
        Buffer body = Buffer.buffer();
        boolean[] tooLarge = {false};
        request.handler(chunk -> {
            if (tooLarge[0]) {
                return;
            }
            if (body.length() + chunk.length() > MAX_BODY_BYTES) {
                tooLarge[0] = true;
                protocol.drop(envelope.from(), envelope.name(), "body over " + MAX_BODY_BYTES + " bytes");
                response.putHeader("Connection", "close");
                answer(response, 413, "Request Entity Too Large");
                request.connection().close();
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(ignored -> {
            if (!tooLarge[0]) {
                answer(response, 202, null);
                deliver(envelope, body.getBytes());
            }
        });
        request.resume();
    }

    private void deliver(Envelope envelope, byte[] body) {
        if (!(gate.decide() instanceof LeaderGate.Serve)) {
            protocol.drop(envelope.from(), envelope.name(), "this master is not the leader");
            return;
        }
        if (!mailboxes.post(envelope.from().address(), () -> protocol.receive(envelope, body))) {
            protocol.drop(envelope.from(), envelope.name(), "more than " + MAILBOX_LIMIT
                    + " messages from its peer are waiting");
        }
    }

    private static void answer(HttpServerResponse response, int status, String text) {
        if (response.ended()) {
            return;
        }
        response.setStatusCode(status);
        if (text == null) {
            response.end();
        } else {
            response.putHeader("Content-Type", "text/plain; charset=utf-8").end(text);
        }
    }
}
