package io.mesosbridge.operator.maintenance;

import io.mesosbridge.mesos.v1.Protos.Unavailability;
import io.mesosbridge.operator.offers.Unavailabilities;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The maintenance state of the moment: read from its ConfigMap when this master starts leading, changed only through
 * {@link #change}, which writes the ConfigMap before anyone sees the new state (a Mesos master updates its registry
 * before its memory).
 */
@ApplicationScoped
public class MaintenanceSchedule implements Unavailabilities {

    private final MaintenanceStore store;
    private volatile MaintenanceState state = MaintenanceState.EMPTY;

    public MaintenanceSchedule(MaintenanceStore store) {
        this.store = store;
    }

    public void recover() {
        state = store.load();
    }

    public MaintenanceState state() {
        return state;
    }

    /** Applies the change, persists it, then makes it current; returns the new state. */
    public synchronized MaintenanceState change(UnaryOperator<MaintenanceState> change) {
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
