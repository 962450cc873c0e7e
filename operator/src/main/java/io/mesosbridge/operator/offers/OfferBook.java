package io.mesosbridge.operator.offers;

import io.mesosbridge.mesos.resources.Resources;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The outstanding offers, and what accepted offers hold while their ACCEPT runs. Like a Mesos master's, they live in
 * memory only and do not survive a restart.
 *
 * <p>An ACCEPT takes its offers and, in the same step, holds their resources on the agent until it is done; each task
 * it creates counts from its creation on (the task store reads its own writes). So the resources of an accepted offer
 * are never free in between, and never offered a second time.
 */
@ApplicationScoped
public class OfferBook {

    private final Map<String, Offer> offers = new LinkedHashMap<>();
    private final Map<String, Long> madeAtMillis = new HashMap<>();
    private final Map<String, Hold> holds = new LinkedHashMap<>();
    private long removals;

    /** Resources an ACCEPT in progress holds on an agent. */
    private record Hold(String agentId, Resources resources) {
    }

    public synchronized void add(Offer offer) {
        offers.put(offer.id(), offer);
        madeAtMillis.put(offer.id(), System.currentTimeMillis());
    }

    /** The outstanding offers made before {@code cutoffMillis}, for {@code --offer_timeout}. */
    public synchronized List<Offer> madeBefore(long cutoffMillis) {
        return offers.values().stream().filter(offer -> madeAtMillis.get(offer.id()) < cutoffMillis).toList();
    }

    public synchronized Optional<Offer> get(String offerId) {
        return Optional.ofNullable(offers.get(offerId));
    }

    public synchronized List<Offer> all() {
        return List.copyOf(offers.values());
    }

    public synchronized int size() {
        return offers.size();
    }

    /**
     * Takes the offers an ACCEPT names, all or none: each must be outstanding, made to {@code frameworkId}, and all
     * on one agent. Taken offers are no longer outstanding, whatever the caller then does with them; their resources
     * are held until {@link #release}.
     */
    public synchronized List<Offer> take(String frameworkId, Collection<String> offerIds) throws InvalidOffersException {
        if (offerIds.isEmpty()) {
            throw new InvalidOffersException("No offers specified");
        }
        List<Offer> taken = new ArrayList<>();
        for (String id : offerIds) {
            Offer offer = offers.get(id);
            if (offer == null) {
                throw new InvalidOffersException("Offer " + id + " is no longer valid");
            }
            if (!offer.frameworkId().equals(frameworkId)) {
                throw new InvalidOffersException("Offer " + id + " has invalid framework " + offer.frameworkId()
                        + " while framework " + frameworkId + " is expected");
            }
            if (!taken.isEmpty() && !taken.get(0).agentId().equals(offer.agentId())) {
                throw new InvalidOffersException("Aggregated offers must belong to one single agent");
            }
            if (taken.stream().anyMatch(o -> o.id().equals(id))) {
                throw new InvalidOffersException("Offer " + id + " appears more than once");
            }
            taken.add(offer);
        }
        taken.forEach(offer -> forget(offer.id()));
        Resources accepted = Resources.empty();
        for (Offer offer : taken) {
            accepted = accepted.add(offer.resources());
        }
        holds.put(acceptKey(taken), new Hold(taken.get(0).agentId(), accepted));
        return taken;
    }

    /**
     * An operation of the ACCEPT whose first offer is {@code first} turned {@code consumed} into {@code produced}
     * (a RESERVE, a CREATE, ...): its hold holds the new form, so that the agent's free resources stay right.
     */
    public synchronized void convertHeld(Offer first, Resources consumed, Resources produced) {
        holds.computeIfPresent(acceptKey(List.of(first)), (key, hold) ->
                new Hold(hold.agentId(), hold.resources().subtract(consumed).add(produced)));
    }

    /** The ACCEPT is done: what no task used is free again. */
    public synchronized void release(List<Offer> taken) {
        holds.remove(acceptKey(taken));
    }

    /** What ACCEPTs in progress hold on the agent. */
    public synchronized Resources heldOn(String agentId) {
        Resources total = Resources.empty();
        for (Hold hold : holds.values()) {
            if (hold.agentId().equals(agentId)) {
                total = total.add(hold.resources());
            }
        }
        return total;
    }

    private static String acceptKey(List<Offer> taken) {
        return "accept of " + taken.get(0).id();
    }

    /** Removes and returns every outstanding offer that matches, without telling anyone. */
    public synchronized List<Offer> removeIf(Predicate<Offer> matches) {
        List<Offer> removed = offers.values().stream().filter(matches).toList();
        removed.forEach(offer -> forget(offer.id()));
        return removed;
    }

    private void forget(String offerId) {
        if (offers.remove(offerId) != null) {
            removals++;
        }
        madeAtMillis.remove(offerId);
    }

    /** How many offers have left the book (taken, declined, rescinded, withdrawn): their resources are free again. */
    public synchronized long removals() {
        return removals;
    }

    public synchronized Resources offeredOn(String agentId) {
        Resources total = Resources.empty();
        for (Offer offer : offers.values()) {
            if (offer.agentId().equals(agentId)) {
                total = total.add(offer.resources());
            }
        }
        return total;
    }

    public synchronized Resources offeredTo(String frameworkId) {
        Resources total = Resources.empty();
        for (Offer offer : offers.values()) {
            if (offer.frameworkId().equals(frameworkId)) {
                total = total.add(offer.resources());
            }
        }
        return total;
    }

    public synchronized boolean hasOffer(String frameworkId, String agentId) {
        return offers.values().stream().anyMatch(o -> o.frameworkId().equals(frameworkId) && o.agentId().equals(agentId));
    }

    /** An ACCEPT or DECLINE named offers that cannot be used; the message is what Mesos would say. */
    public static final class InvalidOffersException extends Exception {
        public InvalidOffersException(String message) {
            super(message);
        }
    }
}
