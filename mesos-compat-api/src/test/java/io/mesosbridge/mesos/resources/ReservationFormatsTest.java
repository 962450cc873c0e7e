package io.mesosbridge.mesos.resources;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesosbridge.mesos.v1.Protos.Resource;
import io.mesosbridge.mesos.v1.Protos.Resource.ReservationInfo;
import org.junit.jupiter.api.Test;

class ReservationFormatsTest {

  private static final Resource CPUS = Resources.scalar("cpus", 2);

  private static ReservationInfo entry(ReservationInfo.Type type, String role) {
    return ReservationInfo.newBuilder().setType(type).setRole(role).build();
  }

  @Test
  void aDynamicReservationDowngradesToRoleAndReservationAndBack() {
    Resource refined = CPUS.toBuilder().addReservations(entry(ReservationInfo.Type.DYNAMIC, "ads").toBuilder()
        .setPrincipal("ops")).build();

    Resource old = ReservationFormats.downgrade(refined).orElseThrow();

    assertThat(old.getReservationsCount()).isZero();
    assertThat(old.getRole()).isEqualTo("ads");
    assertThat(old.getReservation().getPrincipal()).isEqualTo("ops");
    assertThat(old.getReservation().hasRole()).isFalse();
    assertThat(ReservationFormats.upgrade(old)).isEqualTo(refined);
  }

  @Test
  void aStaticReservationIsARoleAloneAndUnreservedStaysAsItIs() {
    Resource refined = CPUS.toBuilder().addReservations(entry(ReservationInfo.Type.STATIC, "ads")).build();

    Resource old = ReservationFormats.downgrade(refined).orElseThrow();

    assertThat(old.hasReservation()).isFalse();
    assertThat(old.getRole()).isEqualTo("ads");
    assertThat(ReservationFormats.upgrade(old)).isEqualTo(refined);
    assertThat(ReservationFormats.downgrade(CPUS)).contains(CPUS);
    assertThat(ReservationFormats.upgrade(CPUS.toBuilder().setRole("*").build())).isEqualTo(CPUS);
  }

  @Test
  void aRefinedReservationHasNoOldFormAndPopsItsInnermostEntry() {
    Resource nested = CPUS.toBuilder().addReservations(entry(ReservationInfo.Type.STATIC, "eng"))
        .addReservations(entry(ReservationInfo.Type.DYNAMIC, "eng/ads")).build();

    assertThat(ReservationFormats.downgrade(nested)).isEmpty();
    assertThat(ReservationFormats.isDynamicallyReserved(nested)).isTrue();
    assertThat(ReservationFormats.popReservation(nested).getReservationsList())
        .containsExactly(entry(ReservationInfo.Type.STATIC, "eng"));
    assertThat(ReservationFormats.isDynamicallyReserved(ReservationFormats.popReservation(nested))).isFalse();
  }
}
