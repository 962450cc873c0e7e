package io.mesosbridge.operator.http;

import com.google.protobuf.Message;
import io.mesosbridge.mesos.json.MesosJson;
import io.mesosbridge.mesos.media.MediaTypes;
import io.mesosbridge.operator.leadership.LeaderGate;
import io.mesosbridge.operator.master.CallResult;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the master's v1 HTTP APIs (scheduler and operator) share, as a Mesos master answers it: a body in JSON or
 * protobuf (400 without a Content-Type, 415 for any other), plain-text errors, answers in the negotiated media type,
 * and the status codes of call outcomes and of the leader check.
 */
public final class ApiHttp {

    private static final Logger LOG = Logger.getLogger(ApiHttp.class);
    private static final AtomicLong ERRORS = new AtomicLong();

    private ApiHttp() {
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
        int status = status(result.outcome());
        if (result.error() != null) {
            plain(response, status, result.error());
        } else if (result.body() != null) {
            response.setStatusCode(status).putHeader("Content-Type", answerType)
                    .end(Buffer.buffer(encode(result.body(), answerType)));
        } else {
            response.setStatusCode(status).end();
        }
    }

    static int status(CallResult.Outcome outcome) {
        return switch (outcome) {
            case ACCEPTED -> 202;
            case OK -> 200;
            case INVALID -> 400;
            case FORBIDDEN -> 403;
            case CONFLICT -> 409;
            case UNAVAILABLE -> 503;
            case NOT_IMPLEMENTED -> 501;
        };
    }

    /**
     * Answers for a master that does not serve now, as Mesos masters do: 307 with {@code Location:
     * //<leader host>:<port><path>} from a follower, 503 otherwise. Returns false when the request is to be served.
     */
    public static boolean answeredByGate(LeaderGate.Decision decision, String path, HttpServerResponse response) {
        if (decision instanceof LeaderGate.Redirect redirect) {
            response.setStatusCode(307).putHeader("Location", "//" + redirect.hostAndPort() + path).end();
            return true;
        }
        if (decision instanceof LeaderGate.Unavailable unavailable) {
            plain(response, 503, unavailable.message());
            return true;
        }
        return false;
    }

    public static byte[] encode(Message message, String mediaType) {
        return MediaTypes.PROTOBUF.equals(mediaType) ? message.toByteArray() : MesosJson.printBytes(message);
    }

    /**
     * A failure of the master itself: logged with a reference, answered 500 with that reference only, so that no
     * stack, internal address or API server message reaches the client.
     */
    public static void internalError(HttpServerResponse response, String what, Throwable failure) {
        String reference = Long.toString(ERRORS.incrementAndGet());
        LOG.errorf(failure, "%s failed (error %s)", what, reference);
        if (!response.headWritten() && !response.ended() && !response.closed()) {
            plain(response, 500, "Internal error " + reference + "; see the master's log");
        }
    }

    public static void plain(HttpServerResponse response, int status, String message) {
        response.setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8").end(message);
    }
}
