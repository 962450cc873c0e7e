package io.mesosbridge.operator.libprocess;

import com.google.protobuf.Message;
import io.mesosbridge.mesos.internal.Messages;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.scheduler.Protos.Event;

import java.util.Optional;
import java.util.function.Function;

/**
 * What a v0 scheduler driver receives for each event the master sends a framework: the libprocess message Mesos's
 * master sends in its place ({@code FrameworkRegisteredMessage} for SUBSCRIBED, {@code ResourceOffersMessage} for
 * OFFERS, ...), or nothing for the events v0 has no message for (HEARTBEAT, inverse offers, operation updates).
 */
final class DriverMessages {

    private DriverMessages() {
    }

    /**
     * @param frameworkId    the framework the event is for
     * @param reregistration whether SUBSCRIBED answers a re-registration (a FrameworkInfo with an id)
     * @param acknowledgee   by agent id, the pid named in updates to acknowledge: the agent's, or the master's when the
     *                       agent is unknown (the driver acknowledges to the master either way)
     */
    static Optional<Message> of(Event event, String frameworkId, boolean reregistration,
                                Function<String, String> acknowledgee) {
        Protos.FrameworkID framework = Protos.FrameworkID.newBuilder().setValue(frameworkId).build();
        return switch (event.getType()) {
            case SUBSCRIBED -> Optional.of(registered(event.getSubscribed(), reregistration));
            case OFFERS -> Optional.of(offers(event.getOffers()));
            case RESCIND -> Optional.of(Messages.RescindResourceOfferMessage.newBuilder()
                    .setOfferId(event.getRescind().getOfferId()).build());
            case UPDATE -> Optional.of(update(event.getUpdate().getStatus(), framework, acknowledgee));
            case MESSAGE -> Optional.of(Messages.ExecutorToFrameworkMessage.newBuilder()
                    .setSlaveId(event.getMessage().getAgentId())
                    .setFrameworkId(framework)
                    .setExecutorId(event.getMessage().getExecutorId())
                    .setData(event.getMessage().getData()).build());
            case FAILURE -> Optional.of(failure(event.getFailure(), framework));
            case ERROR -> Optional.of(Messages.FrameworkErrorMessage.newBuilder()
                    .setMessage(event.getError().getMessage()).build());
            default -> Optional.empty();
        };
    }

    private static Message registered(Event.Subscribed subscribed, boolean reregistration) {
        if (reregistration) {
            return Messages.FrameworkReregisteredMessage.newBuilder()
                    .setFrameworkId(subscribed.getFrameworkId())
                    .setMasterInfo(subscribed.getMasterInfo()).build();
        }
        return Messages.FrameworkRegisteredMessage.newBuilder()
                .setFrameworkId(subscribed.getFrameworkId())
                .setMasterInfo(subscribed.getMasterInfo()).build();
    }

    /** Each offer with its agent's pid, {@code slave(1)@ip:port}, from the address in the offer's url. */
    private static Message offers(Event.Offers offers) {
        Messages.ResourceOffersMessage.Builder message = Messages.ResourceOffersMessage.newBuilder();
        for (Protos.Offer offer : offers.getOffersList()) {
            message.addOffers(offer);
            Protos.URL url = offer.getUrl();
            String process = url.getPath().startsWith("/") ? url.getPath().substring(1) : url.getPath();
            message.addPids(process + "@" + url.getAddress().getIp() + ":" + url.getAddress().getPort());
        }
        return message.build();
    }

    /**
     * A status update as an agent sends it; one that needs acknowledging (it has a uuid) names the agent as its
     * acknowledgee ({@code pid}), the others (the master's own, such as reconciliation answers) name none.
     */
    private static Message update(Protos.TaskStatus status, Protos.FrameworkID framework,
                                  Function<String, String> acknowledgee) {
        Messages.StatusUpdate.Builder update = Messages.StatusUpdate.newBuilder()
                .setFrameworkId(framework)
                .setStatus(status)
                .setTimestamp(status.getTimestamp());
        if (status.hasAgentId()) {
            update.setSlaveId(status.getAgentId());
        }
        if (status.hasExecutorId()) {
            update.setExecutorId(status.getExecutorId());
        }
        Messages.StatusUpdateMessage.Builder message = Messages.StatusUpdateMessage.newBuilder();
        if (status.hasUuid()) {
            update.setUuid(status.getUuid()).setLatestState(status.getState());
            message.setPid(acknowledgee.apply(status.getAgentId().getValue()));
        }
        return message.setUpdate(update).build();
    }

    private static Message failure(Event.Failure failure, Protos.FrameworkID framework) {
        if (failure.hasExecutorId()) {
            return Messages.ExitedExecutorMessage.newBuilder()
                    .setSlaveId(failure.getAgentId())
                    .setFrameworkId(framework)
                    .setExecutorId(failure.getExecutorId())
                    .setStatus(failure.getStatus()).build();
        }
        return Messages.LostSlaveMessage.newBuilder().setSlaveId(failure.getAgentId()).build();
    }
}
