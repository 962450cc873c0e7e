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
import io.mesosbridge.operator.offers.OfferBook;
import io.mesosbridge.operator.store.MesosTaskStore;
import io.mesosbridge.crds.MesosTask;
import io.mesosbridge.mesos.tasks.TaskStates;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * Dynamic reservations and persistent volumes: RESERVE, UNRESERVE, CREATE and DESTROY in an ACCEPT (and, for the
 * operator API's calls, their authorization and record), checked, authorized and recorded on the agent's Node
 * ({@link KubernetesKeys#RESERVED_RESOURCES_ANNOTATION}, written only here), so that they outlive the bridge.
 */
@ApplicationScoped
public class Reservations {

    private static final Logger LOG = Logger.getLogger(Reservations.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ClusterView cluster;
    private final RecordedReservations recorded;
    private final Authorizer authorizer;
    private final MesosTaskStore tasks;
    private final PersistentVolumes volumes;
    private final OfferBook book;

    public Reservations(ClusterView cluster, RecordedReservations recorded, Authorizer authorizer,
                        MesosTaskStore tasks, PersistentVolumes volumes, OfferBook book) {
        this.book = book;
        this.tasks = tasks;
        this.volumes = volumes;
        this.cluster = cluster;
        this.recorded = recorded;
        this.authorizer = authorizer;
    }

    /**
     * An ACCEPT's RESERVE, UNRESERVE, CREATE or DESTROY on the resources left of its offers; returns them converted.
     * An operation that is invalid, unauthorized or not covered by the offers is dropped with a warning, as a Mesos
     * master drops it.
     */
    public Resources apply(Framework framework, Offer offer, Operation operation, Resources remaining) {
        Kind kind = Kind.of(operation.getType());
        List<Resource> resources = kind.resourcesOf(operation).stream()
                .map(ReservationFormats::upgrade)
                .map(resource -> resource.hasAllocationInfo() ? resource : resource.toBuilder()
                        .setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole(offer.role())).build())
                .toList();
        Optional<String> principal = framework.info().hasPrincipal() ? Optional.of(framework.info().getPrincipal())
                : Optional.empty();
        Resources target = Resources.of(resources).unallocate();
        Optional<String> invalid = switch (kind) {
            case RESERVE -> ReservationValidation.reserve(resources, principal,
                    Optional.of(new HashSet<>(framework.roles())));
            case UNRESERVE -> ReservationValidation.unreserve(resources);
            case CREATE -> ReservationValidation.create(target.toList(), recordedOn(offer.nodeName()), principal);
            case DESTROY -> ReservationValidation.destroy(target.toList(), recordedOn(offer.nodeName()),
                    inUseOn(offer.nodeName()));
        };
        if (invalid.isEmpty() && !authorized(framework.subject(), kind, target.toList())) {
            invalid = Optional.of("Not authorized to " + kind.name().toLowerCase(java.util.Locale.ROOT) + " "
                    + target);
        }
        Resources consumed = kind.consumed(target);
        if (invalid.isEmpty() && !remaining.contains(consumed)) {
            invalid = Optional.of("Invalid " + operation.getType() + " Operation: " + remaining
                    + " does not contain " + consumed);
        }
        if (invalid.isEmpty()) {
            Resources produced = kind.produced(target);
            invalid = record(offer.nodeName(), kind, target, forward -> book.convertHeld(offer,
                    forward ? consumed : produced, forward ? produced : consumed));
        }
        if (invalid.isPresent()) {
            LOG.warnf("Dropping %s offer operation from framework %s: %s", operation.getType(),
                    LogText.escape(framework.id()), LogText.escape(invalid.get()));
            return remaining;
        }
        framework.count("operations/" + kind.name().toLowerCase(java.util.Locale.ROOT));
        return remaining.subtract(consumed).add(kind.produced(target));
    }

    /** What an operation does to resources: what it takes and what it gives instead. */
    public enum Kind {
        RESERVE, UNRESERVE, CREATE, DESTROY;

        static Kind of(Operation.Type type) {
            return valueOf(type.name());
        }

        List<Resource> resourcesOf(Operation operation) {
            return switch (this) {
                case RESERVE -> operation.getReserve().getResourcesList();
                case UNRESERVE -> operation.getUnreserve().getResourcesList();
                case CREATE -> operation.getCreate().getVolumesList();
                case DESTROY -> operation.getDestroy().getVolumesList();
            };
        }

        /** What the operation takes of an agent's resources. */
        public Resources consumed(Resources target) {
            return switch (this) {
                case RESERVE -> popped(target);
                case CREATE -> withoutPersistence(target);
                case UNRESERVE, DESTROY -> target;
            };
        }

        /** What the agent has instead afterwards. */
        public Resources produced(Resources target) {
            return switch (this) {
                case RESERVE, CREATE -> target;
                case UNRESERVE -> popped(target);
                case DESTROY -> withoutPersistence(target);
            };
        }
    }

    /** The node's recorded dynamic reservations and volumes. */
    public Resources recordedOn(String nodeName) {
        Node node = cluster.node(nodeName);
        return node == null ? Resources.empty() : recorded.of(node);
    }

    /** What the live tasks on the node hold. */
    public Resources inUseOn(String nodeName) {
        Resources held = Resources.empty();
        for (MesosTask task : tasks.onNode(nodeName)) {
            if (!TaskStates.isTerminal(MesosTaskStore.stateOf(task))) {
                held = held.add(tasks.resources(task));
            }
        }
        return held;
    }

    /**
     * The ACL of the operation on each resource: reserve_resources and create_volumes on its role,
     * unreserve_resources on its reserver's principal, destroy_volumes on its creator's.
     */
    public boolean authorized(Subject subject, Kind kind, List<Resource> resources) {
        try {
            for (Resource resource : resources) {
                Resource.ReservationInfo innermost = resource.getReservations(resource.getReservationsCount() - 1);
                boolean allowed = switch (kind) {
                    case RESERVE -> authorizer.authorized(subject, Action.RESERVE_RESOURCES, innermost.getRole());
                    case UNRESERVE -> authorizer.authorized(subject, Action.UNRESERVE_RESOURCES,
                            innermost.getPrincipal());
                    case CREATE -> authorizer.authorized(subject, Action.CREATE_VOLUME, innermost.getRole());
                    case DESTROY -> authorizer.authorized(subject, Action.DESTROY_VOLUME,
                            resource.getDisk().getPersistence().getPrincipal());
                };
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

    /**
     * Applies the operation to the node's record (and makes or deletes the Kubernetes objects of a volume); the
     * reason when the record does not allow it.
     */
    public Optional<String> record(String nodeName, Kind kind, Resources target) {
        return record(nodeName, kind, target, forward -> { });
    }

    /**
     * {@link #record}, with {@code held} converting (true) or converting back (false) the ACCEPT's hold: in one step
     * with the record the allocator reads, so that no cycle sees one changed without the other.
     */
    private synchronized Optional<String> record(String nodeName, Kind kind, Resources target,
                                                 java.util.function.Consumer<Boolean> held) {
        Node node = cluster.node(nodeName);
        if (node == null) {
            return Optional.of("The agent is gone");
        }
        Resources before = recorded.of(node);
        Resources after = before;
        for (Resource resource : target) {
            Resources one = Resources.of(resource);
            Resources taken = kind.consumed(one);
            Resources given = kind.produced(one);
            if (kind == Kind.UNRESERVE || kind == Kind.DESTROY) {
                if (!after.contains(taken)) {
                    return Optional.of(after + " does not contain " + taken);
                }
                after = after.subtract(taken);
            } else if (after.contains(taken)) {
                after = after.subtract(taken); // a volume on a dynamic reservation replaces it
            }
            // what is left of a dynamic reservation is recorded; a static one is the agent's own
            after = after.add(given.filter(r -> ReservationFormats.isDynamicallyReserved(r)
                    || ReservationFormats.isPersistentVolume(r)));
        }
        try {
            if (kind == Kind.CREATE) {
                target.forEach(volume -> volumes.create(nodeName, volume));
            } else if (kind == Kind.DESTROY) {
                target.forEach(volumes::destroy);
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "agent on node %s: %s of %s failed", nodeName, kind, target);
            return Optional.of("Failed to " + (kind == Kind.CREATE ? "make" : "delete")
                    + " the PersistentVolume and its claim: " + e.getMessage());
        }
        String value = after.isEmpty() ? "" : ReservedResources.annotationValue(after);
        String previous = before.isEmpty() ? "" : ReservedResources.annotationValue(before);
        recorded.update(nodeName, value, () -> held.accept(true));
        ObjectNode patch = JSON.createObjectNode();
        ObjectNode annotations = patch.putObject("metadata").putObject("annotations");
        if (value.isEmpty()) {
            annotations.putNull(KubernetesKeys.RESERVED_RESOURCES_ANNOTATION);
        } else {
            annotations.put(KubernetesKeys.RESERVED_RESOURCES_ANNOTATION, value);
        }
        try {
            cluster.patchNode(nodeName, patch.toString());
        } catch (RuntimeException e) {
            recorded.update(nodeName, previous, () -> held.accept(false));
            LOG.warnf(e, "agent on node %s: recording %s of %s failed", nodeName, kind, target);
            return Optional.of("Failed to record the reservation on Node '" + nodeName + "': " + e.getMessage());
        }
        LOG.infof("agent on node %s: %s %s", nodeName, kind, target);
        return Optional.empty();
    }

    /** The resources with their innermost reservation taken off. */
    public static Resources popped(Resources reserved) {
        return Resources.of(reserved.toList().stream().map(ReservationFormats::popReservation).toList());
    }

    /** Volumes as the disk they were made of. */
    static Resources withoutPersistence(Resources volumes) {
        List<Resource> disks = new java.util.ArrayList<>();
        for (Resource volume : volumes) {
            Resource.Builder disk = volume.toBuilder().clearShared();
            if (volume.getDisk().hasSource()) {
                disk.getDiskBuilder().clearPersistence().clearVolume();
            } else {
                disk.clearDisk();
            }
            disks.add(disk.build());
        }
        return Resources.of(disks);
    }
}
