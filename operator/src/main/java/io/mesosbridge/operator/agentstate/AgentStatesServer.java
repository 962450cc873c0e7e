package io.mesosbridge.operator.agentstate;

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
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The operator's gRPC server on {@code mesos-bridge.agent-link-port}, serving every {@link BindableService} bean.
 * Stands in until the agent link's own server (AgentLink.Connect) is merged, which serves the same beans.
 */
@ApplicationScoped
public class AgentStatesServer {

    private static final Logger LOG = Logger.getLogger(AgentStatesServer.class);

    private final Instance<BindableService> services;
    private final int port;
    private Server server;

    public AgentStatesServer(@Any Instance<BindableService> services, BridgeConfig config) {
        this.services = services;
        this.port = config.agentLinkPort();
    }

    void start(@Observes StartupEvent event) {
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(port));
        services.forEach(builder::addService);
        try {
            server = builder.build().start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve the agent link on port " + port, e);
        }
        LOG.infof("agent link (gRPC) listening on port %d", server.getPort());
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (server != null) {
            server.shutdown().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
