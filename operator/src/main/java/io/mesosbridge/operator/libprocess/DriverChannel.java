package io.mesosbridge.operator.libprocess;

import com.google.protobuf.Message;
import io.mesosbridge.mesos.libprocess.MessageEncoder;
import io.mesosbridge.mesos.libprocess.Upid;
import io.mesosbridge.mesos.v1.scheduler.Protos.Event;
import io.mesosbridge.operator.frameworks.FrameworkChannel;
import io.mesosbridge.operator.frameworks.FrameworkEvents;

import java.util.Optional;
import java.util.function.Function;

/**
 * A v0 framework's channel: each event becomes the message a Mesos master sends a scheduler driver, sent from the
 * master's pid to the driver's over the link to its address. Closing the channel gives the link back; losing the link
 * (the driver's process went away) closes the channel, and the master hears of it through {@link #onLost}.
 */
final class DriverChannel implements FrameworkChannel {

    private final Upid scheduler;
    private final Upid master;
    private final Link link;
    private final Function<String, String> acknowledgee;
    private String frameworkId = "";
    private boolean reregistration;
    private boolean closed;

    DriverChannel(Upid scheduler, Upid master, Link link, Function<String, String> acknowledgee) {
        this.scheduler = scheduler;
        this.master = master;
        this.link = link;
        this.acknowledgee = acknowledgee;
    }

    Upid scheduler() {
        return scheduler;
    }

    /** Whether the next SUBSCRIBED is told as a re-registration (FrameworkReregisteredMessage). */
    synchronized void answerAsReregistration(boolean reregistered) {
        this.reregistration = reregistered;
    }

    /** Runs {@code callback} once if the link is lost while this channel is open (at once if it already was). */
    void onLost(Runnable callback) {
        link.onLost(() -> {
            if (isOpenWhenLost()) {
                callback.run();
            }
        });
    }

    private synchronized boolean isOpenWhenLost() {
        if (closed) {
            return false;
        }
        closed = true;
        return true;
    }

    @Override
    public boolean send(Event event) {
        Optional<Message> message;
        synchronized (this) {
            if (closed) {
                return false;
            }
            if (event.getType() == Event.Type.SUBSCRIBED) {
                frameworkId = event.getSubscribed().getFrameworkId().getValue();
            }
            message = DriverMessages.of(event, frameworkId, reregistration, acknowledgee);
        }
        return message.isEmpty() || sendMessage(message.get());
    }

    /** Sends one message to the driver, outside any event (a repeated registration answer, for instance). */
    boolean sendMessage(Message message) {
        return link.send(MessageEncoder.encode(master, scheduler, message.getDescriptorForType().getFullName(),
                message.toByteArray()));
    }

    @Override
    public void fail(String message) {
        send(FrameworkEvents.error(message));
        close();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        link.release();
    }

    @Override
    public synchronized boolean isOpen() {
        return !closed && link.isUsable();
    }

    @Override
    public int queuedEvents() {
        return link.queued();
    }

    @Override
    public boolean wantsHeartbeats() {
        return false;
    }

    @Override
    public Optional<String> pid() {
        return Optional.of(scheduler.toString());
    }
}
