package io.mesosbridge.mesos.resources;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesosbridge.mesos.v1.Protos.Resource;
import io.mesosbridge.mesos.v1.Protos.Value;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ResourcesPropertiesTest {

  @Provide
  Arbitrary<Resources> resources() {
    Arbitrary<String> role = Arbitraries.of("*", "ads", "web");
    Arbitrary<Resource> scalar = Combinators.combine(Arbitraries.of("cpus", "mem", "disk"),
        Arbitraries.doubles().between(0, 100_000).ofScale(4), role)
        .as((name, v, r) -> withRole(Resources.scalar(name, v), r));
    Arbitrary<Resource> range = Combinators.combine(Arbitraries.longs().between(0, 2000),
        Arbitraries.longs().between(0, 50), role)
        .as((b, len, r) -> withRole(Resources.ranges("ports", b, b + len), r));
    Arbitrary<Resource> set = Combinators.combine(Arbitraries.of("0", "1", "2", "3", "4").set().ofMinSize(1), role)
        .as((items, r) -> withRole(Resources.set("gpus", items.toArray(String[]::new)), r));
    return Arbitraries.oneOf(scalar, range, set).list().ofMaxSize(8).map(Resources::of);
  }

  private static Resource withRole(Resource r, String role) {
    if ("*".equals(role)) {
      return r;
    }
    return r.toBuilder().addReservations(Resource.ReservationInfo.newBuilder()
        .setType(Resource.ReservationInfo.Type.STATIC).setRole(role)).build();
  }

  @Provide
  Arbitrary<Resources> scalarResources() {
    Arbitrary<Resource> scalar = Combinators.combine(Arbitraries.of("cpus", "mem", "disk"),
        Arbitraries.doubles().between(0, 100_000).ofScale(4), Arbitraries.of("*", "ads"))
        .as((name, v, r) -> withRole(Resources.scalar(name, v), r));
    return scalar.list().ofMaxSize(6).map(Resources::of);
  }

  @Property(tries = 300)
  void addingThenSubtractingScalarsGivesBackTheOriginal(@ForAll("scalarResources") Resources a,
      @ForAll("scalarResources") Resources b) {
    assertThat(a.add(b).subtract(b)).isEqualTo(a);
  }

  /** Ranges and sets are unions, so the law holds for the part of b that a does not already hold. */
  @Property(tries = 300)
  void addingThenSubtractingGivesBackTheOriginal(@ForAll("resources") Resources a,
      @ForAll("resources") Resources b) {
    Resources fresh = b.subtract(a);
    assertThat(a.add(fresh).subtract(fresh)).isEqualTo(a);
  }

  @Property(tries = 300)
  void aSumContainsBothParts(@ForAll("resources") Resources a, @ForAll("resources") Resources b) {
    Resources sum = a.add(b);
    assertThat(sum.contains(a)).isTrue();
    assertThat(sum.contains(b)).isTrue();
    assertThat(a.add(b)).isEqualTo(b.add(a));
  }

  @Property(tries = 300)
  void whatIsLeftAfterSubtractingIsContained(@ForAll("resources") Resources a, @ForAll("resources") Resources b) {
    Resources left = a.subtract(b);
    assertThat(a.contains(left)).isTrue();
    if (a.contains(b)) {
      assertThat(left.add(b)).isEqualTo(a);
    }
  }

  @Property(tries = 300)
  void agentTextRoundTrips(@ForAll("resources") Resources a) {
    assertThat(ResourceStrings.parse(ResourceStrings.print(a))).isEqualTo(a);
  }

  @Property(tries = 500)
  void mergedRangesAreSortedDisjointAndCoverExactlyTheInput(
      @ForAll("rangeLists") List<long[]> input) {
    Value.Ranges.Builder raw = Value.Ranges.newBuilder();
    boolean[] covered = new boolean[300];
    for (long[] r : input) {
      raw.addRange(Values.range(r[0], r[1]));
      for (long i = r[0]; i <= r[1]; i++) {
        covered[(int) i] = true;
      }
    }
    Value.Ranges merged = Values.coalesce(raw.build());
    boolean[] mergedCover = new boolean[300];
    long previousEnd = -2;
    for (Value.Range r : merged.getRangeList()) {
      assertThat(r.getBegin()).isGreaterThan(previousEnd + 1); // disjoint and not adjacent
      assertThat(r.getBegin()).isLessThanOrEqualTo(r.getEnd());
      for (long i = r.getBegin(); i <= r.getEnd(); i++) {
        mergedCover[(int) i] = true;
      }
      previousEnd = r.getEnd();
    }
    assertThat(mergedCover).isEqualTo(covered);
  }

  @Provide
  Arbitrary<List<long[]>> rangeLists() {
    return Combinators.combine(Arbitraries.longs().between(0, 280), Arbitraries.longs().between(0, 15))
        .as((b, len) -> new long[] {b, b + len}).list().ofMaxSize(10);
  }
}
