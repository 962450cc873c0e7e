package io.mesosbridge.mesos.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mesosbridge.mesos.v1.Protos.Resource;
import org.junit.jupiter.api.Test;

class ResourceStringsTest {

  @Test
  void parsesTheAgentResourceFlag() {
    Resources r = ResourceStrings.parse("cpus:4;mem:8192;disk:100000;ports:[8000-9000]");
    assertThat(r.scalar("cpus")).isEqualTo(4);
    assertThat(r.scalar("mem")).isEqualTo(8192);
    assertThat(r.scalar("disk")).isEqualTo(100000);
    assertThat(r.ranges("ports").getRangeList()).containsExactly(Values.range(8000, 9000));
    assertThat(r.unreserved()).isEqualTo(r);
    assertThat(ResourceStrings.print(r)).isEqualTo("cpus:4;mem:8192;disk:100000;ports:[8000-9000]");
  }

  @Test
  void aRoleInParenthesesIsAStaticReservation() {
    Resources r = ResourceStrings.parse("cpus(ads):2; cpus:1.5; gpus(ml) : {0, 1}");
    Resource ads = r.reservedTo("ads").toList().get(0);
    assertThat(ads.getReservationsList()).hasSize(1);
    assertThat(ads.getReservations(0).getType()).isEqualTo(Resource.ReservationInfo.Type.STATIC);
    assertThat(ads.getReservations(0).getRole()).isEqualTo("ads");
    assertThat(r.scalar("cpus")).isEqualTo(3.5);
    assertThat(r.reservedTo("ml").set("gpus")).containsExactly("0", "1");
    assertThat(ResourceStrings.print(r)).isEqualTo("cpus(ads):2;cpus:1.5;gpus(ml):{0, 1}");
    assertThat(ResourceStrings.parse(ResourceStrings.print(r))).isEqualTo(r);
  }

  @Test
  void hierarchicalRolesAreRolesAndMalformedPathsAreNot() {
    assertThat(ResourceStrings.parse("cpus(eng/web):2").reservedTo("eng/web").scalar("cpus")).isEqualTo(2);
    for (String role : new String[] {"/eng", "eng/", "eng//web", "eng/..", "eng/*", "eng/-web", "eng/w b"}) {
      assertThatThrownBy(() -> ResourceStrings.parse("cpus(" + role + "):2"))
          .isInstanceOf(ResourceParseException.class)
          .hasMessageContaining("invalid role '" + role + "'");
    }
  }

  @Test
  void aDefaultRoleAppliesToTokensWithoutOne() {
    Resources r = ResourceStrings.parse("cpus:2;mem(web):10", "ads");
    assertThat(r.reservedTo("ads").names()).containsExactly("cpus");
    assertThat(r.reservedTo("web").names()).containsExactly("mem");
  }

  @Test
  void repeatedTokensAddUpAndRangesCoalesce() {
    Resources r = ResourceStrings.parse("cpus:1;cpus:2;ports:[1-5, 3-10, 11-12, 20-20]");
    assertThat(r.scalar("cpus")).isEqualTo(3);
    assertThat(Values.formatRanges(r.ranges("ports"))).isEqualTo("[1-12, 20-20]");
  }

  @Test
  void readsTheJsonArrayForm() {
    Resources r = ResourceStrings.parse("[{\"name\":\"cpus\",\"type\":\"SCALAR\",\"scalar\":{\"value\":2}},"
        + "{\"name\":\"ports\",\"type\":\"RANGES\",\"ranges\":{\"range\":[{\"begin\":1,\"end\":2}]}}]");
    assertThat(r).isEqualTo(ResourceStrings.parse("cpus:2;ports:[1-2]"));
  }

  @Test
  void rejectsMalformedText() {
    for (String bad : new String[] {"cpus", "cpus:1:2", "cpus:", "(ads):1", "cpus(ads:1", "cpus)ads(:1",
        "cpus:-1", "cpus:abc", "ports:[1-2", "ports:[5-1]", "ports:[a-b]", "ports:[1-2-3]", "cpus:nan",
        "cpus:1e400", "cpus(a//b):1", "cpus():1", "[{\"name\":1}", "[{\"type\":\"SCALAR\"}]", "s:{a,a}"}) {
      assertThatThrownBy(() -> ResourceStrings.parse(bad)).as(bad).isInstanceOf(ResourceParseException.class);
    }
  }

  @Test
  void printRefusesWhatTheTextFormCannotSay() {
    Resources offered = ResourceStrings.parse("cpus:1").allocate("ads");
    assertThatThrownBy(() -> ResourceStrings.print(offered)).isInstanceOf(IllegalArgumentException.class);
    assertThat(ResourceStrings.describe(offered)).isEqualTo("cpus(allocated: ads):1");
    assertThat(offered.toString()).isEqualTo("cpus(allocated: ads):1");
  }
}
