package io.mesosbridge.operator.agents;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.mesosbridge.conventions.AgentSettings;
import io.mesosbridge.conventions.KubernetesKeys;
import io.mesosbridge.conventions.Quantities;
import io.mesosbridge.mesos.resources.ResourceParseException;
import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.resources.Values;
import io.mesosbridge.mesos.v1.Protos.Attribute;
import io.mesosbridge.mesos.v1.Protos.Resource;
import io.mesosbridge.mesos.v1.Protos.Value;
import org.jboss.logging.Logger;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Pure functions from Kubernetes Nodes and Pods to Mesos agent resources and attributes. */
public final class AgentResources {

    private static final Logger LOG = Logger.getLogger(AgentResources.class);
    private static final BigDecimal MEBIBYTE = BigDecimal.valueOf(1024L * 1024L);

    private AgentResources() {
    }

    /** The agent id of a node: stable across operator restarts because it derives from the node's uid. */
    public static String agentId(Node node) {
        return node.getMetadata().getUid() + "-S0";
    }

    /** A node takes offers while it is Ready and not cordoned. */
    public static boolean isActive(Node node) {
        boolean cordoned = node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
        return !cordoned && isReady(node);
    }

    public static boolean isReady(Node node) {
        if (node.getStatus() == null || node.getStatus().getConditions() == null) {
            return false;
        }
        for (NodeCondition condition : node.getStatus().getConditions()) {
            if ("Ready".equals(condition.getType())) {
                return "True".equals(condition.getStatus());
            }
        }
        return false;
    }

    /** Node allocatable as Mesos resources: cpus, mem (MiB), disk (ephemeral storage, MiB), gpus, and ports. */
    public static Resources total(Node node, Value.Ranges defaultPorts) {
        Map<String, Quantity> allocatable = node.getStatus() == null || node.getStatus().getAllocatable() == null
                ? Map.of() : node.getStatus().getAllocatable();
        List<Resource> resources = new ArrayList<>();
        addScalar(resources, "cpus", cores(allocatable.get("cpu")));
        addScalar(resources, "mem", mebibytes(allocatable.get("memory")));
        addScalar(resources, "disk", mebibytes(allocatable.get("ephemeral-storage")));
        addScalar(resources, "gpus", cores(allocatable.get(KubernetesKeys.GPU_RESOURCE)));
        Value.Ranges ports = portsOf(node, defaultPorts);
        if (ports.getRangeCount() > 0) {
            resources.add(Resource.newBuilder().setName("ports").setType(Value.Type.RANGES).setRanges(ports).build());
        }
        return Resources.of(resources);
    }

    /** What the pods hold: their effective requests and the host ports they bind. Terminated pods hold nothing. */
    public static Resources requested(Collection<Pod> pods) {
        double cpus = 0;
        double mem = 0;
        double disk = 0;
        double gpus = 0;
        Value.Ranges.Builder hostPorts = Value.Ranges.newBuilder();
        for (Pod pod : pods) {
            if (isTerminal(pod)) {
                continue;
            }
            Map<String, BigDecimal> requests = effectiveRequests(pod);
            cpus += requests.getOrDefault("cpu", BigDecimal.ZERO).doubleValue();
            mem += requests.getOrDefault("memory", BigDecimal.ZERO).divide(MEBIBYTE).doubleValue();
            disk += requests.getOrDefault("ephemeral-storage", BigDecimal.ZERO).divide(MEBIBYTE).doubleValue();
            gpus += requests.getOrDefault(KubernetesKeys.GPU_RESOURCE, BigDecimal.ZERO).doubleValue();
            for (Container container : pod.getSpec().getContainers()) {
                if (container.getPorts() == null) {
                    continue;
                }
                for (ContainerPort port : container.getPorts()) {
                    if (port.getHostPort() != null && port.getHostPort() > 0) {
                        hostPorts.addRange(Values.range(port.getHostPort(), port.getHostPort()));
                    }
                }
            }
        }
        List<Resource> resources = new ArrayList<>();
        addScalar(resources, "cpus", cpus);
        addScalar(resources, "mem", mem);
        addScalar(resources, "disk", disk);
        addScalar(resources, "gpus", gpus);
        if (hostPorts.getRangeCount() > 0) {
            resources.add(Resource.newBuilder().setName("ports").setType(Value.Type.RANGES)
                    .setRanges(Values.coalesce(hostPorts.build())).build());
        }
        return Resources.of(resources);
    }

    /**
     * The agent's total with its reservations: the static reservations carved out of the allocatable resources, then
     * the dynamic reservations and persistent volumes applied to what they were made of, as a Mesos agent applies
     * its checkpointed resources. A reservation the node no longer has room for (its allocatable shrank) is left
     * out, and said so in the log.
     */
    public static Resources withReservations(String nodeName, Resources allocatable, Resources staticReservations,
                                             Resources checkpointed) {
        Resources total = allocatable;
        for (Resource reserved : staticReservations) {
            total = swap(nodeName, total, quantity(reserved), reserved);
        }
        for (Resource reserved : checkpointed) {
            total = swap(nodeName, total, madeOf(reserved), reserved);
        }
        return total;
    }

    /** What a dynamic reservation or volume was made of: its static reservations only, no persistence. */
    public static Resource madeOf(Resource reserved) {
        Resource.Builder source = reserved.toBuilder().clearReservations().clearShared();
        reserved.getReservationsList().stream()
                .filter(entry -> entry.getType() == Resource.ReservationInfo.Type.STATIC)
                .forEach(source::addReservations);
        if (reserved.getDisk().hasSource()) {
            source.getDiskBuilder().clearPersistence().clearVolume();
        } else {
            source.clearDisk();
        }
        return source.build();
    }

    private static Resources swap(String nodeName, Resources total, Resource from, Resource to) {
        if (!total.contains(from)) {
            LOG.warnf("node %s: %s is not there for the reservation %s; leaving that out", nodeName,
                    Resources.of(from), Resources.of(to));
            return total;
        }
        return total.subtract(from).add(to);
    }

    /**
     * Free resources of a node. Reserved: its reserved resources minus what live tasks hold of them
     * ({@code reservedInUse}: the tasks with Pods, and of {@code launching} its reserved part). Unreserved: the rest
     * of its total minus what its pods request beyond their reserved resources minus the unreserved part of
     * {@code launching} (tasks accepted but whose Pods the informer has not seen yet), never below zero.
     */
    public static Resources free(Resources total, Resources podsRequested, Resources launching,
                                 Resources reservedInUse) {
        Resources reservedFree = total.reserved().subtract(reservedInUse.reserved()).subtract(launching.reserved());
        Resources unreservedUse = podsRequested.subtract(quantities(reservedInUse.reserved()))
                .add(launching.unreserved());
        Resources free = total.unreserved();
        for (Resource used : unreservedUse) {
            free = subtractClamped(free, used);
        }
        return free.add(reservedFree);
    }

    /** The amounts alone: no reservation, disk info or allocation, as a Pod's requests count them. */
    private static Resources quantities(Resources resources) {
        List<Resource> plain = new ArrayList<>();
        for (Resource resource : resources) {
            plain.add(quantity(resource));
        }
        return Resources.of(plain);
    }

    private static Resource quantity(Resource resource) {
        Resource.Builder plain = Resource.newBuilder().setName(resource.getName()).setType(resource.getType());
        switch (resource.getType()) {
            case SCALAR -> plain.setScalar(resource.getScalar());
            case RANGES -> plain.setRanges(resource.getRanges());
            default -> plain.setSet(resource.getSet());
        }
        return plain.build();
    }

    /** Node labels as Mesos attributes: labels under {@code prefix} (prefix removed) and the topology labels. */
    public static List<Attribute> attributes(Node node, String prefix) {
        Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
        return AgentSettings.attributesOf(labels, prefix);
    }

    /** The node's address as an agent's: its InternalIP, else its ExternalIP, else its name. */
    public static String address(Node node) {
        if (node.getStatus() != null && node.getStatus().getAddresses() != null) {
            for (String type : List.of("InternalIP", "ExternalIP")) {
                for (NodeAddress address : node.getStatus().getAddresses()) {
                    if (type.equals(address.getType()) && address.getAddress() != null) {
                        return address.getAddress();
                    }
                }
            }
        }
        return node.getMetadata().getName();
    }

    static boolean isTerminal(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    /** Kubernetes's rule: the larger of the sum of the containers' requests and the largest init container's. */
    static Map<String, BigDecimal> effectiveRequests(Pod pod) {
        Map<String, BigDecimal> sum = new TreeMap<>();
        for (Container container : pod.getSpec().getContainers()) {
            requestsOf(container).forEach((name, amount) -> sum.merge(name, amount, BigDecimal::add));
        }
        if (pod.getSpec().getInitContainers() != null) {
            for (Container init : pod.getSpec().getInitContainers()) {
                requestsOf(init).forEach((name, amount) -> sum.merge(name, amount, BigDecimal::max));
            }
        }
        if (pod.getSpec().getOverhead() != null) {
            pod.getSpec().getOverhead().forEach((name, q) -> sum.merge(name, q.getNumericalAmount(), BigDecimal::add));
        }
        return sum;
    }

    private static Map<String, BigDecimal> requestsOf(Container container) {
        Map<String, BigDecimal> requests = new TreeMap<>();
        if (container.getResources() == null) {
            return requests;
        }
        Map<String, Quantity> limits = container.getResources().getLimits();
        if (limits != null) {
            // a container with only a limit requests that limit (API server defaulting, applied here for safety)
            limits.forEach((name, q) -> requests.put(name, q.getNumericalAmount()));
        }
        if (container.getResources().getRequests() != null) {
            container.getResources().getRequests().forEach((name, q) -> requests.put(name, q.getNumericalAmount()));
        }
        return requests;
    }

    private static Resources subtractClamped(Resources from, Resource used) {
        if (used.getType() == Value.Type.SCALAR) {
            double available = from.scalar(used.getName());
            double taken = Math.min(available, used.getScalar().getValue());
            if (taken <= 0) {
                return from;
            }
            return from.subtract(Resources.scalar(used.getName(), taken));
        }
        if (used.getType() == Value.Type.RANGES) {
            Value.Ranges available = from.ranges(used.getName());
            Value.Ranges remaining = Values.subtract(available, used.getRanges());
            Value.Ranges taken = Values.subtract(available, remaining);
            if (taken.getRangeCount() == 0) {
                return from;
            }
            return from.subtract(Resource.newBuilder().setName(used.getName()).setType(Value.Type.RANGES)
                    .setRanges(taken).build());
        }
        return from;
    }

    /** The node's own port ranges (its ports annotation), else the configured ones, also for one unreadable. */
    private static Value.Ranges portsOf(Node node, Value.Ranges defaultPorts) {
        Map<String, String> annotations = node.getMetadata().getAnnotations();
        try {
            return AgentSettings.portsOf(annotations == null ? Map.of() : annotations).orElse(defaultPorts);
        } catch (ResourceParseException unreadable) {
            LOG.debugf("node %s: %s; offering the configured ports", node.getMetadata().getName(),
                    unreadable.getMessage());
            return defaultPorts;
        }
    }

    private static void addScalar(List<Resource> resources, String name, double value) {
        double rounded = Values.round(value);
        if (rounded > 0) {
            resources.add(Resources.scalar(name, rounded));
        }
    }

    private static double cores(Quantity quantity) {
        return quantity == null ? 0 : Quantities.cores(quantity);
    }

    private static double mebibytes(Quantity quantity) {
        return quantity == null ? 0 : Quantities.mebibytes(quantity);
    }
}
