package io.mesosbridge.operator.offers;

import java.util.Optional;
import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.Resource;
import io.mesosbridge.mesos.v1.Protos.Resource.ReservationInfo;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OfferTest {

    private static final Resource DYNAMIC = Resources.scalar("cpus", 2).toBuilder().addReservations(ReservationInfo
            .newBuilder().setType(ReservationInfo.Type.DYNAMIC).setRole("ads").setPrincipal("ops")).build();
    private static final Resource REFINED = Resources.scalar("mem", 64).toBuilder()
            .addReservations(ReservationInfo.newBuilder().setType(ReservationInfo.Type.STATIC).setRole("ads"))
            .addReservations(ReservationInfo.newBuilder().setType(ReservationInfo.Type.DYNAMIC).setRole("ads/x"))
            .build();

    private static Offer offer(boolean multiRole) {
        return new Offer("o1", "fw-1", "a1", "n1", "n1", "10.0.0.1",
                Resources.of(Resources.scalar("cpus", 1), DYNAMIC, REFINED), List.of(), "ads", multiRole);
    }

    @Test
    void aFrameworkWithReservationRefinementGetsTheReservationsStack() {
        Protos.Offer proto = offer(false).toProto(true, Optional.empty());

        assertThat(proto.getResourcesList()).contains(DYNAMIC, REFINED);
    }

    @Test
    void anOlderFrameworkGetsRoleAndReservationAndNoRefinedReservation() {
        Protos.Offer proto = offer(true).toProto(false, Optional.empty());

        assertThat(proto.getResourcesList()).hasSize(2).allSatisfy(resource -> {
            assertThat(resource.getReservationsCount()).isZero();
            assertThat(resource.getAllocationInfo().getRole()).isEqualTo("ads");
        });
        Resource cpus = proto.getResources(1).getName().equals("cpus") && proto.getResources(1).hasReservation()
                ? proto.getResources(1) : proto.getResources(0);
        assertThat(cpus.getRole()).isEqualTo("ads");
        assertThat(cpus.getReservation().getPrincipal()).isEqualTo("ops");
        assertThat(proto.getResourcesList()).noneMatch(resource -> resource.getName().equals("mem"));
    }
}
