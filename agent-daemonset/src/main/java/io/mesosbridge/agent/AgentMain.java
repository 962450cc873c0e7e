package io.mesosbridge.agent;

import io.mesosbridge.agent.endpoints.AgentEndpoints;
import io.mesosbridge.agent.endpoints.OperatorStates;
import io.mesosbridge.agent.files.SandboxFiles;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

import java.nio.file.Path;

/** Starts the agent: its HTTP endpoint on {@code --ip}:{@code --port}, and its link to the operator. */
public final class AgentMain {

    private AgentMain() {
    }

    public static void main(String[] args) {
        AgentFlags flags;
        try {
            flags = AgentFlags.load(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        Vertx vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        OperatorStates states = new OperatorStates(vertx, flags.value("master"), flags.value("node_name"),
                flags.value("work_dir"));
        new AgentEndpoints(flags, states).mount(router);
        new SandboxFiles(vertx, states::sandboxes, Path.of(flags.value("kubelet_root_dir")),
                Path.of(flags.value("pod_log_dir"))).mount(router);
        vertx.createHttpServer()
                .requestHandler(router)
                .listen(flags.port(), flags.value("ip"))
                .onSuccess(server -> System.out.println("Agent listening on " + flags.value("ip") + ":" + server.actualPort()))
                .onFailure(failure -> {
                    System.err.println("Failed to listen on " + flags.value("ip") + ":" + flags.port() + ": " + failure.getMessage());
                    System.exit(1);
                });
    }
}
