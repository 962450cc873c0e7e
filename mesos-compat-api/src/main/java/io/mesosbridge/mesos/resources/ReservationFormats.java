package io.mesosbridge.mesos.resources;

import io.mesosbridge.mesos.v1.Protos.Resource;
import io.mesosbridge.mesos.v1.Protos.Resource.ReservationInfo;
import java.util.Optional;

/**
 * The two ways Mesos writes a reservation. Since 1.4 ("reservation refinement") it is the stack
 * {@code reservations: [{type, role, principal?, labels?}]}, innermost last; before, a resource had one {@code role}
 * ({@code "*"} when unreserved) and, when dynamically reserved, a {@code reservation} with the principal and labels.
 * The master upgrades what frameworks send to the refined form and downgrades what it sends to frameworks without
 * the RESERVATION_REFINEMENT capability; a refined reservation (more than one entry) has no old form.
 */
public final class ReservationFormats {

  private ReservationFormats() {}

  /** The refined form: {@code role} (not {@code "*"}) and {@code reservation} become one reservation entry. */
  public static Resource upgrade(Resource resource) {
    if (resource.getReservationsCount() > 0) {
      return resource.toBuilder().clearRole().clearReservation().build();
    }
    if (!resource.hasRole() || "*".equals(resource.getRole())) {
      return resource.toBuilder().clearRole().clearReservation().build();
    }
    ReservationInfo.Builder entry = ReservationInfo.newBuilder().setRole(resource.getRole());
    if (resource.hasReservation()) {
      entry.mergeFrom(resource.getReservation()).setRole(resource.getRole())
          .setType(ReservationInfo.Type.DYNAMIC);
    } else {
      entry.setType(ReservationInfo.Type.STATIC);
    }
    return resource.toBuilder().clearRole().clearReservation().addReservations(entry).build();
  }

  /**
   * The pre-refinement form, or empty when there is none (a refined reservation). Unreserved resources stay as
   * they are: an unset {@code role} reads as its default {@code "*"}.
   */
  public static Optional<Resource> downgrade(Resource resource) {
    int depth = resource.getReservationsCount();
    if (depth == 0) {
      return Optional.of(resource);
    }
    if (depth > 1) {
      return Optional.empty();
    }
    ReservationInfo entry = resource.getReservations(0);
    Resource.Builder old = resource.toBuilder().clearReservations().setRole(entry.getRole());
    if (entry.getType() == ReservationInfo.Type.DYNAMIC) {
      ReservationInfo.Builder reservation = old.getReservationBuilder();
      if (entry.hasPrincipal()) {
        reservation.setPrincipal(entry.getPrincipal());
      }
      if (entry.hasLabels()) {
        reservation.setLabels(entry.getLabels());
      }
    }
    return Optional.of(old.build());
  }

  /** The resource with its innermost reservation taken off: what a RESERVE consumes, what an UNRESERVE gives. */
  public static Resource popReservation(Resource resource) {
    if (resource.getReservationsCount() == 0) {
      return resource;
    }
    return resource.toBuilder().removeReservations(resource.getReservationsCount() - 1).build();
  }

  /** True for a resource whose innermost reservation is dynamic. */
  public static boolean isDynamicallyReserved(Resource resource) {
    return resource.getReservationsCount() > 0
        && resource.getReservations(resource.getReservationsCount() - 1).getType()
            == ReservationInfo.Type.DYNAMIC;
  }

  /** True for a persistent volume: a disk with {@code disk.persistence}. */
  public static boolean isPersistentVolume(Resource resource) {
    return resource.hasDisk() && resource.getDisk().hasPersistence();
  }
}
