package io.mesosbridge.agent.executors;

import io.mesosbridge.mesos.json.MesosJson;
import io.mesosbridge.mesos.media.MediaTypes;
import io.mesosbridge.mesos.recordio.RecordIoEncoder;
import io.mesosbridge.mesos.v1.executor.Protos.Event;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.logging.Logger;

/**
 * An executor's SUBSCRIBE answer: a 200 chunked response of RecordIO events in the media type it accepted.
 *
 * <p>Sending never blocks. Events wait in a queue bounded in count and bytes while the connection cannot take more;
 * an executor that lets it overflow is disconnected, not buffered without end. When the connection goes away, or the
 * agent closes the stream, {@code onLost} runs once. Every write happens on the request's Vert.x context.
 */
final class EventStream {

    private static final Logger LOG = Logger.getLogger(EventStream.class.getName());

    private final HttpServerResponse response;
    private final Context context;
    private final String mediaType;
    private final ExecutorSettings settings;
    private final String name;
    private final Queue<Buffer> waiting = new ArrayDeque<>();
    private long waitingBytes;
    private boolean started;
    private boolean closed;
    private boolean lostReported;
    private Runnable onLost = () -> { };
    private long heartbeatTimer = -1;

    EventStream(HttpServerResponse response, Context context, String mediaType, ExecutorSettings settings,
                String name) {
        this.response = response;
        this.context = context;
        this.mediaType = mediaType;
        this.settings = settings;
        this.name = name;
    }

    /** Writes the 200 head and starts the heartbeats; {@code onLost} runs when the stream ends for any reason. */
    void open(Runnable lost) {
        synchronized (this) {
            onLost = lost;
        }
        context.runOnContext(ignored -> {
            if (response.closed()) {
                ended();
                return;
            }
            response.closeHandler(closedByPeer -> ended());
            response.exceptionHandler(failure -> ended());
            response.drainHandler(more -> drain());
            response.setStatusCode(200).setChunked(true).putHeader("Content-Type", mediaType);
            long periodMillis = Math.max(1, settings.heartbeatInterval().toMillis());
            synchronized (this) {
                started = true;
                if (!closed) {
                    heartbeatTimer = context.owner().setPeriodic(periodMillis, periodMillis,
                            timer -> send(Event.newBuilder().setType(Event.Type.HEARTBEAT).build()));
                }
            }
            drain();
        });
    }

    /** Queues an event; false when the stream is closed (or just closed for overflowing). */
    boolean send(Event event) {
        byte[] record = MediaTypes.PROTOBUF.equals(mediaType) ? event.toByteArray() : MesosJson.printBytes(event);
        Buffer framed = Buffer.buffer(RecordIoEncoder.encode(record));
        boolean overflow;
        synchronized (this) {
            if (closed) {
                return false;
            }
            waiting.add(framed);
            waitingBytes += framed.length();
            overflow = waiting.size() > settings.eventQueueLimit()
                    || waiting.size() > 1 && waitingBytes > settings.eventQueueBytes();
        }
        if (overflow) {
            LOG.warning(() -> name + " has more than " + settings.eventQueueLimit() + " events or "
                    + settings.eventQueueBytes() + " bytes waiting: it does not read its events; disconnecting it");
            abort();
            return false;
        }
        context.runOnContext(ignored -> drain());
        return true;
    }

    /** Writes what is queued (a final ERROR, say), then ends the response. */
    void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        context.runOnContext(ignored -> {
            cancelHeartbeats();
            if (!response.closed() && !response.ended()) {
                Buffer rest = Buffer.buffer();
                synchronized (this) {
                    waiting.forEach(rest::appendBuffer);
                    waiting.clear();
                    waitingBytes = 0;
                }
                if (!response.headWritten()) {
                    response.setStatusCode(200).setChunked(true).putHeader("Content-Type", mediaType);
                }
                response.end(rest);
            }
            ended();
        });
    }

    /** Drops the connection without writing what waits. */
    void abort() {
        synchronized (this) {
            closed = true;
            waiting.clear();
            waitingBytes = 0;
        }
        context.runOnContext(ignored -> {
            cancelHeartbeats();
            if (!response.closed()) {
                response.close();
            }
            ended();
        });
    }

    private void drain() {
        while (true) {
            Buffer next;
            synchronized (this) {
                if (!started || closed || response.closed() || response.writeQueueFull()) {
                    return;
                }
                next = waiting.poll();
                if (next == null) {
                    return;
                }
                waitingBytes -= next.length();
            }
            response.write(next);
        }
    }

    private void ended() {
        Runnable callback;
        synchronized (this) {
            closed = true;
            waiting.clear();
            waitingBytes = 0;
            if (lostReported) {
                return;
            }
            lostReported = true;
            callback = onLost;
        }
        cancelHeartbeats();
        callback.run();
    }

    private void cancelHeartbeats() {
        long timer;
        synchronized (this) {
            timer = heartbeatTimer;
            heartbeatTimer = -1;
        }
        if (timer >= 0) {
            context.owner().cancelTimer(timer);
        }
    }
}
