package io.mesosbridge.operator.offers;

import io.mesosbridge.mesos.resources.Resources;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OfferBookTest {

    private final OfferBook book = new OfferBook();

    @Test
    void acceptedOffersAreTakenOnceAndAreThenNoLongerOutstanding() throws Exception {
        book.add(offer("o1", "fw", "a1"));

        assertThat(book.take("fw", List.of("o1"))).extracting(Offer::id).containsExactly("o1");
        assertThatThrownBy(() -> book.take("fw", List.of("o1")))
                .isInstanceOf(OfferBook.InvalidOffersException.class)
                .hasMessage("Offer o1 is no longer valid");
    }

    @Test
    void anAcceptIsAllOrNothing() {
        book.add(offer("o1", "fw", "a1"));
        book.add(offer("o2", "fw", "a2"));
        book.add(offer("o3", "other", "a1"));

        assertThatThrownBy(() -> book.take("fw", List.of("o1", "o2")))
                .hasMessage("Aggregated offers must belong to one single agent");
        assertThatThrownBy(() -> book.take("fw", List.of("o1", "o3")))
                .hasMessageContaining("has invalid framework other");
        assertThat(book.size()).isEqualTo(3);
    }

    @Test
    void offeredResourcesAreSummedPerAgentAndPerFramework() {
        book.add(offer("o1", "fw", "a1"));
        book.add(offer("o2", "other", "a1"));

        assertThat(book.offeredOn("a1").scalar("cpus")).isEqualTo(2.0);
        assertThat(book.offeredTo("fw").scalar("cpus")).isEqualTo(1.0);
        assertThat(book.hasOffer("fw", "a1")).isTrue();
        assertThat(book.hasOffer("fw", "a2")).isFalse();
    }

    @Test
    void anAcceptedOfferStaysHeldUntilItsTasksAreInTheCacheAndTheRestIsReleased() throws Exception {
        book.add(offer("o1", "fw", "a1", 4));
        List<Offer> taken = book.take("fw", List.of("o1"));
        assertThat(book.heldOn("a1", name -> false).scalar("cpus")).as("while the ACCEPT runs").isEqualTo(4.0);

        book.holdForTask(taken, "task-1", Resources.of(Resources.scalar("cpus", 1)));
        book.holdForTask(taken, "task-2", Resources.of(Resources.scalar("cpus", 1)));
        assertThat(book.heldOn("a1", name -> false).scalar("cpus")).as("moved, never doubled").isEqualTo(4.0);

        book.release(taken);
        assertThat(book.heldOn("a1", name -> false).scalar("cpus")).as("the two tasks").isEqualTo(2.0);
        assertThat(book.heldOn("a1", name -> name.equals("task-1")).scalar("cpus")).as("task-1 is in the cache")
                .isEqualTo(1.0);
        assertThat(book.heldOn("a2", name -> false).scalar("cpus")).isZero();
    }

    @Test
    void aTaskHoldWhoseTaskNeverReachesTheCacheLapses() throws Exception {
        book.add(offer("o1", "fw", "a1", 4));
        List<Offer> taken = book.take("fw", List.of("o1"));
        book.holdForTask(taken, "deleted-at-once", Resources.of(Resources.scalar("cpus", 1)));
        book.release(taken);

        long later = System.nanoTime() + OfferBook.HOLD_LIMIT_NANOS + 1;
        assertThat(book.heldOn("a1", name -> false, later).scalar("cpus")).isZero();
    }

    private static Offer offer(String id, String framework, String agent) {
        return offer(id, framework, agent, 1);
    }

    private static Offer offer(String id, String framework, String agent, double cpus) {
        return new Offer(id, framework, agent, "node-" + agent, "node-" + agent,
                Resources.of(Resources.scalar("cpus", cpus)), List.of(), "*", false);
    }
}
