package io.mesosbridge.operator.reservations;

import io.mesosbridge.mesos.resources.ReservationFormats;
import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.v1.Protos.Resource;
import io.mesosbridge.mesos.v1.Protos.Resource.ReservationInfo;
import io.mesosbridge.operator.validation.MesosRoles;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checks of a Mesos master on RESERVE and UNRESERVE (its {@code validation::operation::validate}), in its words.
 * {@code frameworkRoles} is present for an ACCEPT (the framework's roles) and empty for the operator API.
 */
public final class ReservationValidation {

    private ReservationValidation() {
    }

    public static Optional<String> reserve(List<Resource> resources, Optional<String> principal,
                                           Optional<Set<String>> frameworkRoles) {
        Optional<String> invalid = resources(resources);
        if (invalid.isPresent()) {
            return invalid;
        }
        for (Resource resource : resources) {
            if (!ReservationFormats.isDynamicallyReserved(resource)) {
                return Optional.of("Resource " + describe(resource) + " is not dynamically reserved");
            }
            ReservationInfo reservation = resource.getReservations(resource.getReservationsCount() - 1);
            if (principal.isPresent()) {
                if (!reservation.hasPrincipal()) {
                    return Optional.of("A reserve operation was attempted by principal '" + principal.get()
                            + "', but there is a reserved resource in the request with no principal set");
                }
                if (!principal.get().equals(reservation.getPrincipal())) {
                    return Optional.of("A reserve operation was attempted by authenticated principal '"
                            + principal.get() + "', which does not match a reserved resource in the request with"
                            + " principal '" + reservation.getPrincipal() + "'");
                }
            }
            String role = reservation.getRole();
            if (frameworkRoles.isPresent()) {
                Set<String> roles = frameworkRoles.get();
                if (!resource.getAllocationInfo().hasRole()) {
                    return Optional.of("A reserve operation was attempted on unallocated resource "
                            + describe(resource) + ", but frameworks can only perform reservations on allocated"
                            + " resources");
                }
                String allocated = resource.getAllocationInfo().getRole();
                if (!allocated.equals(role)) {
                    return Optional.of("A reserve operation was attempted for a resource with role '" + role
                            + "', but the resource was allocated to role '" + allocated + "'");
                }
                if (!roles.contains(allocated)) {
                    return Optional.of("A reserve operation was attempted for a resource allocated to role '"
                            + allocated + "', but the framework only has roles '" + describe(roles) + "'");
                }
            } else if (resource.hasAllocationInfo()) {
                return Optional.of("A reserve operation was attempted with an allocated resource, but the operator"
                        + " API only allows reservations to be made to unallocated resources");
            }
        }
        return Optional.empty();
    }

    public static Optional<String> unreserve(List<Resource> resources) {
        Optional<String> invalid = resources(resources);
        if (invalid.isPresent()) {
            return invalid;
        }
        for (Resource resource : resources) {
            if (!ReservationFormats.isDynamicallyReserved(resource)) {
                return Optional.of("Resource " + describe(resource) + " is not dynamically reserved");
            }
            if (ReservationFormats.isPersistentVolume(resource)) {
                return Optional.of("A dynamically reserved persistent volume " + describe(resource)
                        + " cannot be unreserved directly. Please destroy the persistent volume first then"
                        + " unreserve the resource");
            }
        }
        return Optional.empty();
    }

    /** CREATE: persistent volumes, each on a reserved disk, with an id no other volume of the agent has. */
    public static Optional<String> create(List<Resource> volumes, Resources recorded, Optional<String> principal) {
        Optional<String> invalid = resources(volumes);
        if (invalid.isPresent()) {
            return invalid;
        }
        invalid = persistentVolumes(volumes);
        if (invalid.isPresent()) {
            return invalid;
        }
        Set<String> ids = new TreeSet<>();
        for (Resource resource : recorded) {
            if (ReservationFormats.isPersistentVolume(resource)) {
                ids.add(resource.getDisk().getPersistence().getId());
            }
        }
        for (Resource volume : volumes) {
            String id = volume.getDisk().getPersistence().getId();
            if (!ids.add(id)) {
                return Optional.of("Persistence ID '" + id + "' is not unique");
            }
            if (principal.isPresent()) {
                if (!volume.getDisk().getPersistence().hasPrincipal()) {
                    return Optional.of("Create volume operation attempted by principal '" + principal.get()
                            + "', but there is a volume in the operation with no principal set in"
                            + " 'disk.persistence'");
                }
                if (!principal.get().equals(volume.getDisk().getPersistence().getPrincipal())) {
                    return Optional.of("Create volume operation attempted by authenticated principal '"
                            + principal.get() + "', which does not match a volume in the operation with principal '"
                            + volume.getDisk().getPersistence().getPrincipal() + "' set in 'disk.persistence'");
                }
            }
        }
        return Optional.empty();
    }

    /** DESTROY: volumes the agent has, which no live task uses. */
    public static Optional<String> destroy(List<Resource> volumes, Resources recorded, Resources inUse) {
        Optional<String> invalid = resources(volumes);
        if (invalid.isPresent()) {
            return invalid;
        }
        invalid = persistentVolumes(volumes);
        if (invalid.isPresent()) {
            return invalid;
        }
        for (Resource volume : volumes) {
            if (!recorded.contains(volume)) {
                return Optional.of("Persistent volumes not found");
            }
            if (inUse.contains(volume)) {
                return Optional.of("Persistent volumes in use");
            }
        }
        return Optional.empty();
    }

    /** Mesos's {@code validatePersistentVolume}, with the prefix its callers put before it. */
    private static Optional<String> persistentVolumes(List<Resource> volumes) {
        for (Resource volume : volumes) {
            String problem = null;
            if (!volume.getName().equals("disk")) {
                problem = "Resource " + describe(volume) + " is not a disk resource";
            } else if (!volume.getDisk().hasPersistence()) {
                problem = "'persistence' is not set in disk resource " + describe(volume);
            } else if (!volume.getDisk().hasVolume()) {
                problem = "Expecting 'volume' to be set for persistent volume";
            } else if (volume.getDisk().getVolume().hasHostPath()) {
                problem = "Expecting 'host_path' to be unset for persistent volume";
            } else if (Resources.reservationRole(volume) == null) {
                problem = "Persistent volumes cannot be created from unreserved resources";
            } else if (volume.getDisk().hasSource()) {
                problem = "mesos-bridge makes persistent volumes of the agent's own disk only, not of a disk source";
            }
            if (problem != null) {
                return Optional.of("Not a persistent volume: " + problem);
            }
        }
        return Optional.empty();
    }

    /** Mesos's {@code resource::validate}: well-formed values and reservations to valid roles other than "*". */
    private static Optional<String> resources(List<Resource> resources) {
        try {
            Resources.of(resources);
        } catch (IllegalArgumentException e) {
            return Optional.of("Invalid resources: " + e.getMessage());
        }
        for (Resource resource : resources) {
            for (ReservationInfo reservation : resource.getReservationsList()) {
                if (!reservation.hasRole() || "*".equals(reservation.getRole())) {
                    return Optional.of("Invalid resources: Invalid reservation: role \"*\" cannot be reserved");
                }
                Optional<String> role = MesosRoles.problem(reservation.getRole());
                if (role.isPresent()) {
                    return Optional.of("Invalid resources: Invalid reservation: " + role.get());
                }
            }
        }
        return Optional.empty();
    }

    static String describe(Resource resource) {
        return Resources.of(resource).toString();
    }

    private static String describe(Set<String> roles) {
        return String.join(", ", new TreeSet<>(roles));
    }
}
