package io.mesosbridge.operator.maintenance;

import io.mesosbridge.mesos.v1.Protos.Unavailability;
import io.mesosbridge.operator.offers.Unavailabilities;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The maintenance state of the moment: read from its ConfigMap when this master starts leading, changed only through
 * {@link #change}, which writes the ConfigMap before anyone sees the new state (a Mesos master updates its registry
 * before its memory).
 */
@ApplicationScoped
public class MaintenanceSchedule implements Unavailabilities {

    private static final Logger LOG = Logger.getLogger(MaintenanceSchedule.class);

    private final MaintenanceStore store;
    private volatile MaintenanceState state = MaintenanceState.EMPTY;
    private boolean recovered;

    public MaintenanceSchedule(MaintenanceStore store) {
        this.store = store;
    }

    /**
     * Reads the stored state. A failure (the ConfigMap cannot be read) does not stop the master: it serves an empty
     * schedule, and the first change reads the store again before it writes, so that it never overwrites a schedule
     * it has not seen.
     */
    public synchronized void recover() {
        try {
            state = store.load();
            recovered = true;
        } catch (RuntimeException e) {
            LOG.errorf(e, "reading the maintenance schedule (ConfigMap %s) failed; serving none until it can be read",
                    MaintenanceStore.CONFIG_MAP);
        }
    }

    public MaintenanceState state() {
        return state;
    }

    /** Applies the change, persists it, then makes it current; returns the new state. */
    public synchronized MaintenanceState change(UnaryOperator<MaintenanceState> change) {
        if (!recovered) {
            state = store.load();
            recovered = true;
        }
        MaintenanceState changed = change.apply(state);
        store.save(changed);
        state = changed;
        return changed;
    }

    @Override
    public Optional<Unavailability> of(String hostname, String ip) {
        return state.unavailabilityOf(hostname, ip);
    }
}
