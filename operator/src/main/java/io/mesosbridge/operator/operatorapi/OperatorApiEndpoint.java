package io.mesosbridge.operator.operatorapi;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UninitializedMessageException;
import io.mesosbridge.mesos.json.MesosJson;
import io.mesosbridge.mesos.json.MesosJsonException;
import io.mesosbridge.mesos.media.MediaTypes;
import io.mesosbridge.mesos.v1.master.Protos.Call;
import io.mesosbridge.operator.authorization.Authorizer;
import io.mesosbridge.operator.http.ApiHttp;
import io.mesosbridge.operator.http.ApiRoutes;
import io.mesosbridge.operator.http.HttpAuthentication;
import io.mesosbridge.operator.http.MediaNegotiation;
import io.mesosbridge.operator.state.ViewAuthorization;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;


/**
 * {@code POST /api/v1} (also under {@code /master}): the Mesos v1 operator API, with the status codes and messages
 * of a Mesos 1.11 master. SUBSCRIBE answers with a chunked RecordIO event stream; other calls answer 200 with
 * {@code {type, get_x}} in the negotiated media type (or no body), or an error in plain text.
 */
@ApplicationScoped
public class OperatorApiEndpoint {

    private static final long MAX_BODY_BYTES = 16L * 1024 * 1024;
    static final String ACCEPT_ERROR = "Expecting 'Accept' to allow " + MediaTypes.JSON + " or " + MediaTypes.PROTOBUF;

    private final OperatorCalls calls;
    private final OperatorEvents events;
    private final ApiRoutes routes;
    private final Authorizer authorizer;

    public OperatorApiEndpoint(OperatorCalls calls, OperatorEvents events, ApiRoutes routes, Authorizer authorizer) {
        this.calls = calls;
        this.events = events;
        this.routes = routes;
        this.authorizer = authorizer;
    }

    void routes(@Observes Router router) {
        routes.route(router, MAX_BODY_BYTES, this::handle, "/api/v1", "/master/api/v1");
    }

    private void handle(RoutingContext context) {
        HttpServerResponse response = context.response();
        try {
            String contentType = ApiHttp.requestType(context);
            if (contentType == null) {
                return;
            }
            Call call;
            try {
                call = parse(ApiHttp.body(context), contentType);
            } catch (MesosJsonException | InvalidProtocolBufferException | UninitializedMessageException e) {
                ApiHttp.plain(response, 400, "Failed to parse body into Call protobuf: " + e.getMessage());
                return;
            }
            if (!call.hasType() || call.getType() == Call.Type.UNKNOWN) {
                ApiHttp.plain(response, 400, "Failed to validate master::Call: Expecting 'type' to be present");
                return;
            }
            String accept = context.request().getHeader("Accept");
            if (call.getType() == Call.Type.SUBSCRIBE) {
                subscribe(context, accept);
                return;
            }
            String answerType = MediaNegotiation.responseType(accept);
            if (answerType == null) {
                ApiHttp.plain(response, 406, ACCEPT_ERROR);
                return;
            }
            ApiHttp.respond(response, calls.handle(call, HttpAuthentication.subjectOf(context)), answerType);
        } catch (RuntimeException e) {
            ApiHttp.internalError(response, "operator API call", e);
        }
    }

    private void subscribe(RoutingContext context, String accept) {
        String streamType = MediaNegotiation.streamType(accept);
        if (streamType == null) {
            ApiHttp.plain(context.response(), 406, ACCEPT_ERROR + " or " + MediaTypes.RECORDIO);
            return;
        }
        String recordType = streamType;
        if (MediaTypes.RECORDIO.equals(streamType)) {
            recordType = MediaNegotiation.recordType(context.request().getHeader("Message-Accept"));
            if (recordType == null) {
                ApiHttp.plain(context.response(), 406, "Expecting 'Message-Accept' to allow " + MediaTypes.JSON + " or "
                        + MediaTypes.PROTOBUF);
                return;
            }
        }
        events.subscribe(context.response(), context.vertx(), streamType, recordType,
                new ViewAuthorization(authorizer, HttpAuthentication.subjectOf(context)));
    }

    static Call parse(byte[] body, String contentType) throws MesosJsonException, InvalidProtocolBufferException {
        if (MediaTypes.PROTOBUF.equals(contentType)) {
            return Call.parseFrom(body);
        }
        return MesosJson.parse(body, Call.newBuilder()).build();
    }

}
