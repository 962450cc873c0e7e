package io.mesosbridge.operator.scheduler;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UninitializedMessageException;
import io.mesosbridge.mesos.json.MesosJson;
import io.mesosbridge.mesos.json.MesosJsonException;
import io.mesosbridge.mesos.media.MediaTypes;
import io.mesosbridge.mesos.v1.scheduler.Protos.Call;
import io.mesosbridge.operator.config.BridgeConfig;
import io.mesosbridge.operator.frameworks.Framework;
import io.mesosbridge.operator.frameworks.FrameworkChannel;
import io.mesosbridge.operator.frameworks.FrameworkRegistry;
import io.mesosbridge.operator.http.ApiHttp;
import io.mesosbridge.operator.http.ApiRoutes;
import io.mesosbridge.operator.http.EventStream;
import io.mesosbridge.operator.http.HttpAuthentication;
import io.mesosbridge.operator.http.MediaNegotiation;
import io.mesosbridge.operator.master.FrameworkLifecycle;
import io.mesosbridge.operator.master.SchedulerCalls;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Optional;
import java.util.UUID;

/**
 * {@code POST /api/v1/scheduler} (also under {@code /master}): the Mesos v1 scheduler HTTP API, with the status
 * codes and messages of a Mesos 1.11 master. SUBSCRIBE answers 200 with a chunked RecordIO event stream, the
 * framework's channel; every other call answers 202 (UPDATE_FRAMEWORK and RECONCILE_OPERATIONS 200) or an error.
 */
@ApplicationScoped
public class SchedulerEndpoint {

    public static final String STREAM_ID_HEADER = "Mesos-Stream-Id";
    private static final long MAX_BODY_BYTES = 64L * 1024 * 1024;

    private final FrameworkLifecycle lifecycle;
    private final SchedulerCalls calls;
    private final FrameworkRegistry frameworks;
    private final ApiRoutes routes;
    private final BridgeConfig config;
    private final Counter overflows;

    public SchedulerEndpoint(FrameworkLifecycle lifecycle, SchedulerCalls calls, FrameworkRegistry frameworks,
                             ApiRoutes routes, BridgeConfig config, MeterRegistry meters) {
        this.lifecycle = lifecycle;
        this.calls = calls;
        this.frameworks = frameworks;
        this.routes = routes;
        this.config = config;
        this.overflows = Counter.builder("mesos_bridge.subscriber.overflows")
                .description("event streams closed because their subscriber stopped reading").register(meters);
    }

    void routes(@Observes Router router) {
        routes.route(router, MAX_BODY_BYTES, this::handle, "/api/v1/scheduler", "/master/api/v1/scheduler");
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
                ApiHttp.plain(response, 400, "Failed to parse body into Call: " + e.getMessage());
                return;
            }
            Optional<String> principal = HttpAuthentication.subjectOf(context).principal();
            Optional<String> invalid = calls.validate(call, principal);
            if (invalid.isPresent()) {
                ApiHttp.plain(response, 400, "Failed to validate scheduler::Call: " + invalid.get());
                return;
            }
            if (call.getType() == Call.Type.SUBSCRIBE) {
                subscribe(context, withPrincipal(call, principal));
                return;
            }
            respond(context, call, contentType, principal);
        } catch (RuntimeException e) {
            ApiHttp.internalError(response, "scheduler call", e);
        }
    }

    private void subscribe(RoutingContext context, Call call) {
        HttpServerResponse response = context.response();
        String accept = MediaNegotiation.responseType(context.request().getHeader("Accept"));
        if (accept == null) {
            ApiHttp.plain(response, 406, "Expecting 'Accept' to allow '" + MediaTypes.PROTOBUF + "' or '"
                    + MediaTypes.JSON + "'");
            return;
        }
        if (context.request().getHeader(STREAM_ID_HEADER) != null) {
            ApiHttp.plain(response, 400, "Expecting 'Mesos-Stream-Id' header to be absent for SUBSCRIBE calls");
            return;
        }
        String streamId = UUID.randomUUID().toString();
        response.setStatusCode(200).setChunked(true)
                .putHeader("Content-Type", accept)
                .putHeader(STREAM_ID_HEADER, streamId)
                .putHeader("Cache-Control", "no-cache");
        // the stream watches its connection from now on: a client that dies at any point is seen
        EventStream stream = new EventStream(streamId, accept, response, context.vertx(),
                config.subscriberQueueLimit(), config.subscriberQueueBytes(), overflows::increment);
        SchedulerChannel channel = new SchedulerChannel(stream);
        Optional<Framework> framework = lifecycle.subscribe(call.getSubscribe(), channel,
                HttpAuthentication.subjectOf(context).kubernetesUser());
        framework.ifPresent(subscribed -> stream.onLost(() -> lifecycle.disconnected(subscribed, channel)));
    }

    /** A framework that authenticated but named no principal is registered as the one it proved. */
    private static Call withPrincipal(Call subscribe, Optional<String> principal) {
        if (principal.isEmpty() || subscribe.getSubscribe().getFrameworkInfo().hasPrincipal()) {
            return subscribe;
        }
        Call.Builder call = subscribe.toBuilder();
        call.getSubscribeBuilder().getFrameworkInfoBuilder().setPrincipal(principal.get());
        return call.build();
    }

    private void respond(RoutingContext context, Call call, String contentType, Optional<String> principal) {
        HttpServerResponse response = context.response();
        Optional<Framework> framework = frameworks.get(call.getFrameworkId().getValue());
        if (framework.isEmpty()) {
            ApiHttp.plain(response, 400, "Framework cannot be found");
            return;
        }
        if (!framework.get().isConnected()) {
            ApiHttp.plain(response, 403, "Framework is not subscribed");
            return;
        }
        String registered = framework.get().info().getPrincipal();
        if (principal.isPresent() && !principal.get().equals(registered)) {
            ApiHttp.plain(response, 400, "Authenticated principal '" + principal.get() + "' does not match principal '"
                    + registered + "' set in `FrameworkInfo`");
            return;
        }
        String streamId = context.request().getHeader(STREAM_ID_HEADER);
        if (streamId == null) {
            ApiHttp.plain(response, 400, "All non-subscribe calls should include the 'Mesos-Stream-Id' header");
            return;
        }
        FrameworkChannel current = framework.get().channel();
        if (!(current instanceof SchedulerChannel channel) || !streamId.equals(channel.streamId())) {
            ApiHttp.plain(response, 400, "The stream ID '" + streamId + "' included in this request didn't match the"
                    + " stream ID currently associated with framework ID " + framework.get().id());
            return;
        }
        String accept = MediaNegotiation.responseType(context.request().getHeader("Accept"));
        ApiHttp.respond(response, calls.handle(framework.get(), call), accept == null ? contentType : accept);
    }

    static Call parse(byte[] body, String contentType) throws MesosJsonException, InvalidProtocolBufferException {
        if (MediaTypes.PROTOBUF.equals(contentType)) {
            return Call.parseFrom(body);
        }
        return MesosJson.parse(body, Call.newBuilder()).build();
    }
}
