package io.mesosbridge.operator.scheduler;

import com.google.protobuf.InvalidProtocolBufferException;
import io.mesosbridge.mesos.json.MesosJson;
import io.mesosbridge.mesos.json.MesosJsonException;
import io.mesosbridge.mesos.media.MediaTypes;
import io.mesosbridge.mesos.v1.scheduler.Protos.Call;
import io.mesosbridge.operator.frameworks.Framework;
import io.mesosbridge.operator.frameworks.FrameworkRegistry;
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
 * {@code POST /api/v1/scheduler} (also under {@code /master}): the Mesos v1 scheduler HTTP API, with the status
 * codes and messages of a Mesos 1.11 master. SUBSCRIBE answers 200 with a chunked RecordIO event stream; every
 * other call answers 202 (UPDATE_FRAMEWORK and RECONCILE_OPERATIONS 200) or an error.
 */
@ApplicationScoped
public class SchedulerEndpoint {

    private static final Logger LOG = Logger.getLogger(SchedulerEndpoint.class);
    public static final String STREAM_ID_HEADER = "Mesos-Stream-Id";
    private static final long MAX_BODY_BYTES = 64L * 1024 * 1024;

    private final SchedulerCalls calls;
    private final FrameworkRegistry frameworks;
    private final LeaderGate leaderGate;

    public SchedulerEndpoint(SchedulerCalls calls, FrameworkRegistry frameworks, LeaderGate leaderGate) {
        this.calls = calls;
        this.frameworks = frameworks;
        this.leaderGate = leaderGate;
    }

    void routes(@Observes Router router) {
        for (String path : new String[] {"/api/v1/scheduler", "/master/api/v1/scheduler"}) {
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
        Optional<LeaderGate.Answer> redirect = leaderGate.check(context.request().path());
        if (redirect.isPresent()) {
            redirect.get().apply(context.response());
            return;
        }
        context.next();
    }

    private void handle(RoutingContext context) {
        HttpServerResponse response = context.response();
        try {
            String contentType = mediaType(context.request().getHeader("Content-Type"));
            if (contentType == null) {
                plain(response, 400, "Expecting 'Content-Type' to be present");
                return;
            }
            if (!MediaTypes.JSON.equals(contentType) && !MediaTypes.PROTOBUF.equals(contentType)) {
                plain(response, 415, "Expecting 'Content-Type' of " + MediaTypes.JSON + " or " + MediaTypes.PROTOBUF);
                return;
            }
            Call call;
            try {
                call = parse(context.body().buffer() == null ? new byte[0] : context.body().buffer().getBytes(),
                        contentType);
            } catch (MesosJsonException | InvalidProtocolBufferException e) {
                plain(response, 400, "Failed to parse body into Call: " + e.getMessage());
                return;
            }
            if (!call.hasType()) {
                plain(response, 400, "Failed to validate scheduler::Call: Expecting 'type' to be present");
                return;
            }
            if (call.getType() == Call.Type.SUBSCRIBE) {
                subscribe(context, call, contentType);
                return;
            }
            respond(context, call, contentType);
        } catch (RuntimeException e) {
            LOG.error("scheduler call failed", e);
            if (!response.headWritten()) {
                plain(response, 500, "Internal error: " + e.getMessage());
            }
        }
    }

    private void subscribe(RoutingContext context, Call call, String contentType) {
        HttpServerResponse response = context.response();
        String accept = acceptedType(context.request().getHeader("Accept"));
        if (accept == null) {
            plain(response, 406, "Expecting 'Accept' to allow '" + MediaTypes.PROTOBUF + "' or '" + MediaTypes.JSON + "'");
            return;
        }
        if (context.request().getHeader(STREAM_ID_HEADER) != null) {
            plain(response, 400, "Expecting 'Mesos-Stream-Id' header to be absent for SUBSCRIBE calls");
            return;
        }
        if (!call.hasSubscribe()) {
            plain(response, 400, "Failed to validate scheduler::Call: Expecting 'subscribe' to be present");
            return;
        }
        var info = call.getSubscribe().getFrameworkInfo();
        if (call.hasFrameworkId() && !call.getFrameworkId().equals(info.getId())) {
            plain(response, 400, "Failed to validate scheduler::Call: 'framework_id' differs from "
                    + "'subscribe.framework_info.id'");
            return;
        }
        calls.subscribe(call, accept, response, context.vertx());
    }

    private void respond(RoutingContext context, Call call, String contentType) {
        HttpServerResponse response = context.response();
        if (!call.hasFrameworkId()) {
            plain(response, 400, "Failed to validate scheduler::Call: Expecting 'framework_id' to be present");
            return;
        }
        Optional<Framework> framework = frameworks.get(call.getFrameworkId().getValue());
        if (framework.isEmpty()) {
            plain(response, 400, "Framework cannot be found");
            return;
        }
        if (!framework.get().isConnected()) {
            plain(response, 403, "Framework is not subscribed");
            return;
        }
        String streamId = context.request().getHeader(STREAM_ID_HEADER);
        if (streamId == null) {
            plain(response, 400, "All non-subscribe calls should include the 'Mesos-Stream-Id' header");
            return;
        }
        String expected = framework.get().stream().streamId();
        if (!streamId.equals(expected)) {
            plain(response, 400, "The stream ID '" + streamId + "' included in this request didn't match the stream"
                    + " ID currently associated with framework ID " + framework.get().id());
            return;
        }
        CallResult result = calls.handle(framework.get(), call);
        if (result.error() != null) {
            plain(response, result.status(), result.error());
        } else if (result.body() != null) {
            String accept = acceptedType(context.request().getHeader("Accept"));
            String type = accept == null ? contentType : accept;
            byte[] body = MediaTypes.PROTOBUF.equals(type) ? result.body().toByteArray()
                    : MesosJson.printBytes(result.body());
            response.setStatusCode(result.status()).putHeader("Content-Type", type)
                    .end(io.vertx.core.buffer.Buffer.buffer(body));
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

    /** The media type of a Content-Type header, parameters (such as a charset) dropped. */
    static String mediaType(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        int semicolon = header.indexOf(';');
        return (semicolon < 0 ? header : header.substring(0, semicolon)).trim().toLowerCase();
    }

    /** The stream's media type from Accept: JSON when absent or a wildcard; null when nothing acceptable is offered. */
    static String acceptedType(String header) {
        if (header == null || header.isBlank()) {
            return MediaTypes.JSON;
        }
        for (String part : header.split(",")) {
            String type = mediaType(part);
            if (MediaTypes.PROTOBUF.equals(type)) {
                return MediaTypes.PROTOBUF;
            }
            if (MediaTypes.JSON.equals(type) || "*/*".equals(type) || "application/*".equals(type)) {
                return MediaTypes.JSON;
            }
        }
        return null;
    }

    static void plain(HttpServerResponse response, int status, String message) {
        response.setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8").end(message);
    }
}
