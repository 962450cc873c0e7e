package io.mesosbridge.agent.endpoints;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.mesosbridge.agentlink.AgentState;
import io.mesosbridge.agentlink.AgentStatesGrpc;
import io.mesosbridge.agentlink.Sandbox;
import io.mesosbridge.agentlink.StateRequest;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** Asks the operator (AgentStates.GetState at {@code --master}) what this node's agent runs, once per request. */
public final class OperatorStates implements AutoCloseable {

    private static final long DEADLINE_SECONDS = 10;

    private final Vertx vertx;
    private final ManagedChannel channel;
    private final StateRequest request;

    public OperatorStates(Vertx vertx, String master, String nodeName, String workDir) {
        this.vertx = vertx;
        this.channel = master.isEmpty() ? null : ManagedChannelBuilder.forTarget(master).usePlaintext().build();
        this.request = StateRequest.newBuilder().setNodeName(nodeName).setWorkDir(workDir).build();
    }

    /** Fails with the operator's description (for example NOT_FOUND for a node it does not know). */
    public Future<AgentState> state() {
        if (channel == null) {
            return Future.failedFuture(new IllegalStateException(
                    "Failed to get the agent's state from the master: no --master given"));
        }
        Context context = vertx.getOrCreateContext();
        Promise<AgentState> promise = Promise.promise();
        AgentStatesGrpc.newStub(channel).withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                .getState(request, new StreamObserver<>() {
                    @Override
                    public void onNext(AgentState state) {
                        context.runOnContext(ignored -> promise.tryComplete(state));
                    }

                    @Override
                    public void onError(Throwable failure) {
                        context.runOnContext(ignored -> promise.tryFail(new IllegalStateException(
                                describe(failure), failure)));
                    }

                    @Override
                    public void onCompleted() {
                        context.runOnContext(ignored -> promise.tryFail("the operator sent no state"));
                    }
                });
        return promise.future();
    }

    public Future<List<Sandbox>> sandboxes() {
        return state().map(AgentState::getSandboxesList);
    }

    static String describe(Throwable failure) {
        if (failure instanceof StatusRuntimeException grpc) {
            Status status = grpc.getStatus();
            return "Failed to get the agent's state from the master: " + status.getCode()
                    + (status.getDescription() == null ? "" : ": " + status.getDescription());
        }
        return "Failed to get the agent's state from the master: " + failure.getMessage();
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.shutdownNow();
        }
    }
}
