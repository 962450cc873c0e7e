package io.mesosbridge.conventions;

import io.mesosbridge.mesos.resources.ResourceParseException;
import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.v1.Protos.Resource;
import io.mesosbridge.mesos.v1.Protos.Resource.ReservationInfo;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReservedResourcesTest {

    private static Resource reserved(Resource resource, ReservationInfo.Type type, String role, String principal) {
        ReservationInfo.Builder entry = ReservationInfo.newBuilder().setType(type).setRole(role);
        if (principal != null) {
            entry.setPrincipal(principal);
        }
        return resource.toBuilder().addReservations(entry).build();
    }

    @Test
    void theAnnotationIsAJsonArrayOfResourcesAsMesosPrintsThem() {
        Resources resources = Resources.of(reserved(Resources.scalar("cpus", 2), ReservationInfo.Type.DYNAMIC,
                "ads", "ops"));

        String value = ReservedResources.annotationValue(resources);

        assertThat(value).isEqualTo("[{\"name\":\"cpus\",\"type\":\"SCALAR\",\"scalar\":{\"value\":2.0},"
                + "\"reservations\":[{\"type\":\"DYNAMIC\",\"role\":\"ads\",\"principal\":\"ops\"}]}]");
        assertThat(ReservedResources.parse(value)).isEqualTo(resources);
    }

    @Test
    void thePreRefinementFormIsReadAsTheRefinedOne() {
        Resources parsed = ReservedResources.parse("[{\"name\":\"mem\",\"type\":\"SCALAR\",\"scalar\":{\"value\":64},"
                + "\"role\":\"ads\",\"reservation\":{\"principal\":\"ops\"}}]");

        assertThat(parsed).isEqualTo(Resources.of(reserved(Resources.scalar("mem", 64), ReservationInfo.Type.DYNAMIC,
                "ads", "ops")));
    }

    @Test
    void unreservedOrMalformedEntriesAreRefused() {
        assertThatThrownBy(() -> ReservedResources.parse("[{\"name\":\"cpus\",\"type\":\"SCALAR\","
                + "\"scalar\":{\"value\":1}}]")).isInstanceOf(ResourceParseException.class)
                .hasMessage("resource cpus is not reserved");
        assertThatThrownBy(() -> ReservedResources.parse("{}")).isInstanceOf(ResourceParseException.class)
                .hasMessage("expecting a JSON array of resources");
        assertThatThrownBy(() -> ReservedResources.parse("[1]")).isInstanceOf(ResourceParseException.class);
        assertThatThrownBy(() -> ReservedResources.parse("[")).isInstanceOf(ResourceParseException.class);
    }

    @Provide
    Arbitrary<Resources> reservedResources() {
        Arbitrary<ReservationInfo.Type> type = Arbitraries.of(ReservationInfo.Type.STATIC, ReservationInfo.Type.DYNAMIC);
        Arbitrary<Resource> scalar = Combinators.combine(Arbitraries.of("cpus", "mem", "disk", "gpus"),
                Arbitraries.doubles().between(0.001, 100_000).ofScale(3), type, Arbitraries.of("ads", "web", "a/b"),
                Arbitraries.of("ops", "\u00e9t\u00e9 \"q\"").injectNull(0.3))
                .as((name, value, t, role, principal) -> reserved(Resources.scalar(name, value), t, role,
                        t == ReservationInfo.Type.STATIC ? null : principal));
        Arbitrary<Resource> ports = Combinators.combine(Arbitraries.longs().between(1, 60000),
                Arbitraries.longs().between(0, 100), Arbitraries.of("ads", "web"))
                .as((begin, length, role) -> reserved(Resources.ranges("ports", begin, begin + length),
                        ReservationInfo.Type.STATIC, role, null));
        return Arbitraries.oneOf(scalar, ports).list().ofMaxSize(6).map(Resources::of);
    }

    @Property
    void everyReservationSurvivesTheAnnotation(@ForAll("reservedResources") Resources resources) {
        assertThat(ReservedResources.parse(ReservedResources.annotationValue(resources))).isEqualTo(resources);
    }

    @Property
    void anyTextParsesOrIsRefusedAsUnreadable(@ForAll String text) {
        try {
            assertThat(ReservedResources.parse(text).reserved().size())
                    .isEqualTo(ReservedResources.parse(text).size());
        } catch (ResourceParseException refused) {
            assertThat(refused).hasMessageNotContaining("Exception");
        }
    }
}
