package io.mesosbridge.agent.executors;

import io.mesosbridge.agent.libprocess.AgentMessages;
import io.mesosbridge.agent.link.OperatorLink;
import io.mesosbridge.agentlink.AgentMessage;
import io.mesosbridge.agentlink.Register;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The agent's executor API on a random local port, linked to a fake operator, wired as AgentMain wires it. */
final class AgentUnderTest implements AutoCloseable {

    static final ExecutorSettings SETTINGS = new ExecutorSettings(Duration.ofMinutes(30), Duration.ofSeconds(5), 1000,
            16L * 1024 * 1024, 1000, Duration.ofMinutes(15));

    final Vertx vertx = Vertx.vertx();
    final OperatorLink link;
    final HttpServer server;
    final ExecutorClient client;

    AgentUnderTest(FakeOperator operator, ExecutorSettings settings) throws Exception {
        link = new OperatorLink("127.0.0.1:" + operator.port(), Duration.ofMillis(50), Duration.ofMillis(200));
        ExecutorSessions sessions = new ExecutorSessions(link, vertx, settings);
        Router router = Router.router(vertx);
        new ExecutorEndpoint(sessions).mount(router);
        new AgentMessages(sessions).mount(router);
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        link.start(Register.newBuilder().setNodeName("node-1").setEndpoint("127.0.0.1:" + server.actualPort()).build(),
                sessions);
        AgentMessage register = operator.take(AgentMessage.MessageCase.REGISTER);
        assertThat(register.getRegister().getEndpoint()).isEqualTo("127.0.0.1:" + server.actualPort());
        awaitRegistered(true);
        client = new ExecutorClient(server.actualPort());
    }

    void awaitRegistered(boolean registered) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (link.isRegistered() != registered) {
            assertThat(System.nanoTime()).as("the link is registered: " + registered).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Override
    public void close() throws Exception {
        link.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
