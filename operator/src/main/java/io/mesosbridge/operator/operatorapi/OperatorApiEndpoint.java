package io.mesosbridge.operator.operatorapi;

import com.google.protobuf.InvalidProtocolBufferException;
import io.mesosbridge.mesos.json.MesosJson;
import io.mesosbridge.mesos.json.MesosJsonException;
import io.mesosbridge.mesos.media.MediaTypes;
import io.mesosbridge.mesos.v1.master.Protos.Call;
import io.mesosbridge.operator.scheduler.CallResult;
import io.mesosbridge.operator.scheduler.LeaderGate;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * {@code POST /api/v1} (also under {@code /master}): the Mesos v1 operator API, with the status codes and messages
 * of a Mesos 1.11 master. SUBSCRIBE answers with a chunked RecordIO event stream; other calls answer 200 with
 * {@code {type, get_x}} in the negotiated media type (or no body), or an error in plain text.
 */
@ApplicationScoped
public class OperatorApiEndpoint {

    private static final Logger LOG = Logger.getLogger(OperatorApiEndpoint.class);
    private static final long MAX_BODY_BYTES = 16L * 1024 * 1024;
    static final String ACCEPT_ERROR = "Expecting 'Accept' to allow " + MediaTypes.JSON + " or " + MediaTypes.PROTOBUF;

    private final OperatorCalls calls;
    private final OperatorEvents events;
    private final LeaderGate leaderGate;

    public OperatorApiEndpoint(OperatorCalls calls, OperatorEvents events, LeaderGate leaderGate) {
        this.calls = calls;
        this.events = events;
        this.leaderGate = leaderGate;
    }

    void routes(@Observes Router router) {
        for (String path : new String[] {"/api/v1", "/master/api/v1"}) {
            router.route(path).order(-10).handler(this::checkMethod);
            router.post(path).order(-9).handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES));
            router.post(path).order(-8).blockingHandler(this::handle, false);
        }
    }

    private void checkMethod(RoutingContext context) {
        if (context.request().method() != HttpMethod.POST) {
            context.response().putHeader("Allow", "POST");
            plain(context.response(), 405, "Expecting 'POST', received '" + context.request().method() + "'");
            return;
        }
        Optional<LeaderGate.Answer> instead = leaderGate.check(context.request().path());
        if (instead.isPresent()) {
            instead.get().apply(context.response());
            return;
        }
        context.next();
    }

    private void handle(RoutingContext context) {
        HttpServerResponse response = context.response();
        try {
            String contentType = MediaNegotiation.mediaType(context.request().getHeader("Content-Type"));
            if (contentType == null) {
                plain(response, 400, "Expecting 'Content-Type' to be present");
                return;
            }
            if (!MediaNegotiation.isRequestType(contentType)) {
                plain(response, 415, "Expecting 'Content-Type' of " + MediaTypes.JSON + " or " + MediaTypes.PROTOBUF);
                return;
            }
            Call call;
            try {
                byte[] body = context.body().buffer() == null ? new byte[0] : context.body().buffer().getBytes();
                call = parse(body, contentType);
            } catch (MesosJsonException | InvalidProtocolBufferException e) {
                plain(response, 400, "Failed to parse body into Call protobuf: " + e.getMessage());
                return;
            }
            if (!call.hasType() || call.getType() == Call.Type.UNKNOWN) {
                plain(response, 400, "Failed to validate master::Call: Expecting 'type' to be present");
                return;
            }
            String accept = context.request().getHeader("Accept");
            if (call.getType() == Call.Type.SUBSCRIBE) {
                subscribe(context, accept);
                return;
            }
            String answerType = MediaNegotiation.responseType(accept);
            if (answerType == null) {
                plain(response, 406, ACCEPT_ERROR);
                return;
            }
            respond(response, calls.handle(call), answerType);
        } catch (RuntimeException e) {
            LOG.error("operator API call failed", e);
            if (!response.headWritten()) {
                plain(response, 500, "Internal error: " + e.getMessage());
            }
        }
    }

    private void subscribe(RoutingContext context, String accept) {
        String streamType = MediaNegotiation.streamType(accept);
        if (streamType == null) {
            plain(context.response(), 406, ACCEPT_ERROR + " or " + MediaTypes.RECORDIO);
            return;
        }
        String recordType = streamType;
        if (MediaTypes.RECORDIO.equals(streamType)) {
            recordType = MediaNegotiation.recordType(context.request().getHeader("Message-Accept"));
            if (recordType == null) {
                plain(context.response(), 406, "Expecting 'Message-Accept' to allow " + MediaTypes.JSON + " or "
                        + MediaTypes.PROTOBUF);
                return;
            }
        }
        events.subscribe(context.response(), context.vertx(), streamType, recordType);
    }

    private static void respond(HttpServerResponse response, CallResult result, String answerType) {
        if (result.error() != null) {
            plain(response, result.status(), result.error());
        } else if (result.body() != null) {
            byte[] body = MediaTypes.PROTOBUF.equals(answerType) ? result.body().toByteArray()
                    : MesosJson.printBytes(result.body());
            response.setStatusCode(result.status()).putHeader("Content-Type", answerType).end(Buffer.buffer(body));
        } else {
            response.setStatusCode(result.status()).end();
        }
    }

    static Call parse(byte[] body, String contentType) throws MesosJsonException, InvalidProtocolBufferException {
        if (MediaTypes.PROTOBUF.equals(contentType)) {
            return Call.parseFrom(body);
        }
        return MesosJson.parse(body, Call.newBuilder()).build();
    }

    static void plain(HttpServerResponse response, int status, String message) {
        response.setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8").end(message);
    }
}
