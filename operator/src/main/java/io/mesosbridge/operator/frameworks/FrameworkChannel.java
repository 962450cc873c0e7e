package io.mesosbridge.operator.frameworks;

import io.mesosbridge.mesos.v1.scheduler.Protos.Event;

import java.util.Optional;

/**
 * How the master reaches one subscribed framework, whatever API it speaks: the v1 RecordIO stream is one
 * implementation, a libprocess connection another. Events are delivered in the order sent, without blocking the
 * sender; a channel whose peer went away reports itself closed (and tells the master, which disconnects the
 * framework).
 */
public interface FrameworkChannel {

    /** Queues an event for the framework; false when the channel is closed and the event is dropped. */
    boolean send(Event event);

    /** Sends {@code ERROR} with the message as the last event, then closes. */
    void fail(String message);

    /** Closes after the events already queued, with no further event. */
    void close();

    boolean isOpen();

    /** Events sent and not yet written to the framework's connection. */
    int queuedEvents();

    /** Whether the master sends this channel HEARTBEAT events (the v1 HTTP API has them; libprocess has none). */
    boolean wantsHeartbeats();

    /** The framework's libprocess pid ({@code scheduler-<uuid>@ip:port}) when it speaks v0; empty for HTTP. */
    Optional<String> pid();
}
