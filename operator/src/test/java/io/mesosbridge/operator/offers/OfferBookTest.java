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
    void everyOfferLeavingTheBookIsCountedOnceSoThatAnAllocationPassOffersItsResourcesAgain() throws Exception {
        book.add(offer("o1", "fw", "a1"));
        book.add(offer("o2", "fw", "a2"));
        book.add(offer("o3", "fw", "a3"));
        assertThat(book.removals()).isZero();

        book.take("fw", List.of("o1"));
        book.removeIf(offer -> offer.id().equals("o2"));
        book.removeIf(offer -> offer.id().equals("o2"));

        assertThat(book.removals()).isEqualTo(2);
    }

    @Test
    void offersOlderThanACutoffAreFoundForTheOfferTimeout() throws Exception {
        book.add(offer("old", "fw", "a1"));
        Thread.sleep(20);
        long cutoff = System.currentTimeMillis();
        Thread.sleep(20);
        book.add(offer("new", "fw", "a2"));

        assertThat(book.madeBefore(cutoff)).extracting(Offer::id).containsExactly("old");
        book.take("fw", List.of("old"));
        assertThat(book.madeBefore(System.currentTimeMillis() + 1)).extracting(Offer::id).containsExactly("new");
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
    void anAcceptedOfferStaysHeldUntilItsAcceptIsDone() throws Exception {
        book.add(offer("o1", "fw", "a1", 4));
        List<Offer> taken = book.take("fw", List.of("o1"));
        assertThat(book.heldOn("a1").scalar("cpus")).as("while the ACCEPT runs").isEqualTo(4.0);
        assertThat(book.offeredOn("a1").scalar("cpus")).as("no longer outstanding").isZero();

        book.release(taken);
        assertThat(book.heldOn("a1").scalar("cpus")).as("its tasks count from the task store").isZero();
        assertThat(book.heldOn("a2").scalar("cpus")).isZero();
    }

    @Test
    void anOfferCarriesTheUrlOfItsAgentAsMasterOfferBuildsIt() {
        var url = offer("o1", "fw", "a1").toProto().getUrl();

        assertThat(url.getScheme()).isEqualTo("http");
        assertThat(url.getAddress().getHostname()).isEqualTo("node-a1");
        assertThat(url.getAddress().getIp()).isEqualTo("10.0.0.1");
        assertThat(url.getAddress().getPort()).isEqualTo(5051);
        assertThat(url.getPath()).isEqualTo("/slave(1)");
    }

    @Test
    void aReservationMadeDuringAnAcceptIsHeldInItsNewForm() throws Exception {
        book.add(offer("o1", "fw", "a1", 4));
        List<Offer> taken = book.take("fw", List.of("o1"));
        Resources cpu = Resources.of(Resources.scalar("cpus", 1));
        Resources reserved = Resources.of(Resources.scalar("cpus", 1).toBuilder().addReservations(
                io.mesosbridge.mesos.v1.Protos.Resource.ReservationInfo.newBuilder().setRole("ads")
                        .setType(io.mesosbridge.mesos.v1.Protos.Resource.ReservationInfo.Type.DYNAMIC)).build());

        book.convertHeld(taken.get(0), cpu, reserved);

        assertThat(book.heldOn("a1").unreserved().scalar("cpus")).isEqualTo(3.0);
        assertThat(book.heldOn("a1").reservedTo("ads").scalar("cpus")).isEqualTo(1.0);
        book.release(taken);
        assertThat(book.heldOn("a1").isEmpty()).isTrue();
    }

    private static Offer offer(String id, String framework, String agent) {
        return offer(id, framework, agent, 1);
    }

    private static Offer offer(String id, String framework, String agent, double cpus) {
        return new Offer(id, framework, agent, "node-" + agent, "node-" + agent, "10.0.0.1",
                Resources.of(Resources.scalar("cpus", cpus)), List.of(), "*", false);
    }
}
