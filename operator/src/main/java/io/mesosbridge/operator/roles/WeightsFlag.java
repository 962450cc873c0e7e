package io.mesosbridge.operator.roles;

import io.mesosbridge.operator.validation.MesosRoles;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Mesos's {@code --weights} flag: {@code role1=weight1,role2=weight2}, each role valid and each weight positive. */
public final class WeightsFlag {

    private WeightsFlag() {
    }

    /** @throws IllegalArgumentException naming the entry that is not {@code role=weight} */
    public static Map<String, Double> parse(String flag) {
        Map<String, Double> weights = new LinkedHashMap<>();
        for (String entry : flag.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] pair = entry.split("=");
            if (pair.length != 2) {
                throw new IllegalArgumentException("Invalid weight: '" + entry.trim()
                        + "'. --weights should be in the form of 'role=weight,role=weight'");
            }
            String role = pair[0].trim();
            Optional<String> problem = MesosRoles.problem(role);
            if (problem.isPresent()) {
                throw new IllegalArgumentException("Invalid role '" + role + "' in --weights: " + problem.get());
            }
            double weight;
            try {
                weight = Double.parseDouble(pair[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Invalid weight '" + pair[1].trim() + "' for role '" + role
                        + "' in --weights: not a number");
            }
            if (!(weight > 0) || Double.isInfinite(weight)) {
                throw new IllegalArgumentException("Invalid weight '" + pair[1].trim() + "' for role '" + role
                        + "' in --weights: Weights must be positive");
            }
            weights.put(role, weight);
        }
        return weights;
    }
}
