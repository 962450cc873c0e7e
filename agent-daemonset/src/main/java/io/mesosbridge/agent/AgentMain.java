package io.mesosbridge.agent;

import io.mesosbridge.agent.endpoints.AgentEndpoints;
import io.mesosbridge.agent.endpoints.OperatorStates;
import io.mesosbridge.agent.executors.ExecutorEndpoint;
import io.mesosbridge.agent.executors.ExecutorSessions;
import io.mesosbridge.agent.executors.ExecutorSettings;
import io.mesosbridge.agent.files.SandboxFiles;
import io.mesosbridge.agent.libprocess.AgentMessages;
import io.mesosbridge.agent.link.OperatorLink;
import io.mesosbridge.agent.node.NodeSettings;
import io.mesosbridge.agentlink.Register;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Starts the agent: its HTTP endpoint on {@code --ip}:{@code --port}, and its link to the operator. */
public final class AgentMain {

    private static final Duration LINK_MIN_BACKOFF = Duration.ofMillis(500);
    private static final Duration LINK_MAX_BACKOFF = Duration.ofSeconds(30);

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
        Optional<String> missing = missingFlag(flags);
        if (missing.isPresent()) {
            System.err.println(missing.get());
            System.exit(1);
            return;
        }
        try {
            NodeSettings.projectOntoNode(flags);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        Vertx vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        OperatorLink link = new OperatorLink(flags.value("master"), LINK_MIN_BACKOFF, LINK_MAX_BACKOFF);
        ExecutorSessions executors = new ExecutorSessions(link, vertx, ExecutorSettings.defaults());
        new ExecutorEndpoint(executors).mount(router);
        new AgentMessages(executors).mount(router);
        // the operator sees the session end at once rather than at its next keepalive
        Runtime.getRuntime().addShutdownHook(new Thread(link::close, "operator-link-close"));
        OperatorStates states = new OperatorStates(vertx, flags.value("master"), flags.value("node_name"),
                flags.value("work_dir"));
        new AgentEndpoints(flags, states).mount(router);
        new SandboxFiles(vertx, states::sandboxes, Path.of(flags.value("kubelet_root_dir")),
                Path.of(flags.value("pod_log_dir"))).mount(router);
        vertx.createHttpServer()
                .requestHandler(router)
                .listen(flags.port(), flags.value("ip"))
                .onSuccess(server -> {
                    System.out.println("Agent listening on " + flags.value("ip") + ":" + server.actualPort());
                    link.start(register(flags, server.actualPort()), executors);
                })
                .onFailure(failure -> {
                    System.err.println("Failed to listen on " + flags.value("ip") + ":" + flags.port() + ": " + failure.getMessage());
                    System.exit(1);
                });
    }

    /** The flags the agent cannot start without, as one line for the operator of the node. */
    static Optional<String> missingFlag(AgentFlags flags) {
        if (flags.value("master").isBlank()) {
            return Optional.of("Missing required flag --master (host:port of the operator's agent link; or MESOS_MASTER)");
        }
        if (flags.value("node_name").isBlank()) {
            return Optional.of("Missing required flag --node_name (the Kubernetes Node of this agent; or NODE_NAME)");
        }
        return Optional.empty();
    }

    /** Register for the operator: the node, and the address executors and tools reach this agent at. */
    static Register register(AgentFlags flags, int port) {
        return Register.newBuilder()
                .setNodeName(flags.value("node_name"))
                .setEndpoint(advertisedIp(flags) + ":" + port)
                .build();
    }

    private static String advertisedIp(AgentFlags flags) {
        if (!flags.value("advertise_ip").isBlank()) {
            return flags.value("advertise_ip");
        }
        String ip = flags.value("ip");
        if (!ip.equals("0.0.0.0") && !ip.isBlank()) {
            return ip;
        }
        try {
            // as a Mesos agent bound to every interface does: the address its host name resolves to
            return InetAddress.getLocalHost().getHostAddress();
        } catch (UnknownHostException e) {
            return "127.0.0.1";
        }
    }
}
