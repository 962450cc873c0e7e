package io.mesosbridge.operator.agentlink;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.mesosbridge.operator.config.BridgeConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC server the agents on the nodes connect to ({@code mesos-bridge.agent-link-port}): every
 * {@link BindableService} bean is served on it (AgentLink, AgentStates). It runs on every replica; the services
 * answer only on the leader.
 */
@ApplicationScoped
public class AgentLinkServer {

    private static final Logger LOG = Logger.getLogger(AgentLinkServer.class);

    private final BridgeConfig config;
    private final Instance<BindableService> services;
    private volatile Server server;

    public AgentLinkServer(BridgeConfig config, @Any Instance<BindableService> services) {
        this.config = config;
        this.services = services;
    }

    void onStart(@Observes StartupEvent event) {
        NettyServerBuilder builder = NettyServerBuilder.forPort(config.agentLinkPort());
        for (BindableService service : services) {
            builder.addService(service);
        }
        try {
            server = builder.build().start();
        } catch (IOException e) {
            throw new UncheckedIOException("the agent link cannot listen on port " + config.agentLinkPort(), e);
        }
        LOG.infof("agent link (gRPC) listening on port %d", server.getPort());
    }

    void onStop(@Observes ShutdownEvent event) {
        Server running = server;
        if (running == null) {
            return;
        }
        running.shutdown();
        try {
            if (!running.awaitTermination(5, TimeUnit.SECONDS)) {
                running.shutdownNow();
            }
        } catch (InterruptedException e) {
            running.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
