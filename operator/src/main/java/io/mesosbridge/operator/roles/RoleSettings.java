package io.mesosbridge.operator.roles;

import java.util.Map;
import java.util.TreeMap;

/**
 * The weights and quotas of roles at one moment: what the allocator and the endpoints read. A role without a weight
 * weighs 1.0 and a role without quota has {@link Quota#NONE}, as in Mesos.
 */
public record RoleSettings(Map<String, Double> weights, Map<String, Quota> quotas) {

    public static final double DEFAULT_WEIGHT = 1.0;
    public static final RoleSettings DEFAULT = new RoleSettings(Map.of(), Map.of());

    public RoleSettings {
        weights = Map.copyOf(weights);
        quotas = Map.copyOf(quotas);
    }

    public double weight(String role) {
        return weights.getOrDefault(role, DEFAULT_WEIGHT);
    }

    public Quota quota(String role) {
        return quotas.getOrDefault(role, Quota.NONE);
    }

    public RoleSettings withWeights(Map<String, Double> updated) {
        Map<String, Double> merged = new TreeMap<>(weights);
        merged.putAll(updated);
        return new RoleSettings(merged, quotas);
    }

    /** Sets each role's quota; a role given {@link Quota#NONE} loses its quota (Mesos erases a default quota). */
    public RoleSettings withQuotas(Map<String, Quota> updated) {
        Map<String, Quota> merged = new TreeMap<>(quotas);
        updated.forEach((role, quota) -> {
            if (quota.isNone()) {
                merged.remove(role);
            } else {
                merged.put(role, quota);
            }
        });
        return new RoleSettings(weights, merged);
    }
}
