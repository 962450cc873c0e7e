package io.mesosbridge.operator.threads;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every background thread of the master: created here, named after its job, daemon, and shut down together when the
 * application stops, so no component owns an executor that outlives it.
 */
@ApplicationScoped
public class BridgeThreads {

    private final List<ExecutorService> executors = new CopyOnWriteArrayList<>();

    /** A single thread that runs scheduled and periodic work in order. */
    public ScheduledExecutorService scheduled(String name) {
        return register(Executors.newSingleThreadScheduledExecutor(factory(name)));
    }

    /** A fixed pool for work that may block on the API server. */
    public ExecutorService pool(String name, int threads) {
        return register(Executors.newFixedThreadPool(threads, factory(name)));
    }

    /** Work waiting for a thread of its executor, over all of them (the master's dispatch queue). */
    public int queuedTasks() {
        int queued = 0;
        for (ExecutorService executor : executors) {
            if (executor instanceof ThreadPoolExecutor pool) {
                queued += pool.getQueue().size();
            }
        }
        return queued;
    }

    void stop(@Observes ShutdownEvent event) {
        executors.forEach(ExecutorService::shutdownNow);
        executors.clear();
    }

    private <T extends ExecutorService> T register(T executor) {
        executors.add(executor);
        return executor;
    }

    private static ThreadFactory factory(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
