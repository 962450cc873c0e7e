package io.mesosbridge.operator.maintenanceapi;

import io.mesosbridge.mesos.v1.Protos.MachineID;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MaintenanceResourceTest {

    private static byte[] body(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theMachinesOfDownAndUpAreAJsonArrayOfMachineIds() {
        assertThat(MaintenanceResource.machines(body("[{\"hostname\":\"a\"},{\"ip\":\"10.0.0.1\"}]"))).containsExactly(
                MachineID.newBuilder().setHostname("a").build(), MachineID.newBuilder().setIp("10.0.0.1").build());
        assertThat(MaintenanceResource.machines(body("[]"))).isEmpty();
    }

    @Test
    void anythingElseIsRefusedWithTheReason() {
        assertThatThrownBy(() -> MaintenanceResource.machines(body("{\"hostname\":\"a\"}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JSON array");
        assertThatThrownBy(() -> MaintenanceResource.machines(body("[{\"hostname\":")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("Failed to parse JSON");
        assertThatThrownBy(() -> MaintenanceResource.machines(body("[{\"hostname\":7}]")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hostname");
        assertThatThrownBy(() -> MaintenanceResource.machines(body("")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
