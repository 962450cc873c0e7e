package io.mesosbridge.operator.http;

import io.mesosbridge.operator.config.BridgeConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Every request on port 5050 (both v1 APIs, libprocess messages, the state endpoints) must arrive whole within
 * {@code mesos-bridge.request-timeout} of its head: one that is still being sent then is answered 408 (unless its
 * answer has begun) and its connection closed, so a client that stops halfway holds no connection, buffer or worker.
 * Only the request is timed: a SUBSCRIBE, whose request is whole at once, keeps its event stream.
 */
@ApplicationScoped
public class RequestDeadlines {

    /** Before every other route, the libprocess endpoint's included. */
    static final int ORDER = -1000;

    private final long timeoutMillis;

    public RequestDeadlines(BridgeConfig config) {
        this.timeoutMillis = Math.max(1, config.requestTimeout().toMillis());
    }

    void routes(@Observes Router router) {
        router.route().order(ORDER).handler(this::watch);
    }

    private void watch(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (!request.isEnded()) {
            Vertx vertx = context.vertx();
            long timer = vertx.setTimer(timeoutMillis, ignored -> expire(request));
            // an answer given before the request is whole (405, 413) leaves the timer running
            context.addEndHandler(ignored -> {
                if (request.isEnded()) {
                    vertx.cancelTimer(timer);
                }
            });
        }
        context.next();
    }

    static void expire(HttpServerRequest request) {
        if (request.isEnded()) {
            return;
        }
        HttpServerResponse response = request.response();
        if (!response.headWritten() && !response.ended() && !response.closed()) {
            response.setStatusCode(408).putHeader("Connection", "close")
                    .putHeader("Content-Type", "text/plain; charset=utf-8")
                    .end("Request Timeout: the request was not received in full in time");
        }
        request.connection().close();
    }
}
