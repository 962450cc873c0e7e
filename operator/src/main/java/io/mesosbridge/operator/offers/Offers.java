package io.mesosbridge.operator.offers;

import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.operator.frameworks.Framework;
import io.mesosbridge.operator.frameworks.FrameworkEvents;
import io.mesosbridge.operator.frameworks.FrameworkRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.function.Predicate;

/**
 * The master's side of offers: the allocator decides what to offer, this makes it so. New offers enter the book and go
 * to their framework in one OFFERS event (they leave the book again if the framework can no longer be reached);
 * rescinded offers leave the book and the framework gets RESCIND.
 */
@ApplicationScoped
public class Offers {

    private static final Logger LOG = Logger.getLogger(Offers.class);

    private final OfferBook book;
    private final FrameworkRegistry frameworks;
    private final Unavailabilities unavailabilities;

    public Offers(OfferBook book, FrameworkRegistry frameworks, Unavailabilities unavailabilities) {
        this.book = book;
        this.frameworks = frameworks;
        this.unavailabilities = unavailabilities;
    }

    /** Offers {@code batch} to the framework; returns whether it was sent (else nothing stays in the book). */
    public boolean make(Framework framework, List<Offer> batch) {
        if (batch.isEmpty()) {
            return false;
        }
        batch.forEach(book::add);
        boolean refinement = framework.hasCapability(Protos.FrameworkInfo.Capability.Type.RESERVATION_REFINEMENT);
        boolean sent = framework.send(FrameworkEvents.offers(batch.stream().map(offer -> offer.toProto(refinement,
                unavailabilities.of(offer.hostname(), offer.agentIp()))).toList()));
        if (!sent) {
            batch.forEach(offer -> book.removeIf(o -> o.id().equals(offer.id())));
            return false;
        }
        for (int i = 0; i < batch.size(); i++) {
            framework.count("offers/sent");
        }
        return true;
    }

    /** Withdraws an outstanding offer and tells its framework (RESCIND); false if it was no longer outstanding. */
    public boolean rescind(Offer offer, String reason) {
        if (book.removeIf(o -> o.id().equals(offer.id())).isEmpty()) {
            return false;
        }
        LOG.infof("rescinding offer %s of %s on %s from framework %s: %s", offer.id(), offer.resources(),
                offer.nodeName(), offer.frameworkId(), reason);
        frameworks.get(offer.frameworkId()).ifPresent(framework -> {
            framework.count("offers/rescinded");
            framework.send(FrameworkEvents.rescind(offer.id()));
        });
        return true;
    }

    /** Removes matching offers without a RESCIND (their framework is gone, or is being given new ones). */
    public List<Offer> withdraw(Predicate<Offer> matching) {
        return book.removeIf(matching);
    }

    /** Withdraws every offer of the framework and tells it (RESCIND for each). */
    public void rescindAll(String frameworkId, String reason) {
        for (Offer offer : book.all()) {
            if (offer.frameworkId().equals(frameworkId)) {
                rescind(offer, reason);
            }
        }
    }

    /** Removes every offer of the framework without a RESCIND. */
    public List<Offer> withdrawAll(String frameworkId) {
        return book.removeIf(offer -> offer.frameworkId().equals(frameworkId));
    }
}
