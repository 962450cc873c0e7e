package io.mesosbridge.operator.roles;

import io.mesosbridge.mesos.v1.Protos.Value;
import io.mesosbridge.mesos.v1.quota.Protos.QuotaConfig;

import java.util.Map;
import java.util.TreeMap;

/**
 * A role's quota as Mesos 1.11 keeps it: guaranteed quantities and limits, each a map from a scalar resource name
 * ({@code cpus}, {@code mem}, ...) to an amount. A name without a limit is unlimited; without a guarantee, nothing is
 * guaranteed.
 */
public record Quota(Map<String, Double> guarantees, Map<String, Double> limits) {

    public static final Quota NONE = new Quota(Map.of(), Map.of());

    public Quota {
        guarantees = Map.copyOf(guarantees);
        limits = Map.copyOf(limits);
    }

    public static Quota of(QuotaConfig config) {
        return new Quota(amounts(config.getGuaranteesMap()), amounts(config.getLimitsMap()));
    }

    public QuotaConfig toConfig(String role) {
        QuotaConfig.Builder config = QuotaConfig.newBuilder().setRole(role);
        new TreeMap<>(guarantees).forEach((name, amount) ->
                config.putGuarantees(name, Value.Scalar.newBuilder().setValue(amount).build()));
        new TreeMap<>(limits).forEach((name, amount) ->
                config.putLimits(name, Value.Scalar.newBuilder().setValue(amount).build()));
        return config.build();
    }

    public boolean isNone() {
        return guarantees.isEmpty() && limits.isEmpty();
    }

    private static Map<String, Double> amounts(Map<String, Value.Scalar> scalars) {
        Map<String, Double> amounts = new TreeMap<>();
        scalars.forEach((name, scalar) -> amounts.put(name, scalar.getValue()));
        return amounts;
    }
}
