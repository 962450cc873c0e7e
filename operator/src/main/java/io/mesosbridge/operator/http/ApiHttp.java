package io.mesosbridge.operator.http;

import com.google.protobuf.Message;
import io.mesosbridge.mesos.json.MesosJson;
import io.mesosbridge.mesos.media.MediaTypes;
import io.mesosbridge.operator.master.LeaderGate;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.Optional;

/**
 * What the master's v1 HTTP APIs (scheduler and operator) share, as a Mesos master answers it: POST only (405),
 * redirect or 503 through the {@link LeaderGate}, a body in JSON or protobuf (400 without a Content-Type, 415 for any
 * other), plain-text errors, and answers in the negotiated media type.
 */
public final class ApiHttp {

    private ApiHttp() {
    }

    /** Routes POSTs on {@code paths} to {@code handler}, on a worker thread, once method and leadership are checked. */
    public static void route(Router router, LeaderGate gate, long maxBodyBytes, Handler<RoutingContext> handler,
                             String... paths) {
        for (String path : paths) {
            router.route(path).order(-10).handler(context -> {
                if (context.request().method() != HttpMethod.POST) {
                    context.response().putHeader("Allow", "POST");
                    plain(context.response(), 405, "Expecting 'POST', received '" + context.request().method() + "'");
                    return;
                }
                Optional<LeaderGate.Answer> instead = gate.check(context.request().path());
                if (instead.isPresent()) {
                    instead.get().apply(context.response());
                    return;
                }
                context.next();
            });
            router.post(path).order(-9).handler(BodyHandler.create().setBodyLimit(maxBodyBytes));
            router.post(path).order(-8).blockingHandler(handler, false);
        }
    }

    /** The request's media type if it is JSON or protobuf; otherwise answers 400 or 415 and returns null. */
    public static String requestType(RoutingContext context) {
        String contentType = MediaNegotiation.mediaType(context.request().getHeader("Content-Type"));
        if (contentType == null) {
            plain(context.response(), 400, "Expecting 'Content-Type' to be present");
            return null;
        }
        if (!MediaNegotiation.isRequestType(contentType)) {
            plain(context.response(), 415, "Expecting 'Content-Type' of " + MediaTypes.JSON + " or "
                    + MediaTypes.PROTOBUF);
            return null;
        }
        return contentType;
    }

    public static byte[] body(RoutingContext context) {
        return context.body().buffer() == null ? new byte[0] : context.body().buffer().getBytes();
    }

    /** Writes a call's result: an error in plain text, a response message in {@code answerType}, or no body. */
    public static void respond(HttpServerResponse response, CallResult result, String answerType) {
        if (result.error() != null) {
            plain(response, result.status(), result.error());
        } else if (result.body() != null) {
            response.setStatusCode(result.status()).putHeader("Content-Type", answerType)
                    .end(Buffer.buffer(encode(result.body(), answerType)));
        } else {
            response.setStatusCode(result.status()).end();
        }
    }

    public static byte[] encode(Message message, String mediaType) {
        return MediaTypes.PROTOBUF.equals(mediaType) ? message.toByteArray() : MesosJson.printBytes(message);
    }

    public static void plain(HttpServerResponse response, int status, String message) {
        response.setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8").end(message);
    }
}
