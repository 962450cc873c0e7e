package io.mesosbridge.agent.libprocess;

import com.google.protobuf.InvalidProtocolBufferException;
import io.mesosbridge.agent.executors.ExecutorSessions;
import io.mesosbridge.mesos.internal.Messages.FrameworkToExecutorMessage;
import io.mesosbridge.mesos.libprocess.Envelope;
import io.mesosbridge.mesos.libprocess.MalformedMessageException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.logging.Logger;

/**
 * The libprocess messages a v0 scheduler driver sends to the agent's pid ({@code slave(1)@ip:port}, the pid in its
 * offers) rather than to the master: {@code FrameworkToExecutorMessage}, delivered to the executor on this node as
 * a Mesos agent does. Like any libprocess peer the agent answers 202 before it reads the message; one it cannot use
 * is dropped with a log line.
 */
public final class AgentMessages {

    static final String PROCESS = "slave(1)";
    static final String FRAMEWORK_TO_EXECUTOR = "mesos.internal.FrameworkToExecutorMessage";
    private static final int MAX_BODY_BYTES = 4 * 1024 * 1024;
    private static final Logger LOG = Logger.getLogger(AgentMessages.class.getName());

    private final ExecutorSessions executors;

    public AgentMessages(ExecutorSessions executors) {
        this.executors = executors;
    }

    public void mount(Router router) {
        String path = "/" + PROCESS + "/" + FRAMEWORK_TO_EXECUTOR;
        router.post(path).handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
        router.post(path).handler(this::handle);
    }

    private void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        String from = request.getHeader(Envelope.FROM_HEADER);
        String userAgent = request.getHeader("User-Agent");
        if (!Envelope.isMessage(request.method().name(), from, userAgent)) {
            context.response().setStatusCode(400).end("Expecting a libprocess message ('" + Envelope.FROM_HEADER
                    + "' header)");
            return;
        }
        Envelope envelope;
        try {
            envelope = Envelope.parse(request.path(), from, userAgent);
        } catch (MalformedMessageException e) {
            context.response().setStatusCode(400).end(e.getMessage());
            return;
        }
        context.response().setStatusCode(202).end();
        FrameworkToExecutorMessage message;
        try {
            message = FrameworkToExecutorMessage.parseFrom(
                    context.body().buffer() == null ? new byte[0] : context.body().buffer().getBytes());
        } catch (InvalidProtocolBufferException e) {
            LOG.warning(() -> "Dropping a malformed " + envelope.name() + " from " + envelope.from() + ": "
                    + e.getMessage());
            return;
        }
        executors.frameworkMessage(message.getFrameworkId(), message.getExecutorId(), message.getData());
    }
}
