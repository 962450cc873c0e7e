package io.mesosbridge.operator.threads;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A queue per key, as a libprocess process takes its mailbox: a peer's messages (or a framework's acknowledgements)
 * in the order posted, one at a time, while other keys' work runs alongside on the shared pool.
 */
class OrderedExecutorTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ExecutorService pool = Executors.newFixedThreadPool(8);
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stopPool() throws InterruptedException {
        release.countDown();
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aPeersMessagesRunOneAtATimeInTheOrderPostedOnAMultiThreadPool() {
        OrderedExecutor executor = new OrderedExecutor(pool, 100_000);
        int peers = 4;
        int perPeer = 2_000;
        Map<String, List<Integer>> ran = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
        AtomicInteger overlaps = new AtomicInteger();

        for (int i = 0; i < perPeer; i++) {
            for (int p = 0; p < peers; p++) {
                String peer = "10.0.0." + p + ":5050";
                int sequence = i;
                ran.computeIfAbsent(peer, ignored -> Collections.synchronizedList(new ArrayList<>()));
                running.computeIfAbsent(peer, ignored -> new AtomicInteger());
                assertThat(executor.post(peer, () -> {
                    if (running.get(peer).incrementAndGet() > 1) {
                        overlaps.incrementAndGet();
                    }
                    ran.get(peer).add(sequence);
                    Thread.yield();
                    running.get(peer).decrementAndGet();
                })).isTrue();
            }
        }

        await().atMost(WAIT).until(() -> ran.values().stream().mapToInt(List::size).sum() == peers * perPeer);
        List<Integer> inOrder = new ArrayList<>();
        for (int i = 0; i < perPeer; i++) {
            inOrder.add(i);
        }
        ran.forEach((peer, sequence) -> assertThat(sequence).as(peer).containsExactlyElementsOf(inOrder));
        assertThat(overlaps).as("messages of one peer running at the same time").hasValue(0);
    }

    @Test
    void aPeerWhoseMessageBlocksDoesNotHoldUpAnotherPeer() {
        OrderedExecutor executor = new OrderedExecutor(pool, 10);
        CountDownLatch slowStarted = new CountDownLatch(1);
        List<String> ran = new CopyOnWriteArrayList<>();

        executor.post("slow:1", () -> {
            slowStarted.countDown();
            awaitRelease();
            ran.add("slow-1");
        });
        executor.post("slow:1", () -> ran.add("slow-2"));
        await().atMost(WAIT).until(() -> slowStarted.getCount() == 0);
        executor.post("fast:1", () -> ran.add("fast-1"));
        executor.post("fast:1", () -> ran.add("fast-2"));

        await().atMost(WAIT).until(() -> ran.containsAll(List.of("fast-1", "fast-2")));
        assertThat(ran).containsExactly("fast-1", "fast-2");
        assertThat(executor.queued()).as("the slow peer's running and waiting message").isEqualTo(2);

        release.countDown();
        await().atMost(WAIT).until(() -> ran.size() == 4);
        assertThat(ran).containsExactly("fast-1", "fast-2", "slow-1", "slow-2");
    }

    @Test
    void aFullMailboxRefusesAMessageAndQueuesNothingOfIt() {
        OrderedExecutor executor = new OrderedExecutor(pool, 3);
        CountDownLatch started = new CountDownLatch(1);
        List<String> ran = new CopyOnWriteArrayList<>();

        assertThat(executor.post("peer:1", () -> {
            started.countDown();
            awaitRelease();
            ran.add("1");
        })).isTrue();
        await().atMost(WAIT).until(() -> started.getCount() == 0);
        assertThat(executor.post("peer:1", () -> ran.add("2"))).isTrue();
        assertThat(executor.post("peer:1", () -> ran.add("3"))).isTrue();

        assertThat(executor.post("peer:1", () -> ran.add("refused"))).isFalse();
        assertThat(executor.queued()).isEqualTo(3);
        // the limit is per peer: another peer still gets in
        assertThat(executor.post("other:1", () -> ran.add("other"))).isTrue();

        release.countDown();
        await().atMost(WAIT).until(() -> ran.size() == 4 && executor.queued() == 0);
        assertThat(ran).containsSubsequence("1", "2", "3").contains("other").doesNotContain("refused");
    }

    @Test
    void aMessageThatFailsDoesNotStopTheOnesAfterIt() {
        OrderedExecutor executor = new OrderedExecutor(pool, 10);
        List<String> ran = new CopyOnWriteArrayList<>();

        executor.post("peer:1", () -> ran.add("before"));
        executor.post("peer:1", () -> {
            throw new IllegalStateException("handler bug");
        });
        executor.post("peer:1", () -> ran.add("after"));

        await().atMost(WAIT).until(() -> ran.size() == 2 && executor.queued() == 0);
        assertThat(ran).containsExactly("before", "after");
    }

    /**
     * A handler that throws an Error (an AssertionError, a StackOverflowError, a NoClassDefFoundError, ...) must not
     * wedge the peer's mailbox: libprocess would go on with the next message, and the master must not stop hearing
     * from that driver for good.
     */
    @Test
    void aMessageThatThrowsAnErrorDoesNotStopTheOnesAfterIt() {
        OrderedExecutor executor = new OrderedExecutor(pool, 10);
        List<String> ran = new CopyOnWriteArrayList<>();

        executor.post("peer:1", () -> {
            throw new AssertionError("handler bug");
        });
        executor.post("peer:1", () -> ran.add("after"));

        // the Error escapes to the pool thread's uncaught-exception handler, which is not what is tested here
        await("the message after the one that threw an Error runs").atMost(WAIT).dontCatchUncaughtExceptions()
                .until(() -> ran.size() == 1 && executor.queued() == 0);
        assertThat(executor.post("peer:1", () -> ran.add("later"))).isTrue();
        await("a later message from the same peer runs").atMost(WAIT).dontCatchUncaughtExceptions()
                .until(() -> ran.size() == 2);
    }

    @Test
    void anEmptiedMailboxIsForgottenAndThePeersNextMessageRunsOnAFreshOne() {
        OrderedExecutor executor = new OrderedExecutor(pool, 1);
        List<String> ran = new CopyOnWriteArrayList<>();

        assertThat(executor.post("peer:1", () -> ran.add("first"))).isTrue();
        await().atMost(WAIT).until(() -> ran.size() == 1 && executor.queued() == 0);

        // with a limit of one, a mailbox kept (even empty) would refuse nothing but never run this
        assertThat(executor.post("peer:1", () -> ran.add("second"))).isTrue();
        await().atMost(WAIT).until(() -> ran.size() == 2);
        await().atMost(WAIT).until(() -> executor.queued() == 0);
        assertThat(ran).containsExactly("first", "second");
    }

    @Test
    void nothingIsQueuedOnceEveryPeersMessagesHaveRun() {
        OrderedExecutor executor = new OrderedExecutor(pool, 1_000);
        AtomicInteger ran = new AtomicInteger();

        for (int i = 0; i < 500; i++) {
            executor.post("peer:" + (i % 50), ran::incrementAndGet);
        }

        await().atMost(WAIT).until(() -> ran.get() == 500);
        await().atMost(WAIT).until(() -> executor.queued() == 0);
    }

    @Test
    void awaitingAKeyWaitsForWhatWasPostedBeforeAndNotForOtherKeys() throws Exception {
        OrderedExecutor executor = new OrderedExecutor(pool, 10);
        List<String> ran = new CopyOnWriteArrayList<>();
        executor.post("framework-1", () -> {
            awaitRelease();
            ran.add("acknowledgement");
        });
        executor.post("framework-2", this::awaitRelease);

        assertThat(executor.awaitPosted("framework-1", Duration.ofMillis(200)))
                .as("the acknowledgement is still running").isFalse();
        release.countDown();
        assertThat(executor.awaitPosted("framework-1", WAIT)).isTrue();
        assertThat(ran).containsExactly("acknowledgement");
        assertThat(executor.awaitPosted("framework-3", Duration.ZERO)).as("nothing posted").isTrue();
    }

    private void awaitRelease() {
        try {
            assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
