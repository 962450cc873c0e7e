package io.mesosbridge.operator.frameworks;

import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.scheduler.Protos.Event;

import java.util.List;

/** The events the master sends to frameworks ({@code mesos.v1.scheduler.Event}). */
public final class FrameworkEvents {

    private FrameworkEvents() {
    }

    public static Event subscribed(String frameworkId, int heartbeatSeconds, Protos.MasterInfo masterInfo) {
        return Event.newBuilder().setType(Event.Type.SUBSCRIBED)
                .setSubscribed(Event.Subscribed.newBuilder()
                        .setFrameworkId(Protos.FrameworkID.newBuilder().setValue(frameworkId))
                        .setHeartbeatIntervalSeconds(heartbeatSeconds)
                        .setMasterInfo(masterInfo))
                .build();
    }

    public static Event heartbeat() {
        return Event.newBuilder().setType(Event.Type.HEARTBEAT).build();
    }

    public static Event offers(List<Protos.Offer> offers) {
        return Event.newBuilder().setType(Event.Type.OFFERS)
                .setOffers(Event.Offers.newBuilder().addAllOffers(offers)).build();
    }

    public static Event rescind(String offerId) {
        return Event.newBuilder().setType(Event.Type.RESCIND)
                .setRescind(Event.Rescind.newBuilder().setOfferId(Protos.OfferID.newBuilder().setValue(offerId)))
                .build();
    }

    public static Event inverseOffers(List<Protos.InverseOffer> inverseOffers) {
        return Event.newBuilder().setType(Event.Type.INVERSE_OFFERS)
                .setInverseOffers(Event.InverseOffers.newBuilder().addAllInverseOffers(inverseOffers)).build();
    }

    public static Event rescindInverseOffer(String inverseOfferId) {
        return Event.newBuilder().setType(Event.Type.RESCIND_INVERSE_OFFER)
                .setRescindInverseOffer(Event.RescindInverseOffer.newBuilder()
                        .setInverseOfferId(Protos.OfferID.newBuilder().setValue(inverseOfferId)))
                .build();
    }

    public static Event update(Protos.TaskStatus status) {
        return Event.newBuilder().setType(Event.Type.UPDATE)
                .setUpdate(Event.Update.newBuilder().setStatus(status)).build();
    }

    /** An executor's message for its scheduler. */
    public static Event message(Protos.AgentID agentId, Protos.ExecutorID executorId, com.google.protobuf.ByteString data) {
        return Event.newBuilder().setType(Event.Type.MESSAGE)
                .setMessage(Event.Message.newBuilder().setAgentId(agentId).setExecutorId(executorId).setData(data))
                .build();
    }

    /** An executor that terminated, with its wait status. */
    public static Event executorFailure(Protos.AgentID agentId, Protos.ExecutorID executorId, int status) {
        return Event.newBuilder().setType(Event.Type.FAILURE)
                .setFailure(Event.Failure.newBuilder().setAgentId(agentId).setExecutorId(executorId).setStatus(status))
                .build();
    }

    public static Event error(String message) {
        return Event.newBuilder().setType(Event.Type.ERROR)
                .setError(Event.Error.newBuilder().setMessage(message)).build();
    }
}
