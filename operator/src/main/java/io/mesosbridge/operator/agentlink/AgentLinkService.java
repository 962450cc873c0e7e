package io.mesosbridge.operator.agentlink;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.mesosbridge.agentlink.AgentLinkGrpc;
import io.mesosbridge.agentlink.AgentMessage;
import io.mesosbridge.agentlink.OperatorMessage;
import io.mesosbridge.operator.executors.Executors;
import io.mesosbridge.operator.leadership.LeaderGate;
import jakarta.enterprise.context.ApplicationScoped;

/** AgentLink.Connect: a session per agent, served by the leading master only (a follower answers UNAVAILABLE). */
@ApplicationScoped
public class AgentLinkService extends AgentLinkGrpc.AgentLinkImplBase {

    private final LeaderGate gate;
    private final Executors executors;
    private final AgentSessions sessions;

    public AgentLinkService(LeaderGate gate, Executors executors, AgentSessions sessions) {
        this.gate = gate;
        this.executors = executors;
        this.sessions = sessions;
    }

    @Override
    public StreamObserver<AgentMessage> connect(StreamObserver<OperatorMessage> responses) {
        if (!gate.isLeading()) {
            responses.onError(Status.UNAVAILABLE.withDescription("This master is not the leader"
                    + gate.leaderAddress().map(leader -> "; the leader is " + leader).orElse(""))
                    .asRuntimeException());
            return new StreamObserver<>() {
                @Override
                public void onNext(AgentMessage message) {
                    // the call has already ended
                }

                @Override
                public void onError(Throwable error) {
                }

                @Override
                public void onCompleted() {
                }
            };
        }
        return new AgentSession(responses, executors, sessions);
    }
}
