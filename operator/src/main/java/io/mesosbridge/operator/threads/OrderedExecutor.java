package io.mesosbridge.operator.threads;

import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Work run in the order it was posted for each key, keys in parallel, as a libprocess process takes its mailbox in
 * order: one queue per key (a peer, a framework), at most {@code limit} waiting in each, worked off on a shared pool.
 */
public final class OrderedExecutor {

    private static final Logger LOG = Logger.getLogger(OrderedExecutor.class);

    private final ExecutorService pool;
    private final int limit;
    private final Map<String, Queue<Runnable>> waiting = new HashMap<>();

    public OrderedExecutor(ExecutorService pool, int limit) {
        this.pool = pool;
        this.limit = limit;
    }

    /** Queues {@code work} behind what was posted for {@code key} before; false when its queue is full (nothing queued). */
    public synchronized boolean post(String key, Runnable work) {
        Queue<Runnable> queue = waiting.get(key);
        if (queue == null) {
            queue = new ArrayDeque<>();
            queue.add(work);
            waiting.put(key, queue);
            pool.execute(() -> workOff(key));
            return true;
        }
        if (queue.size() >= limit) {
            return false;
        }
        queue.add(work);
        return true;
    }

    /**
     * Waits until what was posted for {@code key} so far has run, at most {@code timeout}; false when it had not by
     * then. Not to be called from work of the same key.
     */
    public boolean awaitPosted(String key, Duration timeout) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        synchronized (this) {
            Queue<Runnable> queue = waiting.get(key);
            if (queue == null) {
                return true;
            }
            queue.add(done::countDown);
        }
        return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public synchronized int queued() {
        return waiting.values().stream().mapToInt(Queue::size).sum();
    }

    /** Runs the key's work one after the other until its queue is empty, which then goes. */
    private void workOff(String key) {
        while (true) {
            Runnable next;
            synchronized (this) {
                Queue<Runnable> queue = waiting.get(key);
                next = queue.peek();
                if (next == null) {
                    waiting.remove(key);
                    return;
                }
            }
            try {
                next.run();
            } catch (Throwable e) {
                // whatever one piece of work does, the key's later ones still run
                LOG.errorf(e, "work for %s failed", key);
            }
            synchronized (this) {
                waiting.get(key).poll();
            }
        }
    }
}
