package io.mesosbridge.operator.http;

import io.mesosbridge.operator.counters.MasterCounters;
import io.mesosbridge.operator.leadership.LeaderGate;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Routes of the v1 HTTP APIs: POST only (405), the leader check (307 or 503), a body bounded per endpoint (413) and
 * never written to disk, and the handler on a worker thread. Requests received and not yet answered are the master's {@code master/event_queue_http_requests}.
 */
@ApplicationScoped
public class ApiRoutes {

    private final LeaderGate gate;
    private final AtomicInteger inFlight = new AtomicInteger();

    public ApiRoutes(LeaderGate gate, MasterCounters counters) {
        this.gate = gate;
        counters.gauge("master/event_queue_http_requests", inFlight::get);
    }

    public void route(Router router, long maxBodyBytes, Handler<RoutingContext> handler, String... paths) {
        for (String path : paths) {
            router.route(path).order(-10).handler(context -> {
                if (context.request().method() != HttpMethod.POST) {
                    context.response().putHeader("Allow", "POST");
                    ApiHttp.plain(context.response(), 405,
                            "Expecting 'POST', received '" + context.request().method() + "'");
                    return;
                }
                if (ApiHttp.answeredByGate(gate.decide(), context.request().path(), context.response())) {
                    return;
                }
                // answered once the head goes out (a SUBSCRIBE stream is answered then too) or the request ends
                inFlight.incrementAndGet();
                AtomicBoolean answered = new AtomicBoolean();
                Runnable done = () -> {
                    if (answered.compareAndSet(false, true)) {
                        inFlight.decrementAndGet();
                    }
                };
                context.addHeadersEndHandler(ignored -> done.run());
                context.addEndHandler(ignored -> done.run());
                context.next();
            });
            // no file uploads: a multipart body is read like any other (and refused for its Content-Type)
            router.post(path).order(-9).handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes));
            router.post(path).order(-8).blockingHandler(handler, false);
        }
    }
}
