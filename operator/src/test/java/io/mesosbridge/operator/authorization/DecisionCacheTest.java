package io.mesosbridge.operator.authorization;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DecisionCacheTest {

    private static final long TTL = Duration.ofSeconds(10).toNanos();

    private final AtomicLong now = new AtomicLong(1_000);
    private final AtomicInteger reviews = new AtomicInteger();

    private boolean reviewed(boolean decision) {
        reviews.incrementAndGet();
        return decision;
    }

    @Test
    void aRepeatedQuestionIsReviewedOnceWithinTheTtl() {
        DecisionCache<String> cache = new DecisionCache<>(10, TTL, now::get);
        for (int call = 0; call < 100; call++) {
            assertThat(cache.decide("q", () -> reviewed(false))).isFalse();
        }
        assertThat(reviews).hasValue(1);
    }

    @Test
    void aDecisionIsReviewedAgainOnceItsTtlHasPassed() {
        DecisionCache<String> cache = new DecisionCache<>(10, TTL, now::get);
        cache.decide("q", () -> reviewed(true));
        now.addAndGet(TTL - 1);
        cache.decide("q", () -> reviewed(true));
        assertThat(reviews).hasValue(1);
        now.addAndGet(1);
        assertThat(cache.decide("q", () -> reviewed(false))).isFalse();
        assertThat(reviews).hasValue(2);
    }

    @Test
    void theOldestDecisionIsForgottenBeyondTheBound() {
        DecisionCache<Integer> cache = new DecisionCache<>(3, TTL, now::get);
        for (int key = 0; key < 5; key++) {
            cache.decide(key, () -> reviewed(true));
        }
        assertThat(cache.size()).isEqualTo(3);
        cache.decide(4, () -> reviewed(true));
        assertThat(reviews).hasValue(5);
        cache.decide(0, () -> reviewed(true));
        assertThat(reviews).hasValue(6);
    }

    @Test
    void aFailedReviewIsNotRemembered() {
        DecisionCache<String> cache = new DecisionCache<>(10, TTL, now::get);
        assertThatThrownBy(() -> cache.decide("q", () -> {
            throw new AuthorizationUnavailableException("API server down", null);
        })).isInstanceOf(AuthorizationUnavailableException.class);
        assertThat(cache.size()).isZero();
        assertThat(cache.decide("q", () -> reviewed(true))).isTrue();
    }

    @Test
    void concurrentAskersOfOneQuestionShareOneReview() throws Exception {
        DecisionCache<String> cache = new DecisionCache<>(10, TTL, now::get);
        CountDownLatch reviewing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            Future<Boolean> first = pool.submit(() -> cache.decide("q", () -> {
                reviewing.countDown();
                await(release);
                return reviewed(true);
            }));
            assertThat(reviewing.await(5, TimeUnit.SECONDS)).isTrue();
            List<Future<Boolean>> others = new ArrayList<>();
            for (int asker = 0; asker < 7; asker++) {
                others.add(pool.submit(() -> cache.decide("q", () -> reviewed(false))));
            }
            release.countDown();
            assertThat(first.get(5, TimeUnit.SECONDS)).isTrue();
            for (Future<Boolean> other : others) {
                assertThat(other.get(5, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(reviews).hasValue(1);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
