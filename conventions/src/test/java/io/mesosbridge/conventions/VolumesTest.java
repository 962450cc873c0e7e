package io.mesosbridge.conventions;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VolumesTest {

    @Test
    void externalVolumesAndSecretReferencesNameTheirObjectsAsDnsLabels() {
        assertThat(Volumes.claimName("Pg_Data")).isEqualTo("pg-data");
        assertThat(Volumes.claimName("0-scratch")).isEqualTo("volume-0-scratch");
        assertThat(Volumes.secretName("/db/password")).isEqualTo("db-password");
        assertThat(Volumes.secretName("tls")).isEqualTo("tls");
        String longName = "a".repeat(80);
        assertThat(Volumes.claimName(longName)).hasSize(63).endsWith("-" + LabelNames.shortHash(longName));
    }

    @Test
    void aRelativeContainerPathIsInTheSandbox() {
        assertThat(Volumes.mountPath("data", Sandbox.PATH)).isEqualTo("/mnt/mesos/sandbox/data");
        assertThat(Volumes.mountPath("/data", Sandbox.PATH)).isEqualTo("/data");
    }

    @Test
    void aSecretIsMountedOneKeyAtATimeReadOnly() {
        assertThat(Volumes.secretVolume("secret-0", "db").getSecret().getSecretName()).isEqualTo("db");
        assertThat(Volumes.secretMount("secret-0", "/etc/pw", "value")).satisfies(mount -> {
            assertThat(mount.getSubPath()).isEqualTo("value");
            assertThat(mount.getReadOnly()).isTrue();
            assertThat(mount.getMountPath()).isEqualTo("/etc/pw");
        });
    }
}
