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

    private static Offer offer(String id, String framework, String agent) {
        return new Offer(id, framework, agent, "node-" + agent, "node-" + agent,
                Resources.of(Resources.scalar("cpus", 1)), List.of(), "*", false);
    }
}
