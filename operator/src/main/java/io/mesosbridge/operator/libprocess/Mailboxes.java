package io.mesosbridge.operator.libprocess;

import org.jboss.logging.Logger;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ExecutorService;

/**
 * Messages handled in the order each peer sent them, peers in parallel, as a libprocess process takes its mailbox in
 * order: one queue per peer address, at most {@code limit} messages waiting in each, worked off on a shared pool.
 */
final class Mailboxes {

    private static final Logger LOG = Logger.getLogger(Mailboxes.class);

    private final ExecutorService pool;
    private final int limit;
    private final Map<String, Queue<Runnable>> waiting = new HashMap<>();

    Mailboxes(ExecutorService pool, int limit) {
        this.pool = pool;
        this.limit = limit;
    }

    /** Queues {@code work} behind what {@code peer} sent before; false when its mailbox is full (nothing queued). */
    synchronized boolean post(String peer, Runnable work) {
        Queue<Runnable> mailbox = waiting.get(peer);
        if (mailbox == null) {
            mailbox = new ArrayDeque<>();
            mailbox.add(work);
            waiting.put(peer, mailbox);
            pool.execute(() -> workOff(peer));
            return true;
        }
        if (mailbox.size() >= limit) {
            return false;
        }
        mailbox.add(work);
        return true;
    }

    synchronized int queued() {
        return waiting.values().stream().mapToInt(Queue::size).sum();
    }

    /** Runs the peer's messages one after the other until its mailbox is empty, which then goes. */
    private void workOff(String peer) {
        while (true) {
            Runnable next;
            synchronized (this) {
                Queue<Runnable> mailbox = waiting.get(peer);
                next = mailbox.peek();
                if (next == null) {
                    waiting.remove(peer);
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException e) {
                LOG.errorf(e, "handling a message from %s failed", peer);
            }
            synchronized (this) {
                waiting.get(peer).poll();
            }
        }
    }
}
