package io.mesosbridge.conventions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.SecurityContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodSecurityTest {

    @Test
    void theDefaultCapabilitiesAreWithinBaselineAndRestrictedKeepsOnlyNetBindService() {
        assertThat(PodSecurity.BASELINE_CAPABILITIES).containsAll(PodSecurity.DEFAULT_TASK_CAPABILITIES);
        assertThat(PodSecurity.DEFAULT_TASK_CAPABILITIES).doesNotContain("NET_RAW", "MKNOD", "SYS_ADMIN");
        assertThat(PodSecurity.defaultCapabilities(PodSecurity.Level.BASELINE))
                .isEqualTo(PodSecurity.DEFAULT_TASK_CAPABILITIES);
        assertThat(PodSecurity.defaultCapabilities(PodSecurity.Level.RESTRICTED)).containsExactly("NET_BIND_SERVICE");
    }

    @Test
    void capabilityNamesAreNormalizedAndCheckedAgainstTheLevel() {
        assertThat(PodSecurity.capabilities(List.of("cap_chown", " KILL ", "KILL"), PodSecurity.Level.BASELINE))
                .containsExactly("CHOWN", "KILL");
        assertThat(PodSecurity.capabilities(List.of("SYS_ADMIN"), PodSecurity.Level.PRIVILEGED))
                .containsExactly("SYS_ADMIN");
        assertThatThrownBy(() -> PodSecurity.capabilities(List.of("SYS_ADMIN", "NET_RAW", "CHOWN"),
                PodSecurity.Level.BASELINE))
                .hasMessage("The Pod Security level baseline does not allow adding [SYS_ADMIN, NET_RAW]");
        assertThatThrownBy(() -> PodSecurity.capabilities(List.of("CHOWN"), PodSecurity.Level.RESTRICTED))
                .hasMessage("The Pod Security level restricted does not allow adding [CHOWN]");
    }

    @Test
    void levelsAreReadFromTheirLabelNames() {
        assertThat(PodSecurity.Level.of("Restricted")).isEqualTo(PodSecurity.Level.RESTRICTED);
        assertThatThrownBy(() -> PodSecurity.Level.of("strict"))
                .hasMessage("'strict' is not a Pod Security level (privileged, baseline, restricted)");
    }

    @Test
    void theNamespaceEnforcesOneLevelAndWarnsAndAuditsAnother() {
        assertThat(PodSecurity.namespaceLabels(PodSecurity.Level.PRIVILEGED, PodSecurity.Level.BASELINE))
                .containsExactly(Map.entry("pod-security.kubernetes.io/enforce", "privileged"),
                        Map.entry("pod-security.kubernetes.io/warn", "baseline"),
                        Map.entry("pod-security.kubernetes.io/audit", "baseline"));
    }

    @Test
    void aContainerDropsEverythingButItsCapabilitiesAndCannotEscalateUnlessPrivileged() {
        SecurityContext hardened = PodSecurity.containerSecurityContext(List.of("CHOWN"), false);
        SecurityContext privileged = PodSecurity.containerSecurityContext(List.of(), true);

        assertThat(hardened.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(hardened.getCapabilities().getAdd()).containsExactly("CHOWN");
        assertThat(hardened.getAllowPrivilegeEscalation()).isFalse();
        assertThat(hardened.getPrivileged()).isNull();
        assertThat(privileged.getPrivileged()).isTrue();
        assertThat(privileged.getAllowPrivilegeEscalation()).isNull();
    }

    @Test
    void thePodRunsAsItsUserWithTheRuntimeDefaultSeccompProfile() {
        assertThat(PodSecurity.podSecurityContext(65534, 65534))
                .extracting("runAsUser", "runAsGroup", "runAsNonRoot", "seccompProfile.type")
                .containsExactly(65534L, 65534L, true, "RuntimeDefault");
        assertThat(PodSecurity.podSecurityContext(0, 0).getRunAsNonRoot()).isFalse();
    }
}
