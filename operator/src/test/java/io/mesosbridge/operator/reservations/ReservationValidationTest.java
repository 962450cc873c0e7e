package io.mesosbridge.operator.reservations;

import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.v1.Protos.Resource;
import io.mesosbridge.mesos.v1.Protos.Resource.ReservationInfo;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ReservationValidationTest {

    private static Resource dynamic(String role, String principal, String allocatedTo) {
        ReservationInfo.Builder entry = ReservationInfo.newBuilder().setType(ReservationInfo.Type.DYNAMIC)
                .setRole(role);
        if (principal != null) {
            entry.setPrincipal(principal);
        }
        Resource.Builder resource = Resources.scalar("cpus", 1).toBuilder().addReservations(entry);
        if (allocatedTo != null) {
            resource.getAllocationInfoBuilder().setRole(allocatedTo);
        }
        return resource.build();
    }

    @Test
    void aFrameworkReservesAllocatedResourcesToItsOwnRoleAsItsPrincipal() {
        assertThat(ReservationValidation.reserve(List.of(dynamic("ads", "ops", "ads")), Optional.of("ops"),
                Optional.of(Set.of("ads")))).isEmpty();
        assertThat(ReservationValidation.reserve(List.of(dynamic("web", "ops", "ads")), Optional.of("ops"),
                Optional.of(Set.of("ads")))).contains("A reserve operation was attempted for a resource with role"
                + " 'web', but the resource was allocated to role 'ads'");
        assertThat(ReservationValidation.reserve(List.of(dynamic("web", "ops", "web")), Optional.of("ops"),
                Optional.of(Set.of("ads")))).contains("A reserve operation was attempted for a resource allocated"
                + " to role 'web', but the framework only has roles 'ads'");
        assertThat(ReservationValidation.reserve(List.of(dynamic("ads", "ops", null)), Optional.of("ops"),
                Optional.of(Set.of("ads")))).get().asString()
                .startsWith("A reserve operation was attempted on unallocated resource ");
    }

    @Test
    void thePrincipalOfTheReservationMustBeTheCallers() {
        assertThat(ReservationValidation.reserve(List.of(dynamic("ads", null, null)), Optional.of("ops"),
                Optional.empty())).contains("A reserve operation was attempted by principal 'ops', but there is a"
                + " reserved resource in the request with no principal set");
        assertThat(ReservationValidation.reserve(List.of(dynamic("ads", "eve", null)), Optional.of("ops"),
                Optional.empty())).contains("A reserve operation was attempted by authenticated principal 'ops',"
                + " which does not match a reserved resource in the request with principal 'eve'");
        assertThat(ReservationValidation.reserve(List.of(dynamic("ads", "eve", null)), Optional.empty(),
                Optional.empty())).as("no authentication, any principal").isEmpty();
    }

    @Test
    void theOperatorApiReservesOnlyUnallocatedResources() {
        assertThat(ReservationValidation.reserve(List.of(dynamic("ads", "ops", "ads")), Optional.empty(),
                Optional.empty())).contains("A reserve operation was attempted with an allocated resource, but the"
                + " operator API only allows reservations to be made to unallocated resources");
    }

    @Test
    void onlyDynamicReservationsToValidRolesAreMadeOrUndone() {
        Resource unreserved = Resources.scalar("cpus", 1);
        Resource statically = unreserved.toBuilder().addReservations(ReservationInfo.newBuilder()
                .setType(ReservationInfo.Type.STATIC).setRole("ads")).build();

        assertThat(ReservationValidation.reserve(List.of(unreserved), Optional.empty(), Optional.empty()))
                .get().asString().endsWith(" is not dynamically reserved").startsWith("Resource cpus");
        assertThat(ReservationValidation.unreserve(List.of(statically))).get().asString()
                .endsWith(" is not dynamically reserved");
        assertThat(ReservationValidation.reserve(List.of(dynamic("*", null, null)), Optional.empty(),
                Optional.empty())).contains("Invalid resources: Invalid reservation: role \"*\" cannot be reserved");
        assertThat(ReservationValidation.reserve(List.of(dynamic("a//b", null, null)), Optional.empty(),
                Optional.empty())).contains("Invalid resources: Invalid reservation: Role 'a//b' cannot contain two"
                + " adjacent slashes");
        assertThat(ReservationValidation.unreserve(List.of(dynamic("ads", "ops", null)))).isEmpty();
    }

    @Test
    void aPersistentVolumeIsDestroyedBeforeItsReservationIsUndone() {
        Resource volume = dynamic("ads", "ops", null).toBuilder().setName("disk").setDisk(Resource.DiskInfo
                .newBuilder().setPersistence(Resource.DiskInfo.Persistence.newBuilder().setId("v1"))).build();

        assertThat(ReservationValidation.unreserve(List.of(volume))).get().asString()
                .startsWith("A dynamically reserved persistent volume ")
                .endsWith(" cannot be unreserved directly. Please destroy the persistent volume first then"
                        + " unreserve the resource");
    }

    private static Resource volume(String id, String principal) {
        Resource.DiskInfo.Persistence.Builder persistence = Resource.DiskInfo.Persistence.newBuilder().setId(id);
        if (principal != null) {
            persistence.setPrincipal(principal);
        }
        return dynamic("ads", "ops", null).toBuilder().setName("disk").setDisk(Resource.DiskInfo.newBuilder()
                .setPersistence(persistence)
                .setVolume(io.mesosbridge.mesos.v1.Protos.Volume.newBuilder().setContainerPath("data")
                        .setMode(io.mesosbridge.mesos.v1.Protos.Volume.Mode.RW))).build();
    }

    @Test
    void aVolumeIsAReservedDiskWithAnIdOfItsOwnMadeByItsPrincipal() {
        Resource unreserved = volume("v1", "ops").toBuilder().clearReservations().build();

        assertThat(ReservationValidation.create(List.of(volume("v1", "ops")), Resources.empty(), Optional.of("ops")))
                .isEmpty();
        assertThat(ReservationValidation.create(List.of(unreserved), Resources.empty(), Optional.empty()))
                .contains("Not a persistent volume: Persistent volumes cannot be created from unreserved resources");
        assertThat(ReservationValidation.create(List.of(volume("v1", "ops")), Resources.of(volume("v1", "eve")),
                Optional.empty())).contains("Persistence ID 'v1' is not unique");
        assertThat(ReservationValidation.create(List.of(volume("v1", "eve")), Resources.empty(), Optional.of("ops")))
                .contains("Create volume operation attempted by authenticated principal 'ops', which does not match a"
                        + " volume in the operation with principal 'eve' set in 'disk.persistence'");
        assertThat(ReservationValidation.create(List.of(dynamic("ads", "ops", null)), Resources.empty(),
                Optional.empty())).get().asString().startsWith("Not a persistent volume: Resource cpus");
    }

    @Test
    void onlyAVolumeTheAgentHasAndNoTaskUsesIsDestroyed() {
        Resources recorded = Resources.of(volume("v1", "ops"));

        assertThat(ReservationValidation.destroy(List.of(volume("v1", "ops")), recorded, Resources.empty())).isEmpty();
        assertThat(ReservationValidation.destroy(List.of(volume("v2", "ops")), recorded, Resources.empty()))
                .contains("Persistent volumes not found");
        assertThat(ReservationValidation.destroy(List.of(volume("v1", "ops")), recorded, recorded))
                .contains("Persistent volumes in use");
    }

    @Test
    void eachOperationTakesWhatItIsMadeOfAndGivesWhatItMakes() {
        Resource reserved = dynamic("ads", "ops", null).toBuilder().setName("disk").build();
        Resources volume = Resources.of(volume("v1", "ops"));

        assertThat(Reservations.Kind.RESERVE.consumed(Resources.of(reserved)))
                .isEqualTo(Resources.of(reserved.toBuilder().clearReservations().build()));
        assertThat(Reservations.Kind.UNRESERVE.produced(Resources.of(reserved)))
                .isEqualTo(Resources.of(reserved.toBuilder().clearReservations().build()));
        assertThat(Reservations.Kind.CREATE.consumed(volume)).isEqualTo(Resources.of(reserved));
        assertThat(Reservations.Kind.DESTROY.produced(volume)).isEqualTo(Resources.of(reserved));
        assertThat(Reservations.Kind.CREATE.produced(volume)).isEqualTo(volume);
    }
}
