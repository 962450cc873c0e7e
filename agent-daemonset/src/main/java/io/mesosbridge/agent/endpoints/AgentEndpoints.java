package io.mesosbridge.agent.endpoints;

import io.mesosbridge.agent.AgentFlags;
import io.mesosbridge.agentlink.AgentState;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * The Mesos agent's read endpoints on this node: {@code /state} (also {@code /state.json} and under
 * {@code /slave(1)}), {@code /flags}, {@code /metrics/snapshot}, {@code /version}, {@code /health}.
 */
public final class AgentEndpoints {

    private final AgentFlags flags;
    private final OperatorStates states;
    private final AgentStateJson.Process process;

    public AgentEndpoints(AgentFlags flags, OperatorStates states) {
        this.flags = flags;
        this.states = states;
        this.process = new AgentStateJson.Process(pid(flags), flags.all(), System.currentTimeMillis() / 1000.0,
                buildTimeSecs());
    }

    public void mount(Router router) {
        for (String prefix : new String[] {"", "/slave(1)"}) {
            router.get(prefix + "/state").handler(this::state);
            router.get(prefix + "/state.json").handler(this::state);
            router.get(prefix + "/flags").handler(context -> json(context, AgentStateJson.flagsEndpoint(flags.all())));
            router.get(prefix + "/health").handler(context -> context.response().setStatusCode(200).end());
        }
        router.get("/metrics/snapshot").handler(context -> withState(context, state -> AgentMetrics.snapshot(state,
                System.currentTimeMillis() / 1000.0 - process.startTimeSecs())));
        router.get("/version").handler(context -> json(context, AgentStateJson.version(process)));
    }

    private void state(RoutingContext context) {
        withState(context, state -> AgentStateJson.state(state, process));
    }

    private void withState(RoutingContext context, Function<AgentState, JsonObject> render) {
        states.state()
                .onSuccess(state -> json(context, render.apply(state)))
                .onFailure(failure -> context.response().setStatusCode(503)
                        .putHeader("Content-Type", "text/plain; charset=utf-8").end(failure.getMessage()));
    }

    private static void json(RoutingContext context, JsonObject json) {
        String callback = context.queryParams().get("jsonp");
        if (callback != null) {
            context.response().putHeader("Content-Type", "text/javascript")
                    .end(callback + "(" + json.encode() + ");");
            return;
        }
        context.response().putHeader("Content-Type", "application/json").end(json.encode());
    }

    /** {@code slave(1)@ip:port}: the advertised address, else the bound one, else this host's. */
    static String pid(AgentFlags flags) {
        String ip = flags.value("advertise_ip");
        if (ip.isEmpty()) {
            ip = flags.value("ip");
        }
        if (ip.isEmpty() || ip.equals("0.0.0.0")) {
            try {
                ip = InetAddress.getLocalHost().getHostAddress();
            } catch (UnknownHostException e) {
                ip = "127.0.0.1";
            }
        }
        return "slave(1)@" + ip + ":" + flags.port();
    }

    private static double buildTimeSecs() {
        try {
            var source = AgentEndpoints.class.getProtectionDomain().getCodeSource();
            if (source != null) {
                return Files.getLastModifiedTime(Path.of(source.getLocation().toURI())).toMillis() / 1000.0;
            }
        } catch (Exception unknown) {
            // fall through
        }
        return System.currentTimeMillis() / 1000.0;
    }
}
