package io.mesosbridge.mesos.resources;

import io.mesosbridge.mesos.v1.Protos.Resource;
import io.mesosbridge.mesos.v1.Protos.Value;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * An immutable collection of Mesos {@link Resource}s with Mesos's arithmetic.
 *
 * <p>Resources that differ only in their value (same name, type, reservations, allocation info, disk info,
 * revocable, provider...) are merged: scalars add in fixed point with three decimal places, ranges merge into
 * coalesced intervals, sets unite. Subtracting removes the matching amount, and a resource that becomes empty or
 * negative disappears (as in Mesos, subtracting more than is there is not an error). Empty resources (scalar 0,
 * no ranges, no items) are never kept.
 *
 * <p>Some resources are indivisible units and are never merged or split: shared resources, persistent volumes and
 * MOUNT disks. Adding one appends it; subtracting removes one equal unit; containment counts equal units.
 *
 * <p>Scalars are rounded to three decimal places when they enter; {@link #equals} compares canonical forms, so it is
 * order-insensitive (like Mesos's {@code Resources::operator==}).
 */
public final class Resources implements Iterable<Resource> {

  private static final Resources EMPTY = new Resources(List.of());

  private final List<Resource> resources; // canonical, unmodifiable

  private Resources(List<Resource> canonical) {
    this.resources = Collections.unmodifiableList(canonical);
  }

  public static Resources empty() {
    return EMPTY;
  }

  /**
   * Validated, merged resources.
   *
   * @throws IllegalArgumentException for a resource Mesos rejects: no name, a type that does not match the value,
   *     a negative or non-finite scalar, a range whose begin exceeds its end, duplicate set items
   */
  public static Resources of(Iterable<Resource> resources) {
    List<Resource> out = new ArrayList<>();
    for (Resource r : resources) {
      validate(r);
      addInto(out, normalize(r));
    }
    return new Resources(out);
  }

  public static Resources of(Resource... resources) {
    return of(List.of(resources));
  }

  /** Shorthand for an unreserved scalar resource, e.g. {@code scalar("cpus", 2)}. */
  public static Resource scalar(String name, double value) {
    return Resource.newBuilder().setName(name).setType(Value.Type.SCALAR)
        .setScalar(Value.Scalar.newBuilder().setValue(value)).build();
  }

  /** Shorthand for an unreserved ranges resource with one range, e.g. {@code ranges("ports", 31000, 32000)}. */
  public static Resource ranges(String name, long begin, long end) {
    return Resource.newBuilder().setName(name).setType(Value.Type.RANGES)
        .setRanges(Value.Ranges.newBuilder().addRange(Values.range(begin, end))).build();
  }

  /** Shorthand for an unreserved set resource. */
  public static Resource set(String name, String... items) {
    return Resource.newBuilder().setName(name).setType(Value.Type.SET)
        .setSet(Value.Set.newBuilder().addAllItem(List.of(items))).build();
  }

  // ---- arithmetic -------------------------------------------------------------------------------------------------

  public Resources add(Resources that) {
    List<Resource> out = new ArrayList<>(resources);
    that.resources.forEach(r -> addInto(out, r));
    return new Resources(out);
  }

  public Resources add(Resource that) {
    return add(of(that));
  }

  public Resources subtract(Resources that) {
    List<Resource> out = new ArrayList<>(resources);
    that.resources.forEach(r -> subtractFrom(out, r));
    return new Resources(out);
  }

  public Resources subtract(Resource that) {
    return subtract(of(that));
  }

  /** True if every resource in {@code that} is here in at least that amount (with the same metadata). */
  public boolean contains(Resources that) {
    List<Resource> remaining = new ArrayList<>(resources);
    for (Resource r : that.resources) {
      if (!containsOne(remaining, r)) {
        return false;
      }
      subtractFrom(remaining, r);
    }
    return true;
  }

  public boolean contains(Resource that) {
    return contains(of(that));
  }

  // ---- filters ----------------------------------------------------------------------------------------------------

  public Resources filter(Predicate<? super Resource> predicate) {
    List<Resource> out = new ArrayList<>();
    for (Resource r : resources) {
      if (predicate.test(r)) {
        out.add(r);
      }
    }
    return new Resources(out);
  }

  /** The resources with this name (e.g. {@code "cpus"}), whatever their role. */
  public Resources named(String name) {
    return filter(r -> r.getName().equals(name));
  }

  /** Resources reserved (statically or dynamically) with {@code role} as their innermost reservation role. */
  public Resources reservedTo(String role) {
    return filter(r -> role.equals(reservationRole(r)));
  }

  /** Resources reserved to any role. */
  public Resources reserved() {
    return filter(r -> reservationRole(r) != null);
  }

  /** Resources not reserved to any role. */
  public Resources unreserved() {
    return filter(r -> reservationRole(r) == null);
  }

  /** Resources whose {@code allocation_info.role} is {@code role}. */
  public Resources allocatedTo(String role) {
    return filter(r -> r.hasAllocationInfo() && role.equals(r.getAllocationInfo().getRole()));
  }

  /** Revocable resources. */
  public Resources revocable() {
    return filter(Resource::hasRevocable);
  }

  /** Non-revocable resources. */
  public Resources nonRevocable() {
    return filter(r -> !r.hasRevocable());
  }

  /** The same resources with {@code allocation_info.role} set to {@code role} (as offered to that role). */
  public Resources allocate(String role) {
    List<Resource> out = new ArrayList<>();
    for (Resource r : resources) {
      Resource.Builder b = r.toBuilder();
      b.getAllocationInfoBuilder().setRole(role);
      addInto(out, b.build());
    }
    return new Resources(out);
  }

  /** The same resources without allocation info. */
  public Resources unallocate() {
    List<Resource> out = new ArrayList<>();
    for (Resource r : resources) {
      addInto(out, r.toBuilder().clearAllocationInfo().build());
    }
    return new Resources(out);
  }

  /** The same resources with every reservation removed (both the reservation stack and the legacy role fields). */
  public Resources toUnreserved() {
    List<Resource> out = new ArrayList<>();
    for (Resource r : resources) {
      addInto(out, r.toBuilder().clearReservations().clearReservation().clearRole().build());
    }
    return new Resources(out);
  }

  // ---- queries ----------------------------------------------------------------------------------------------------

  /** Sum of the scalar resources with this name, in Mesos fixed point; 0 if none. */
  public double scalar(String name) {
    long fixed = 0;
    for (Resource r : resources) {
      if (r.getName().equals(name) && r.getType() == Value.Type.SCALAR) {
        fixed += Values.toFixed(r.getScalar().getValue());
      }
    }
    return Values.fromFixed(fixed);
  }

  /** Union of the ranges of the resources with this name. */
  public Value.Ranges ranges(String name) {
    Value.Ranges out = Value.Ranges.getDefaultInstance();
    for (Resource r : resources) {
      if (r.getName().equals(name) && r.getType() == Value.Type.RANGES) {
        out = Values.add(out, r.getRanges());
      }
    }
    return out;
  }

  /** Union of the set items of the resources with this name. */
  public Set<String> set(String name) {
    Set<String> out = new LinkedHashSet<>();
    for (Resource r : resources) {
      if (r.getName().equals(name) && r.getType() == Value.Type.SET) {
        out.addAll(r.getSet().getItemList());
      }
    }
    return out;
  }

  /** Resource names, in order of first appearance. */
  public Set<String> names() {
    Set<String> out = new LinkedHashSet<>();
    resources.forEach(r -> out.add(r.getName()));
    return out;
  }

  public boolean isEmpty() {
    return resources.isEmpty();
  }

  public int size() {
    return resources.size();
  }

  /** The canonical resources, ready to put in an Offer or a TaskInfo. */
  public List<Resource> toList() {
    return resources;
  }

  @Override
  public Iterator<Resource> iterator() {
    return resources.iterator();
  }

  /**
   * The role a resource is reserved to, or null if unreserved: the innermost (last) entry of {@code reservations}
   * (post-refinement format), else the legacy {@code role} field when it is not {@code "*"}.
   */
  public static String reservationRole(Resource r) {
    if (r.getReservationsCount() > 0) {
      return r.getReservations(r.getReservationsCount() - 1).getRole();
    }
    if (r.hasRole() && !"*".equals(r.getRole())) {
      return r.getRole();
    }
    return null;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Resources that)) {
      return false;
    }
    return resources.size() == that.resources.size() && contains(that) && that.contains(this);
  }

  @Override
  public int hashCode() {
    int h = 0;
    for (Resource r : resources) {
      h += key(r).hashCode(); // order-insensitive
    }
    return h;
  }

  /** A readable form in the agent resource string syntax where possible (see {@link ResourceStrings#describe}). */
  @Override
  public String toString() {
    return ResourceStrings.describe(this);
  }

  // ---- internals --------------------------------------------------------------------------------------------------

  static void validate(Resource r) {
    if (r.getName().isEmpty()) {
      throw new IllegalArgumentException("resource without a name: " + r);
    }
    if (!r.hasType()) {
      throw new IllegalArgumentException("resource " + r.getName() + " has no type");
    }
    switch (r.getType()) {
      case SCALAR -> {
        if (!r.hasScalar() || r.hasRanges() || r.hasSet()) {
          throw new IllegalArgumentException("SCALAR resource " + r.getName() + " must have only a scalar value");
        }
        double v = r.getScalar().getValue();
        if (Double.isNaN(v) || Double.isInfinite(v) || v < 0) {
          throw new IllegalArgumentException("invalid scalar " + v + " for resource " + r.getName());
        }
      }
      case RANGES -> {
        if (!r.hasRanges() || r.hasScalar() || r.hasSet()) {
          throw new IllegalArgumentException("RANGES resource " + r.getName() + " must have only ranges");
        }
        for (Value.Range range : r.getRanges().getRangeList()) {
          if (Long.compareUnsigned(range.getBegin(), range.getEnd()) > 0) {
            throw new IllegalArgumentException("invalid range in resource " + r.getName() + ": " + range);
          }
        }
      }
      case SET -> {
        if (!r.hasSet() || r.hasScalar() || r.hasRanges()) {
          throw new IllegalArgumentException("SET resource " + r.getName() + " must have only a set");
        }
        if (new LinkedHashSet<>(r.getSet().getItemList()).size() != r.getSet().getItemCount()) {
          throw new IllegalArgumentException("duplicate items in set resource " + r.getName());
        }
      }
      default -> throw new IllegalArgumentException("resource " + r.getName() + " has type " + r.getType()
          + "; resources are SCALAR, RANGES or SET");
    }
  }

  private static Resource normalize(Resource r) {
    return switch (r.getType()) {
      case SCALAR -> r.toBuilder().setScalar(
          Value.Scalar.newBuilder().setValue(Values.round(r.getScalar().getValue()))).build();
      case RANGES -> r.toBuilder().setRanges(Values.coalesce(r.getRanges())).build();
      default -> r;
    };
  }

  /** The resource without its value: resources with equal keys combine. */
  private static Resource key(Resource r) {
    return r.toBuilder().clearScalar().clearRanges().clearSet().build();
  }

  private static boolean isUnit(Resource r) {
    return r.hasShared()
        || (r.hasDisk() && r.getDisk().hasPersistence())
        || (r.hasDisk() && r.getDisk().hasSource()
            && r.getDisk().getSource().getType() == Resource.DiskInfo.Source.Type.MOUNT);
  }

  private static boolean isEmpty(Resource r) {
    return switch (r.getType()) {
      case SCALAR -> Values.toFixed(r.getScalar().getValue()) <= 0;
      case RANGES -> r.getRanges().getRangeCount() == 0;
      case SET -> r.getSet().getItemCount() == 0;
      default -> true;
    };
  }

  private static void addInto(List<Resource> out, Resource r) {
    if (isEmpty(r)) {
      return;
    }
    if (!isUnit(r)) {
      Resource k = key(r);
      for (int i = 0; i < out.size(); i++) {
        Resource existing = out.get(i);
        if (!isUnit(existing) && key(existing).equals(k)) {
          out.set(i, combine(existing, r, true));
          return;
        }
      }
    }
    out.add(r);
  }

  private static void subtractFrom(List<Resource> out, Resource r) {
    if (isEmpty(r)) {
      return;
    }
    if (isUnit(r)) {
      out.remove(r);
      return;
    }
    Resource k = key(r);
    for (int i = 0; i < out.size(); i++) {
      Resource existing = out.get(i);
      if (!isUnit(existing) && key(existing).equals(k)) {
        Resource left = combine(existing, r, false);
        if (isEmpty(left)) {
          out.remove(i);
        } else {
          out.set(i, left);
        }
        return;
      }
    }
  }

  private static boolean containsOne(List<Resource> in, Resource r) {
    if (isUnit(r)) {
      return in.contains(r);
    }
    Resource k = key(r);
    for (Resource existing : in) {
      if (!isUnit(existing) && key(existing).equals(k)) {
        return switch (r.getType()) {
          case SCALAR -> Values.toFixed(existing.getScalar().getValue()) >= Values.toFixed(r.getScalar().getValue());
          case RANGES -> Values.contains(existing.getRanges(), r.getRanges());
          case SET -> Values.contains(existing.getSet(), r.getSet());
          default -> false;
        };
      }
    }
    return false;
  }

  private static Resource combine(Resource a, Resource b, boolean add) {
    Resource.Builder out = a.toBuilder();
    switch (a.getType()) {
      case SCALAR -> {
        long fixed = Values.toFixed(a.getScalar().getValue())
            + (add ? 1 : -1) * Values.toFixed(b.getScalar().getValue());
        out.setScalar(Value.Scalar.newBuilder().setValue(Values.fromFixed(fixed)));
      }
      case RANGES -> out.setRanges(add ? Values.add(a.getRanges(), b.getRanges())
          : Values.subtract(a.getRanges(), b.getRanges()));
      case SET -> out.setSet(add ? Values.add(a.getSet(), b.getSet()) : Values.subtract(a.getSet(), b.getSet()));
      default -> throw new IllegalStateException(a.getType().toString());
    }
    return out.build();
  }
}
