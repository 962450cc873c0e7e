package io.mesosbridge.operator.libprocess;

import io.mesosbridge.mesos.libprocess.MalformedResponseException;
import io.mesosbridge.mesos.libprocess.ResponseReader;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelOption;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.impl.NetSocketInternal;
import org.jboss.logging.Logger;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;

/**
 * The master's connection to one libprocess peer address ({@code host:port}), shared by the processes there (a
 * scheduler and its authenticatee): opened on the first message and kept, messages written in the order sent, at most
 * {@code queueLimit} waiting. A peer that cannot be dialled, closes the connection, writes back something that is not
 * HTTP, or stops reading until the queue is full is lost, as a Mesos master sees its link to a framework exit: the
 * waiting messages are dropped and the lost-listeners run, once. A link nobody uses any more closes once flushed.
 */
final class Link {

    private static final Logger LOG = Logger.getLogger(Link.class);

    private final String host;
    private final int port;
    private final NetClient client;
    private final int queueLimit;
    private final Runnable onOverflow;
    private final Queue<Buffer> waiting = new ArrayDeque<>();
    private final List<Runnable> lostListeners = new ArrayList<>();
    private final ResponseReader responses = new ResponseReader();
    private NetSocket socket;
    private boolean connecting;
    private boolean closing;
    private boolean lost;
    private int users;

    Link(String host, int port, NetClient client, int queueLimit, Runnable onOverflow) {
        this.host = host;
        this.port = port;
        this.client = client;
        this.queueLimit = queueLimit;
        this.onOverflow = onOverflow;
    }

    String address() {
        return host + ":" + port;
    }

    /** Takes one more user; false when the link is closing or lost and a new one must be made. */
    synchronized boolean acquire() {
        if (closing || lost) {
            return false;
        }
        users++;
        return true;
    }

    /** Gives back one use; the last one closes the link after what is waiting has been written. */
    void release() {
        boolean closeNow;
        synchronized (this) {
            users = Math.max(0, users - 1);
            if (users > 0 || closing || lost) {
                return;
            }
            closing = true;
            closeNow = socket == null && !connecting;
        }
        if (closeNow) {
            lose(null);
        } else {
            flush();
        }
    }

    /** Runs {@code listener} once when the peer is lost; at once if it already is. */
    void onLost(Runnable listener) {
        synchronized (this) {
            if (!lost) {
                lostListeners.add(listener);
                return;
            }
        }
        listener.run();
    }

    synchronized boolean isUsable() {
        return !lost && !closing;
    }

    synchronized int queued() {
        return waiting.size();
    }

    /** Queues one encoded message; false when the link is lost (or was just lost for overflowing). */
    boolean send(byte[] message) {
        synchronized (this) {
            if (lost) {
                return false;
            }
            if (waiting.size() < queueLimit) {
                waiting.add(Buffer.buffer(message));
                if (socket == null && !connecting) {
                    connecting = true;
                    connect();
                } else {
                    writeWaiting();
                }
                return true;
            }
        }
        onOverflow.run();
        lose("more than " + queueLimit + " messages are waiting: the peer is not reading");
        return false;
    }

    private void connect() {
        client.connect(port, host).onComplete(result -> {
            if (result.failed()) {
                lose("cannot connect: " + result.cause().getMessage());
                return;
            }
            NetSocket connected = result.result();
            connected.handler(this::onResponses);
            connected.closeHandler(ignored -> lose("the peer closed the connection"));
            connected.exceptionHandler(failure -> lose("connection failed: " + failure.getMessage()));
            connected.drainHandler(ignored -> flush());
            boolean lostMeanwhile;
            synchronized (this) {
                connecting = false;
                lostMeanwhile = lost;
                if (!lost) {
                    socket = connected;
                }
            }
            if (lostMeanwhile) {
                // lost while connecting (the peer fell behind before the connection was up): reset, as a lost link is
                drop(connected);
                return;
            }
            flush();
        });
    }

    /** Writes what is waiting while the socket takes it and, once a closing link is flushed, closes it. */
    private void flush() {
        NetSocket finished;
        List<Runnable> listeners;
        synchronized (this) {
            writeWaiting();
            if (!closing || lost || socket == null || !waiting.isEmpty()) {
                return;
            }
            lost = true;
            finished = socket;
            socket = null;
            listeners = takeLostListeners();
        }
        finished.end().onComplete(ignored -> finished.close());
        listeners.forEach(Runnable::run);
    }

    /** Called holding the lock. */
    private void writeWaiting() {
        while (socket != null && !waiting.isEmpty() && !socket.writeQueueFull()) {
            socket.write(waiting.poll());
        }
    }

    private void onResponses(Buffer data) {
        List<Integer> statuses;
        try {
            synchronized (responses) {
                statuses = responses.feed(data.getBytes());
            }
        } catch (MalformedResponseException e) {
            lose("the peer wrote something that is not an HTTP response: " + e.getMessage());
            return;
        }
        for (int status : statuses) {
            if (status == 404) {
                LOG.warnf("libprocess peer %s has no such process: a message to it was not delivered", address());
            }
        }
    }

    /** Closes the link for good; {@code why} is null for an orderly close, logged otherwise. */
    private void lose(String why) {
        NetSocket open;
        List<Runnable> listeners;
        synchronized (this) {
            if (lost) {
                return;
            }
            lost = true;
            waiting.clear();
            open = socket;
            socket = null;
            listeners = takeLostListeners();
        }
        if (why != null) {
            LOG.infof("libprocess peer %s lost: %s", address(), why);
        }
        if (open != null && why != null) {
            drop(open);
        } else if (open != null) {
            open.close();
        }
        listeners.forEach(Runnable::run);
    }

    private static void drop(NetSocket socket) {
        if (socket instanceof NetSocketInternal internal) {
            abort(internal.channelHandlerContext().channel());
        } else {
            socket.close();
        }
    }

    /**
     * Resets the connection: a graceful close waits until what is queued has been written, which a peer that stopped
     * reading never lets happen.
     */
    private static void abort(Channel channel) {
        try {
            channel.config().setOption(ChannelOption.SO_LINGER, 0);
        } catch (ChannelException closedMeanwhile) {
            // the peer closed it first: there is nothing to reset
        }
        channel.close();
    }

    private List<Runnable> takeLostListeners() {
        List<Runnable> listeners = new ArrayList<>(lostListeners);
        lostListeners.clear();
        return listeners;
    }
}
