package io.mesosbridge.agent;

import io.mesosbridge.agent.node.NodeSettings;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

/** Starts the agent: its HTTP endpoint on {@code --ip}:{@code --port}, and its link to the operator. */
public final class AgentMain {

    private AgentMain() {
    }

    public static void main(String[] args) {
        AgentFlags flags;
        try {
            flags = AgentFlags.load(args, System.getenv());
            NodeSettings.projectOntoNode(flags);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        Vertx vertx = Vertx.vertx();
        Router router = Router.router(vertx);
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
