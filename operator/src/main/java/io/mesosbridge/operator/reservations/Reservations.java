package io.mesosbridge.operator.reservations;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Node;
import io.mesosbridge.conventions.KubernetesKeys;
import io.mesosbridge.conventions.ReservedResources;
import io.mesosbridge.mesos.resources.ReservationFormats;
import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.v1.Protos.Offer.Operation;
import io.mesosbridge.mesos.v1.Protos.Resource;
import io.mesosbridge.operator.agents.RecordedReservations;
import io.mesosbridge.operator.authorization.Action;
import io.mesosbridge.operator.authorization.AuthorizationUnavailableException;
import io.mesosbridge.operator.authorization.Authorizer;
import io.mesosbridge.operator.authorization.Subject;
import io.mesosbridge.operator.cluster.ClusterView;
import io.mesosbridge.operator.frameworks.Framework;
import io.mesosbridge.operator.logging.LogText;
import io.mesosbridge.operator.offers.Offer;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * Dynamic reservations: RESERVE and UNRESERVE in an ACCEPT (and, for the operator API's RESERVE_RESOURCES and
 * UNRESERVE_RESOURCES, their authorization and record), checked, authorized and recorded on the agent's Node
 * ({@link KubernetesKeys#RESERVED_RESOURCES_ANNOTATION}, written only here), so that they outlive the bridge.
 */
@ApplicationScoped
public class Reservations {

    private static final Logger LOG = Logger.getLogger(Reservations.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ClusterView cluster;
    private final RecordedReservations recorded;
    private final Authorizer authorizer;

    public Reservations(ClusterView cluster, RecordedReservations recorded, Authorizer authorizer) {
        this.cluster = cluster;
        this.recorded = recorded;
        this.authorizer = authorizer;
    }

    /**
     * An ACCEPT's RESERVE or UNRESERVE on the resources left of its offers; returns them converted. An operation that
     * is invalid, unauthorized or not covered by the offers is dropped with a warning, as a Mesos master drops it.
     */
    public Resources apply(Framework framework, Offer offer, Operation operation, Resources remaining) {
        boolean reserve = operation.getType() == Operation.Type.RESERVE;
        List<Resource> resources = (reserve ? operation.getReserve().getResourcesList()
                : operation.getUnreserve().getResourcesList()).stream()
                .map(ReservationFormats::upgrade)
                .map(resource -> resource.hasAllocationInfo() ? resource : resource.toBuilder()
                        .setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole(offer.role())).build())
                .toList();
        Optional<String> invalid = reserve
                ? ReservationValidation.reserve(resources, framework.info().hasPrincipal()
                        ? Optional.of(framework.info().getPrincipal()) : Optional.empty(),
                        Optional.of(new HashSet<>(framework.roles())))
                : ReservationValidation.unreserve(resources);
        if (invalid.isEmpty() && !authorized(framework.subject(), reserve, resources)) {
            invalid = Optional.of("Not authorized to " + (reserve ? "reserve" : "unreserve") + " resources");
        }
        Resources target = Resources.of(resources).unallocate();
        Resources consumed = reserve ? popped(target) : target;
        if (invalid.isEmpty() && !remaining.contains(consumed)) {
            invalid = Optional.of("Invalid " + operation.getType() + " Operation: " + remaining
                    + " does not contain " + consumed);
        }
        if (invalid.isEmpty()) {
            invalid = record(offer.nodeName(), reserve, target);
        }
        if (invalid.isPresent()) {
            LOG.warnf("Dropping %s offer operation from framework %s: %s", operation.getType(),
                    LogText.escape(framework.id()), LogText.escape(invalid.get()));
            return remaining;
        }
        framework.count(reserve ? "operations/reserve" : "operations/unreserve");
        return remaining.subtract(consumed).add(reserve ? target : popped(target));
    }

    /** The reserve_resources ACL on each reservation's role, or unreserve_resources on its principal. */
    public boolean authorized(Subject subject, boolean reserve, List<Resource> resources) {
        try {
            for (Resource resource : resources) {
                Resource.ReservationInfo innermost = resource.getReservations(resource.getReservationsCount() - 1);
                boolean allowed = reserve
                        ? authorizer.authorized(subject, Action.RESERVE_RESOURCES, innermost.getRole())
                        : authorizer.authorized(subject, Action.UNRESERVE_RESOURCES, innermost.getPrincipal());
                if (!allowed) {
                    return false;
                }
            }
            return true;
        } catch (AuthorizationUnavailableException e) {
            LOG.warnf("authorizing a reservation failed: %s", e.getMessage());
            return false;
        }
    }

    /** Adds or removes {@code target} in the node's record; the reason when the record does not allow it. */
    public synchronized Optional<String> record(String nodeName, boolean reserve, Resources target) {
        Node node = cluster.node(nodeName);
        if (node == null) {
            return Optional.of("The agent is gone");
        }
        Resources before = recorded.of(node);
        if (!reserve && !before.contains(target)) {
            return Optional.of(before + " does not contain " + target);
        }
        Resources after = reserve ? before.add(target) : before.subtract(target);
        String value = after.isEmpty() ? "" : ReservedResources.annotationValue(after);
        ObjectNode patch = JSON.createObjectNode();
        ObjectNode annotations = patch.putObject("metadata").putObject("annotations");
        if (value.isEmpty()) {
            annotations.putNull(KubernetesKeys.RESERVED_RESOURCES_ANNOTATION);
        } else {
            annotations.put(KubernetesKeys.RESERVED_RESOURCES_ANNOTATION, value);
        }
        cluster.patchNode(nodeName, patch.toString());
        recorded.written(nodeName, value);
        LOG.infof("agent on node %s: %s %s", nodeName, reserve ? "reserved" : "unreserved", target);
        return Optional.empty();
    }

    /** The resources with their innermost reservation taken off. */
    public static Resources popped(Resources reserved) {
        return Resources.of(reserved.toList().stream().map(ReservationFormats::popReservation).toList());
    }
}
