package io.mesosbridge.operator.authorization;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Remembers authorization decisions for a short time, at most a bounded number of them, so that a storm of calls from
 * one subject costs one review per distinct question and TTL, not one per call. Concurrent askers of the same
 * question wait for the one review in flight. A review that fails is not remembered.
 */
final class DecisionCache<K> {

    private record Entry(CompletableFuture<Boolean> decision, long expiresAtNanos) {
    }

    private final long ttlNanos;
    private final LongSupplier nanoClock;
    private final Map<K, Entry> entries;

    DecisionCache(int maxEntries, long ttlNanos, LongSupplier nanoClock) {
        this.ttlNanos = ttlNanos;
        this.nanoClock = nanoClock;
        this.entries = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Entry> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /** The remembered decision for the key, or else the review's, which is then remembered. */
    boolean decide(K key, Supplier<Boolean> review) {
        Entry mine = null;
        Entry entry;
        synchronized (this) {
            long now = nanoClock.getAsLong();
            entry = entries.get(key);
            if (entry == null || entry.expiresAtNanos() - now <= 0) {
                mine = new Entry(new CompletableFuture<>(), now + ttlNanos);
                entries.remove(key);
                entries.put(key, mine);
                entry = mine;
            }
        }
        if (mine == null) {
            try {
                return entry.decision().join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
        try {
            boolean decision = review.get();
            mine.decision().complete(decision);
            return decision;
        } catch (RuntimeException e) {
            synchronized (this) {
                entries.remove(key, mine);
            }
            mine.decision().completeExceptionally(e);
            throw e;
        }
    }

    synchronized int size() {
        return entries.size();
    }
}
