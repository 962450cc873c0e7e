package io.mesosbridge.operator.maintenance;

import io.mesosbridge.mesos.v1.Protos.OfferID;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The checks of an answer to inverse offers, before any is outstanding: Mesos's messages, in its order. */
class InverseOfferAnswersTest {

    private final InverseOffers inverseOffers = new InverseOffers(null, null, null, null, null, null, null);

    private static OfferID id(String value) {
        return OfferID.newBuilder().setValue(value).build();
    }

    @Test
    void anAnswerNamesUniqueOutstandingInverseOffers() {
        assertThat(inverseOffers.validate("f1", List.of())).contains("No inverse offers specified");
        assertThat(inverseOffers.validate("f1", List.of(id("o1"), id("o2"), id("o1"))))
                .contains("Duplicate offer o1 in offer list");
        assertThat(inverseOffers.validate("f1", List.of(id("o1"), id("o2"))))
                .contains("Inverse offer o1 is no longer valid");
    }
}
