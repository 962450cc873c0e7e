package io.mesosbridge.mesos.resources;

import static io.mesosbridge.mesos.resources.Resources.ranges;
import static io.mesosbridge.mesos.resources.Resources.scalar;
import static io.mesosbridge.mesos.resources.Resources.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mesosbridge.mesos.v1.Protos.Resource;
import io.mesosbridge.mesos.v1.Protos.Value;
import org.junit.jupiter.api.Test;

class ResourcesTest {

  static Resource reserved(Resource r, String role) {
    return r.toBuilder().addReservations(Resource.ReservationInfo.newBuilder()
        .setType(Resource.ReservationInfo.Type.STATIC).setRole(role)).build();
  }

  @Test
  void scalarsAddInFixedPointWithThreeDecimals() {
    Resources r = Resources.of(scalar("cpus", 0.1)).add(scalar("cpus", 0.2));
    assertThat(r.scalar("cpus")).isEqualTo(0.3); // not 0.30000000000000004
    assertThat(Resources.of(scalar("cpus", 1.0004)).scalar("cpus")).isEqualTo(1.0);
    assertThat(Resources.of(scalar("cpus", 1.0005)).scalar("cpus")).isEqualTo(1.001);
    assertThat(r.size()).isEqualTo(1);
    // llround: halves away from zero; 1/16 * 1000 = 62.5 exactly
    assertThat(Values.toFixed(0.0625)).isEqualTo(63);
    assertThat(Values.toFixed(-0.0625)).isEqualTo(-63);
    assertThat(Values.fromFixed(123_456_789)).isEqualTo(123456.789);
    assertThat(Values.formatScalar(8192)).isEqualTo("8192");
    assertThat(Values.formatScalar(0.1 + 0.2)).isEqualTo("0.3");
  }

  @Test
  void emptyAndNegativeResultsDisappear() {
    Resources r = Resources.of(scalar("cpus", 1), scalar("mem", 128));
    assertThat(r.subtract(scalar("cpus", 1)).names()).containsExactly("mem");
    assertThat(r.subtract(scalar("cpus", 5)).names()).containsExactly("mem");
    assertThat(Resources.of(scalar("cpus", 0), scalar("gpus", 0.0001)).isEmpty()).isTrue();
  }

  @Test
  void rangesMergeAndSubtract() {
    Resources ports = Resources.of(ranges("ports", 31000, 31010), ranges("ports", 31011, 31020),
        ranges("ports", 31005, 31007), ranges("ports", 40000, 40000));
    assertThat(ports.ranges("ports").getRangeList())
        .containsExactly(Values.range(31000, 31020), Values.range(40000, 40000));
    Resources left = ports.subtract(ranges("ports", 31005, 31006));
    assertThat(Values.formatRanges(left.ranges("ports"))).isEqualTo("[31000-31004, 31007-31020, 40000-40000]");
    assertThat(left.contains(ranges("ports", 31007, 31020))).isTrue();
    assertThat(left.contains(ranges("ports", 31004, 31005))).isFalse();
  }

  @Test
  void setsUniteAndSubtract() {
    Resources gpus = Resources.of(set("gpu_ids", "0", "1")).add(set("gpu_ids", "1", "2"));
    assertThat(gpus.set("gpu_ids")).containsExactly("0", "1", "2");
    assertThat(gpus.subtract(set("gpu_ids", "1")).set("gpu_ids")).containsExactly("0", "2");
    assertThat(gpus.contains(set("gpu_ids", "2", "0"))).isTrue();
    assertThat(gpus.contains(set("gpu_ids", "3"))).isFalse();
  }

  @Test
  void differentRolesAndAllocationsDoNotMix() {
    Resources r = Resources.of(scalar("cpus", 2), reserved(scalar("cpus", 3), "ads"));
    assertThat(r.size()).isEqualTo(2);
    assertThat(r.scalar("cpus")).isEqualTo(5);
    assertThat(r.reservedTo("ads").scalar("cpus")).isEqualTo(3);
    assertThat(r.unreserved().scalar("cpus")).isEqualTo(2);
    assertThat(r.reserved().size()).isEqualTo(1);
    // unreserved cpus do not satisfy a request for reserved ones
    assertThat(r.contains(reserved(scalar("cpus", 4), "ads"))).isFalse();
    assertThat(r.toUnreserved().scalar("cpus")).isEqualTo(5);
    assertThat(r.toUnreserved().size()).isEqualTo(1);

    Resources offered = r.allocate("ads");
    assertThat(offered.allocatedTo("ads")).isEqualTo(offered);
    assertThat(offered.allocatedTo("web").isEmpty()).isTrue();
    assertThat(offered.contains(scalar("cpus", 1))).isFalse();
    assertThat(offered.unallocate()).isEqualTo(r);
  }

  @Test
  void legacyRoleFieldCountsAsAReservation() {
    Resource legacy = scalar("mem", 64).toBuilder().setRole("ads").build();
    assertThat(Resources.reservationRole(legacy)).isEqualTo("ads");
    assertThat(Resources.reservationRole(scalar("mem", 64).toBuilder().setRole("*").build())).isNull();
  }

  @Test
  void persistentVolumesAreIndivisibleUnits() {
    Resource volume = Resource.newBuilder().setName("disk").setType(Value.Type.SCALAR)
        .setScalar(Value.Scalar.newBuilder().setValue(100))
        .setDisk(Resource.DiskInfo.newBuilder().setPersistence(
            Resource.DiskInfo.Persistence.newBuilder().setId("v1")))
        .build();
    Resources twice = Resources.of(volume, volume);
    assertThat(twice.size()).isEqualTo(2);
    assertThat(twice.subtract(volume).size()).isEqualTo(1);
    Resource part = volume.toBuilder().setScalar(Value.Scalar.newBuilder().setValue(50)).build();
    assertThat(twice.contains(part)).isFalse();
    assertThat(Resources.of(volume).contains(Resources.of(volume, volume))).isFalse();
  }

  @Test
  void filtersByNameAndPredicate() {
    Resources r = ResourceStrings.parse("cpus:4;mem:8192;disk:100000;ports:[8000-9000]");
    assertThat(r.named("mem").scalar("mem")).isEqualTo(8192);
    assertThat(r.named("mem").names()).containsExactly("mem");
    assertThat(r.filter(x -> x.getType() == Value.Type.SCALAR).names()).containsExactly("cpus", "mem", "disk");
  }

  @Test
  void equalityIgnoresOrder() {
    assertThat(Resources.of(scalar("cpus", 1), scalar("mem", 2)))
        .isEqualTo(Resources.of(scalar("mem", 2), scalar("cpus", 1)))
        .hasSameHashCodeAs(Resources.of(scalar("mem", 2), scalar("cpus", 1)))
        .isNotEqualTo(Resources.of(scalar("mem", 2), scalar("cpus", 1.5)));
  }

  @Test
  void rejectsResourcesMesosRejects() {
    assertThatThrownBy(() -> Resources.of(scalar("", 1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Resources.of(scalar("cpus", -1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Resources.of(scalar("cpus", Double.NaN))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Resources.of(ranges("ports", 10, 5))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Resources.of(set("s", "a", "a"))).isInstanceOf(IllegalArgumentException.class);
    Resource noValue = Resource.newBuilder().setName("cpus").setType(Value.Type.SCALAR).build();
    assertThatThrownBy(() -> Resources.of(noValue)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void unsignedRangeEndsWork() {
    Resources r = Resources.of(ranges("big", -2L, -1L)); // 2^64-2 .. 2^64-1
    assertThat(Values.formatRanges(r.ranges("big"))).isEqualTo("[18446744073709551614-18446744073709551615]");
    assertThat(r.add(ranges("big", -5L, -3L)).ranges("big").getRangeCount()).isEqualTo(1);
    assertThat(r.subtract(ranges("big", -1L, -1L)).ranges("big").getRange(0).getEnd()).isEqualTo(-2L);
  }
}
