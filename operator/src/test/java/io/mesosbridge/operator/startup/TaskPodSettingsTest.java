package io.mesosbridge.operator.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.mesosbridge.conventions.PodSecurity;
import io.mesosbridge.operator.pods.PodSettings;
import io.mesosbridge.operator.pods.TaskUsers;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskPodSettingsTest {

    @Test
    void whilePortsArePublishedOnNodesAdmissionEnforcesPrivilegedAndWarnsAndAuditsTheLevel() {
        assertThat(TaskPodSettings.namespaceLabels(PodSettings.defaults())).containsExactly(
                entry(PodSecurity.ENFORCE_LABEL, "privileged"),
                entry(PodSecurity.WARN_LABEL, "baseline"),
                entry(PodSecurity.AUDIT_LABEL, "baseline"));
    }

    @Test
    void withoutHostPortsAdmissionEnforcesTheLevel() {
        PodSettings restricted = PodSettings.of(PodSettings.DEFAULT_IMAGE, "IfNotPresent",
                PodSecurity.Level.RESTRICTED, null, TaskUsers.defaults(), false);

        assertThat(TaskPodSettings.namespaceLabels(restricted)).containsExactly(
                entry(PodSecurity.ENFORCE_LABEL, "restricted"),
                entry(PodSecurity.WARN_LABEL, "restricted"),
                entry(PodSecurity.AUDIT_LABEL, "restricted"));
    }

    @Test
    void allowedHostPathsMakeAdmissionEnforcePrivilegedAsHostPortsDo() {
        PodSettings hostPaths = PodSettings.of(PodSettings.DEFAULT_IMAGE, "IfNotPresent",
                PodSecurity.Level.BASELINE, null, TaskUsers.defaults(), false).withAllowedHostPaths(List.of("/srv"));

        assertThat(TaskPodSettings.namespaceLabels(hostPaths)).containsExactly(
                entry(PodSecurity.ENFORCE_LABEL, "privileged"),
                entry(PodSecurity.WARN_LABEL, "baseline"),
                entry(PodSecurity.AUDIT_LABEL, "baseline"));
    }
}
