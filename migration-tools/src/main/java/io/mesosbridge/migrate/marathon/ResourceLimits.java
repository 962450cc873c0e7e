package io.mesosbridge.migrate.marathon;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.mesosbridge.conventions.Quantities;
import io.mesosbridge.migrate.input.Node;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Marathon 1.10 {@code resourceLimits} (of an app, or of a pod container): {@code cpus} and {@code mem} may burst
 * to a limit above what is requested, a number at least the request, or {@code "unlimited"}. A number becomes the
 * container's limit; {@code "unlimited"} leaves that limit out (without resourceLimits, memory is limited to
 * {@code mem} as Mesos did, and CPU only with {@code --cpu-limits}).
 */
final class ResourceLimits {

    static final String UNLIMITED = "unlimited";

    private ResourceLimits() {
    }

    static ResourceRequirements apply(ResourceRequirements resources, Node limits) {
        if (!limits.present()) {
            return resources;
        }
        limits.requireObject();
        Map<String, Quantity> requests = resources.getRequests() == null ? Map.of() : resources.getRequests();
        Map<String, Quantity> result = new TreeMap<>(resources.getLimits() == null ? Map.of() : resources.getLimits());
        limit(limits.get("cpus"), "cpu", "cpus", Quantities::cpus, requests, result);
        limit(limits.get("mem"), "memory", "mem", Quantities::mebibytes, requests, result);
        return new ResourceRequirementsBuilder(resources).withLimits(result.isEmpty() ? null : result).build();
    }

    private static void limit(Node value, String resource, String field, Function<BigDecimal, Quantity> quantity,
                              Map<String, Quantity> requests, Map<String, Quantity> limits) {
        if (!value.present()) {
            return;
        }
        if (value.isText()) {
            if (!value.text().equals(UNLIMITED)) {
                throw value.error("expected a number or \"unlimited\", found \"" + value.text() + "\"");
            }
            limits.remove(resource);
            return;
        }
        BigDecimal amount = value.decimal(BigDecimal.ZERO);
        Quantity limit = quantity.apply(amount);
        Quantity request = requests.get(resource);
        if (request != null && Quantity.getAmountInBytes(limit).compareTo(Quantity.getAmountInBytes(request)) < 0) {
            throw value.error("the limit " + amount.toPlainString() + " is below the requested " + field
                    + " (Marathon refuses that)");
        }
        limits.put(resource, limit);
    }
}
