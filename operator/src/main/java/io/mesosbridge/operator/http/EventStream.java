package io.mesosbridge.operator.http;

import com.google.protobuf.Message;
import io.mesosbridge.mesos.recordio.RecordIoEncoder;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import org.jboss.logging.Logger;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.function.Supplier;

/**
 * One subscriber's RecordIO event stream over a chunked HTTP response, in the media type it negotiated.
 *
 * <p>Writes never block the sender. Records wait in a queue bounded in events and in bytes while the connection's
 * write buffer is full (one record, however big, may always wait); a subscriber that lets the queue overflow is
 * disconnected (Mesos would drop a framework that stops reading too),
 * so one slow reader cannot hold up the master or anyone else. When the peer goes away (the connection closes or
 * fails) or overflows, the stream closes and {@code onLost} runs, once.
 */
public final class EventStream {

    private static final Logger LOG = Logger.getLogger(EventStream.class);

    private final String streamId;
    private final String mediaType;
    private final HttpServerResponse response;
    private final Vertx vertx;
    private final int queueLimit;
    private final long queueBytesLimit;
    private final Runnable onOverflow;
    private final Queue<Buffer> waiting = new ArrayDeque<>();
    private long waitingBytes;
    private Runnable onLost = () -> { };
    private boolean closed;
    private boolean lost;
    private long heartbeatTimer = -1;

    public EventStream(String streamId, String mediaType, HttpServerResponse response, Vertx vertx, int queueLimit,
                       long queueBytesLimit, Runnable onOverflow) {
        this.streamId = streamId;
        this.mediaType = mediaType;
        this.response = response;
        this.vertx = vertx;
        this.queueLimit = queueLimit;
        this.queueBytesLimit = queueBytesLimit;
        this.onOverflow = onOverflow;
        response.drainHandler(ignored -> drain());
        response.closeHandler(ignored -> peerLost());
        response.exceptionHandler(failure -> peerLost());
    }

    public String streamId() {
        return streamId;
    }

    /**
     * Runs {@code callback} once when the subscriber goes away or overflows; at once if it already has (a client that
     * died before the callback was set is not missed).
     */
    public void onLost(Runnable callback) {
        boolean alreadyLost;
        synchronized (this) {
            onLost = callback;
            alreadyLost = lost;
        }
        if (alreadyLost) {
            callback.run();
        } else if (response.closed()) {
            peerLost();
        }
    }

    /** Sends {@code heartbeat} now, as the Mesos master's heartbeater does, then every {@code seconds}. */
    public void startHeartbeats(double seconds, Supplier<Message> heartbeat) {
        send(heartbeat.get());
        long periodMillis = Math.max(1, (long) (seconds * 1000));
        synchronized (this) {
            if (closed) {
                return;
            }
            heartbeatTimer = vertx.setPeriodic(periodMillis, id -> send(heartbeat.get()));
        }
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    /** Queues one event; returns false when the stream is closed or was just closed for overflowing. */
    public boolean send(Message event) {
        Buffer record = Buffer.buffer(RecordIoEncoder.encode(ApiHttp.encode(event, mediaType)));
        boolean overflow;
        synchronized (this) {
            if (closed) {
                return false;
            }
            waiting.add(record);
            waitingBytes += record.length();
            overflow = waiting.size() > queueLimit || waiting.size() > 1 && waitingBytes > queueBytesLimit;
        }
        if (overflow) {
            LOG.warnf("stream %s has more than %d events or %d bytes waiting: the subscriber is not reading;"
                    + " disconnecting it", streamId, queueLimit, queueBytesLimit);
            onOverflow.run();
            synchronized (this) {
                clearWaiting();
            }
            close();
            lostOnce();
            return false;
        }
        vertx.runOnContext(ignored -> drain());
        return true;
    }

    /**
     * Closes the stream: events already queued (such as a final ERROR) are written, then the HTTP response ends
     * (the chunked body's last chunk) if the connection is still open. Later events are refused.
     */
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        stopHeartbeats();
        vertx.runOnContext(ignored -> {
            List<Buffer> remaining;
            synchronized (this) {
                remaining = List.copyOf(waiting);
                clearWaiting();
            }
            if (!response.ended() && !response.closed()) {
                remaining.forEach(response::write);
                response.end();
            }
        });
    }

    /** The peer went away: nothing more can be written. */
    private void peerLost() {
        synchronized (this) {
            closed = true;
            clearWaiting();
        }
        stopHeartbeats();
        lostOnce();
    }

    private void stopHeartbeats() {
        long timer;
        synchronized (this) {
            timer = heartbeatTimer;
            heartbeatTimer = -1;
        }
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private void lostOnce() {
        Runnable callback;
        synchronized (this) {
            if (lost) {
                return;
            }
            lost = true;
            callback = onLost;
        }
        callback.run();
    }

    private void drain() {
        while (true) {
            Buffer next;
            synchronized (this) {
                if (closed || response.closed() || response.writeQueueFull()) {
                    return;
                }
                next = waiting.poll();
                if (next != null) {
                    waitingBytes -= next.length();
                }
            }
            if (next == null) {
                return;
            }
            response.write(next);
        }
    }

    private void clearWaiting() {
        waiting.clear();
        waitingBytes = 0;
    }

    /** Events queued for the subscriber and not yet written to its connection (read-only, for metrics). */
    public synchronized int queueDepth() {
        return waiting.size();
    }
}
