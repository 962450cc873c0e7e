package io.mesosbridge.operator.scheduler;

import io.mesosbridge.mesos.v1.scheduler.Protos.Event;
import io.mesosbridge.operator.frameworks.FrameworkChannel;
import io.mesosbridge.operator.frameworks.FrameworkEvents;
import io.mesosbridge.operator.http.EventStream;

import java.util.Optional;

/** A framework's channel over the v1 scheduler API: its RecordIO event stream, known by its Mesos-Stream-Id. */
final class SchedulerChannel implements FrameworkChannel {

    private final EventStream stream;

    SchedulerChannel(EventStream stream) {
        this.stream = stream;
    }

    String streamId() {
        return stream.streamId();
    }

    @Override
    public boolean send(Event event) {
        return stream.send(event);
    }

    @Override
    public void fail(String message) {
        stream.send(FrameworkEvents.error(message));
        stream.close();
    }

    @Override
    public void close() {
        stream.close();
    }

    @Override
    public boolean isOpen() {
        return !stream.isClosed();
    }

    @Override
    public int queuedEvents() {
        return stream.queueDepth();
    }

    @Override
    public boolean wantsHeartbeats() {
        return true;
    }

    @Override
    public Optional<String> pid() {
        return Optional.empty();
    }
}
