package io.mesosbridge.operator.metrics;

import io.fabric8.kubernetes.api.model.Node;
import io.mesosbridge.operator.agents.AgentResources;
import io.mesosbridge.operator.cluster.ClusterView;
import io.mesosbridge.operator.counters.MasterCounters;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Counts what happens to agents under the Mesos master's names: a Node that appears registers
 * ({@code master/slave_registrations}); one that goes NotReady is marked unreachable
 * ({@code master/slave_unreachable_scheduled}, {@code _completed}, and {@code master/slave_removals} with
 * {@code reason_unhealthy}, as {@code Master::markUnreachable} counts it); one that is Ready again re-registers
 * ({@code master/slave_reregistrations}); a deleted Node is removed ({@code master/slave_removals},
 * {@code reason_unregistered}).
 */
@ApplicationScoped
public class AgentTransitions implements ClusterView.Listener {

    private final ClusterView cluster;
    private final MasterCounters counters;

    public AgentTransitions(ClusterView cluster, MasterCounters counters) {
        this.cluster = cluster;
        this.counters = counters;
    }

    /** Listens before the cluster view starts (the default start-up observers run later), so every Node counts. */
    void listen(@Observes @Priority(2000) StartupEvent event) {
        cluster.addListener(this);
    }

    @Override
    public void nodeChanged(Node before, Node after) {
        if (before == null) {
            counters.increment("master/slave_registrations");
        } else if (after == null) {
            counters.increment("master/slave_removals");
            counters.increment("master/slave_removals/reason_unregistered");
        } else if (AgentResources.isReady(before) && !AgentResources.isReady(after)) {
            counters.increment("master/slave_unreachable_scheduled");
            counters.increment("master/slave_unreachable_completed");
            counters.increment("master/slave_removals");
            counters.increment("master/slave_removals/reason_unhealthy");
        } else if (!AgentResources.isReady(before) && AgentResources.isReady(after)) {
            counters.increment("master/slave_reregistrations");
        }
    }
}
