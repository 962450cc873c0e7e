package io.mesosbridge.agent.executors;

import com.google.protobuf.InvalidProtocolBufferException;
import io.mesosbridge.mesos.json.MesosJson;
import io.mesosbridge.mesos.json.MesosJsonException;
import io.mesosbridge.mesos.media.MediaTypes;
import io.mesosbridge.mesos.v1.executor.Protos.Call;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.Optional;

/**
 * {@code POST /api/v1/executor} (also {@code /slave(1)/api/v1/executor}): the Mesos v1 executor HTTP API with the
 * checks, status codes and messages of a Mesos 1.11 agent. SUBSCRIBE answers 200 with a RecordIO event stream once
 * the operator accepts the executor; UPDATE and MESSAGE answer 202.
 */
public final class ExecutorEndpoint {

    public static final String PATH = "/api/v1/executor";
    private static final String[] PATHS = {PATH, "/slave(1)" + PATH};
    private static final long MAX_BODY_BYTES = 16L * 1024 * 1024;

    private final ExecutorSessions sessions;

    public ExecutorEndpoint(ExecutorSessions sessions) {
        this.sessions = sessions;
    }

    public void mount(Router router) {
        for (String path : PATHS) {
            router.route(path).handler(context -> {
                if (context.request().method() != HttpMethod.POST) {
                    context.response().putHeader("Allow", "POST");
                    plain(context.response(), 405, "405 Method Not Allowed. Expecting one of { 'POST' }, but received '"
                            + context.request().method().name() + "'.");
                    return;
                }
                context.next();
            });
            // no file uploads: a multipart body is read like any other and refused for its Content-Type
            router.post(path).handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
            router.post(path).handler(this::handle);
        }
    }

    private void handle(RoutingContext context) {
        HttpServerResponse response = context.response();
        String contentType = AcceptHeader.mediaType(context.request().getHeader("Content-Type"));
        if (contentType == null) {
            plain(response, 400, "Expecting 'Content-Type' to be present");
            return;
        }
        byte[] body = context.body().buffer() == null ? new byte[0] : context.body().buffer().getBytes();
        Call call;
        if (MediaTypes.PROTOBUF.equals(contentType)) {
            try {
                call = Call.parseFrom(body);
            } catch (InvalidProtocolBufferException e) {
                plain(response, 400, "Failed to parse body into Call protobuf");
                return;
            }
        } else if (MediaTypes.JSON.equals(contentType)) {
            try {
                call = MesosJson.parse(body, Call.newBuilder()).build();
            } catch (MesosJsonException e) {
                plain(response, 400, isSyntaxError(e)
                        ? "Failed to parse body into JSON: " + e.getMessage()
                        : "Failed to convert JSON into Call protobuf: " + e.getMessage());
                return;
            }
        } else {
            plain(response, 415, "Expecting 'Content-Type' of " + MediaTypes.JSON + " or " + MediaTypes.PROTOBUF);
            return;
        }
        Optional<String> invalid = ExecutorCallValidation.validate(call);
        if (invalid.isPresent()) {
            plain(response, 400, "Failed to validate Executor::Call: " + invalid.get());
            return;
        }
        switch (call.getType()) {
            case SUBSCRIBE -> subscribe(context, call);
            case HEARTBEAT -> response.setStatusCode(202).end();
            case UPDATE -> answer(response, sessions.update(call), call);
            case MESSAGE -> answer(response, sessions.message(call), call);
            case UNKNOWN -> {
                if (sessions.isSubscribed(call.getFrameworkId(), call.getExecutorId())) {
                    plain(response, 501, "501 Not Implemented.");
                } else {
                    plain(response, 403, "Executor is not subscribed");
                }
            }
        }
    }

    private void subscribe(RoutingContext context, Call call) {
        String accept = context.request().getHeader("Accept");
        String acceptType;
        if (AcceptHeader.accepts(accept, MediaTypes.JSON)) {
            acceptType = MediaTypes.JSON;
        } else if (AcceptHeader.accepts(accept, MediaTypes.PROTOBUF)) {
            acceptType = MediaTypes.PROTOBUF;
        } else {
            plain(context.response(), 406, "Expecting 'Accept' to allow '" + MediaTypes.PROTOBUF + "' or '"
                    + MediaTypes.JSON + "'");
            return;
        }
        if (!sessions.canSubscribe()) {
            plain(context.response(), 503, "Agent has not finished recovery");
            return;
        }
        sessions.subscribe(call, context.response(), context.vertx().getOrCreateContext(), acceptType);
    }

    private static void answer(HttpServerResponse response, ExecutorSessions.Outcome outcome, Call call) {
        switch (outcome) {
            case ACCEPTED -> response.setStatusCode(202).end();
            case NOT_SUBSCRIBED -> plain(response, 403, "Executor is not subscribed");
            case TOO_MANY_UPDATES -> plain(response, 503, "Too many status updates of executor '"
                    + call.getExecutorId().getValue() + "' wait for the master; retry later");
        }
    }

    /** JSON that does not parse, as opposed to JSON that does not fit a Call. */
    private static boolean isSyntaxError(MesosJsonException e) {
        String message = String.valueOf(e.getMessage());
        return message.startsWith("malformed JSON") || message.startsWith("no JSON text");
    }

    static void plain(HttpServerResponse response, int status, String message) {
        if (response.ended() || response.closed() || response.headWritten()) {
            return;
        }
        response.setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8").end(message);
    }
}
