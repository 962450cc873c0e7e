package io.mesosbridge.operator.roles;

import io.mesosbridge.mesos.v1.Protos.Resource;
import io.mesosbridge.mesos.v1.Protos.Value;
import io.mesosbridge.mesos.v1.quota.Protos.QuotaConfig;
import io.mesosbridge.mesos.v1.quota.Protos.QuotaInfo;
import io.mesosbridge.operator.validation.MesosRoles;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * Mesos's checks of a quota, with its messages: {@code quota::validate(QuotaConfig)} and
 * {@code quota::validation::quotaInfo} (src/master/quota.cpp), and the scalar rule of
 * {@code common::validation::validateInputScalarValue}.
 */
public final class QuotaValidation {

    private static final double EXABYTE_IN_MEGABYTES = 1024d * 1024 * 1024 * 1024;
    private static final double OTHER_LIMIT = 1e12;

    private QuotaValidation() {
    }

    public static Optional<String> problem(QuotaConfig config) {
        if (!config.hasRole()) {
            return Optional.of("'QuotaConfig.role' must be set");
        }
        Optional<String> role = MesosRoles.problem(config.getRole());
        if (role.isPresent()) {
            return Optional.of("Invalid 'QuotaConfig.role': " + role.get());
        }
        Optional<String> large = tooLarge(config.getGuaranteesMap());
        if (large.isPresent()) {
            return Optional.of("Invalid 'QuotaConfig.guarantees': " + large.get());
        }
        large = tooLarge(config.getLimitsMap());
        if (large.isPresent()) {
            return Optional.of("Invalid 'QuotaConfig.limits': " + large.get());
        }
        for (Map.Entry<String, Value.Scalar> guarantee : new TreeMap<>(config.getGuaranteesMap()).entrySet()) {
            Optional<String> bad = scalarProblem(guarantee.getValue().getValue());
            if (bad.isPresent()) {
                return Optional.of("Invalid guarantee configuration {'" + guarantee.getKey() + "': "
                        + number(guarantee.getValue().getValue()) + "}: " + bad.get());
            }
        }
        for (Map.Entry<String, Value.Scalar> limit : new TreeMap<>(config.getLimitsMap()).entrySet()) {
            Optional<String> bad = scalarProblem(limit.getValue().getValue());
            if (bad.isPresent()) {
                return Optional.of("Invalid limit configuration {'" + limit.getKey() + "': "
                        + number(limit.getValue().getValue()) + "}: " + bad.get());
            }
        }
        Quota quota = Quota.of(config);
        if (!withinLimits(quota.guarantees(), quota.limits())) {
            return Optional.of("'QuotaConfig.guarantees' " + map(config.getGuaranteesMap())
                    + " is not contained within the 'QuotaConfig.limits' " + map(config.getLimitsMap()));
        }
        return Optional.empty();
    }

    /** The legacy QuotaInfo of SET_QUOTA and {@code POST /quota}. */
    public static Optional<String> problem(QuotaInfo info) {
        if (!info.hasRole()) {
            return Optional.of("QuotaInfo must specify a role");
        }
        Optional<String> role = MesosRoles.problem(info.getRole());
        if (role.isPresent()) {
            return Optional.of("QuotaInfo with invalid role: " + role.get());
        }
        if (info.getGuaranteeCount() == 0) {
            return Optional.of("QuotaInfo with empty 'guarantee'");
        }
        Set<String> names = new HashSet<>();
        for (Resource resource : info.getGuaranteeList()) {
            if (resource.getReservationsCount() > 0) {
                return Optional.of("QuotaInfo must not contain any ReservationInfo");
            }
            if (resource.hasDisk()) {
                return Optional.of("QuotaInfo must not contain DiskInfo");
            }
            if (resource.hasRevocable()) {
                return Optional.of("QuotaInfo must not contain RevocableInfo");
            }
            if (resource.getType() != Value.Type.SCALAR) {
                return Optional.of("QuotaInfo must not include non-scalar resources");
            }
            if (!names.add(resource.getName())) {
                return Optional.of("QuotaInfo contains duplicate resource name '" + resource.getName() + "'");
            }
        }
        return Optional.empty();
    }

    /** True if every amount is at most its limit; a name without a limit is unlimited. */
    public static boolean withinLimits(Map<String, Double> amounts, Map<String, Double> limits) {
        return amounts.entrySet().stream().allMatch(amount -> !limits.containsKey(amount.getKey())
                || amount.getValue() <= limits.get(amount.getKey()) + 0.0005);
    }

    /** Quantities as Mesos prints ResourceQuantities and ResourceLimits: {@code cpus:2; mem:1024}. */
    public static String quantities(Map<String, Double> amounts) {
        StringJoiner joined = new StringJoiner("; ");
        new TreeMap<>(amounts).forEach((name, amount) -> joined.add(name + ":" + number(amount)));
        return joined.toString();
    }

    /** A number as Mesos's {@code stringify(double)} prints the usual ones: {@code 2}, {@code 0.5}. */
    public static String number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.isNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static Optional<String> tooLarge(Map<String, Value.Scalar> amounts) {
        for (Map.Entry<String, Value.Scalar> amount : new TreeMap<>(amounts).entrySet()) {
            double value = amount.getValue().getValue();
            boolean size = amount.getKey().equals("mem") || amount.getKey().equals("disk");
            if (size && value > EXABYTE_IN_MEGABYTES) {
                return Optional.of("{'" + amount.getKey() + "': " + number(value) + "} is invalid: values greater"
                        + " than 1 exabyte (1099511627776) are not supported");
            }
            if (!size && value > OTHER_LIMIT) {
                return Optional.of("{'" + amount.getKey() + "': " + number(value) + "} is invalid: values greater"
                        + " than 1 trillion (1000000000000) are not supported");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> scalarProblem(double value) {
        if (Double.isInfinite(value)) {
            return Optional.of("Infinite values not supported");
        }
        if (Double.isNaN(value)) {
            return Optional.of("NaN not supported");
        }
        if (value != 0 && Math.abs(value) < Double.MIN_NORMAL) {
            return Optional.of("Subnormal values not supported");
        }
        if (value < 0) {
            return Optional.of("Negative values not supported");
        }
        return Optional.empty();
    }

    private static String map(Map<String, Value.Scalar> amounts) {
        StringJoiner joined = new StringJoiner(", ", "{", "}");
        new TreeMap<>(amounts).forEach((name, amount) -> joined.add("'" + name + "': " + number(amount.getValue())));
        return joined.toString();
    }
}
