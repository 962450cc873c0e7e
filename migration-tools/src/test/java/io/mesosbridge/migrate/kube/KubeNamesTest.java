package io.mesosbridge.migrate.kube;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KubeNamesTest {

    @Test
    void marathonPathsBecomeDnsLabels() {
        assertThat(KubeNames.fromPath("/tools/docker/registry")).isEqualTo("tools-docker-registry");
        assertThat(KubeNames.fromPath("/Prod/My_App.v2")).isEqualTo("prod-my-app-v2");
        assertThat(KubeNames.fromPath("/2048/game")).isEqualTo("app-2048-game");
    }

    @Test
    void longNamesKeepAHashOfTheWholeIdSoTheyStayDistinct() {
        String a = KubeNames.fromPath("/" + "very-long-segment/".repeat(6) + "a");
        String b = KubeNames.fromPath("/" + "very-long-segment/".repeat(6) + "b");
        assertThat(a).hasSizeLessThanOrEqualTo(63).matches("[a-z]([-a-z0-9]*[a-z0-9])?");
        assertThat(a).isNotEqualTo(b);
        assertThat(KubeNames.fromPath("/" + "very-long-segment/".repeat(6) + "a")).isEqualTo(a);
    }

    @Test
    void portNamesAreShortIanaNames() {
        assertThat(KubeNames.portName("rest-endpoint-for-clients", 0)).hasSizeLessThanOrEqualTo(15).isEqualTo("rest-endpoint-f");
        assertThat(KubeNames.portName(null, 2)).isEqualTo("port2");
        assertThat(KubeNames.portName("8080", 1)).isEqualTo("port1");
    }

    @Test
    void labelSyntax() {
        assertThat(KubeNames.isQualifiedKey("DCOS_PACKAGE_NAME")).isTrue();
        assertThat(KubeNames.isQualifiedKey("example.com/team")).isTrue();
        assertThat(KubeNames.isQualifiedKey("has space")).isFalse();
        assertThat(KubeNames.isLabelValue("/v1/plan")).isFalse();
        assertThat(KubeNames.isLabelValue("Away from olympus")).isFalse();
        assertThat(KubeNames.isLabelValue("")).isTrue();
    }
}
