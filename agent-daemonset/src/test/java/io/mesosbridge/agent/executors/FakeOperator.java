package io.mesosbridge.agent.executors;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.stub.StreamObserver;
import io.mesosbridge.agentlink.AgentLinkGrpc;
import io.mesosbridge.agentlink.AgentMessage;
import io.mesosbridge.agentlink.ExecutorAccepted;
import io.mesosbridge.agentlink.OperatorMessage;
import io.mesosbridge.agentlink.Registered;
import io.mesosbridge.mesos.v1.Protos.AgentID;
import io.mesosbridge.mesos.v1.Protos.AgentInfo;
import io.mesosbridge.mesos.v1.Protos.CommandInfo;
import io.mesosbridge.mesos.v1.Protos.ContainerID;
import io.mesosbridge.mesos.v1.Protos.ExecutorID;
import io.mesosbridge.mesos.v1.Protos.ExecutorInfo;
import io.mesosbridge.mesos.v1.Protos.FrameworkID;
import io.mesosbridge.mesos.v1.Protos.FrameworkInfo;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A real gRPC server playing the operator's AgentLink: it registers every agent as S1 and keeps what agents send. */
final class FakeOperator implements AutoCloseable {

    static final AgentID AGENT_ID = AgentID.newBuilder().setValue("S1").build();

    private final List<AgentMessage> received = new ArrayList<>();
    private Server server;
    private StreamObserver<OperatorMessage> agent;
    private int port;

    FakeOperator start() throws IOException {
        server = Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create())
                .addService(new AgentLinkGrpc.AgentLinkImplBase() {
                    @Override
                    public StreamObserver<AgentMessage> connect(StreamObserver<OperatorMessage> responses) {
                        return new StreamObserver<>() {
                            @Override
                            public void onNext(AgentMessage message) {
                                if (message.hasRegister()) {
                                    synchronized (FakeOperator.this) {
                                        agent = responses;
                                    }
                                    send(OperatorMessage.newBuilder().setRegistered(
                                            Registered.newBuilder().setAgentId(AGENT_ID)).build());
                                }
                                synchronized (FakeOperator.this) {
                                    received.add(message);
                                    FakeOperator.this.notifyAll();
                                }
                            }

                            @Override
                            public void onError(Throwable failure) {
                            }

                            @Override
                            public void onCompleted() {
                                responses.onCompleted();
                            }
                        };
                    }
                })
                .build().start();
        port = server.getPort();
        return this;
    }

    int port() {
        return port;
    }

    /** Stops the server and drops its connections, as an operator that restarts does. */
    void stop() throws InterruptedException {
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
        synchronized (this) {
            agent = null;
        }
    }

    synchronized void send(OperatorMessage message) {
        assertThat(agent).as("an agent is connected").isNotNull();
        agent.onNext(message);
    }

    /** Takes the first message of that kind the agent sent, waiting up to 5 seconds for it. */
    synchronized AgentMessage take(AgentMessage.MessageCase kind) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            for (int i = 0; i < received.size(); i++) {
                if (received.get(i).getMessageCase() == kind) {
                    return received.remove(i);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("the agent sent no " + kind + "; it sent " + received);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** Asserts that the agent sends nothing of that kind for a while. */
    synchronized void assertNone(AgentMessage.MessageCase kind, Duration during) throws InterruptedException {
        long deadline = System.nanoTime() + during.toNanos();
        for (long left = during.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        assertThat(received).noneMatch(message -> message.getMessageCase() == kind);
    }

    static ExecutorAccepted accepted(FrameworkID frameworkId, ExecutorID executorId) {
        return ExecutorAccepted.newBuilder()
                .setFrameworkId(frameworkId)
                .setExecutorId(executorId)
                .setFrameworkInfo(FrameworkInfo.newBuilder().setId(frameworkId).setName("test").setUser("nobody"))
                .setExecutorInfo(ExecutorInfo.newBuilder().setExecutorId(executorId).setFrameworkId(frameworkId)
                        .setType(ExecutorInfo.Type.CUSTOM).setCommand(CommandInfo.newBuilder().setValue("./executor")))
                .setAgentInfo(AgentInfo.newBuilder().setId(AGENT_ID).setHostname("node-1"))
                .setContainerId(ContainerID.newBuilder().setValue("pod-uid-1"))
                .build();
    }

    @Override
    public void close() throws InterruptedException {
        if (server != null) {
            stop();
        }
    }
}
