package io.mesosbridge.operator.namespaces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.mesosbridge.conventions.KubernetesKeys;
import io.mesosbridge.conventions.PodSecurity;
import io.mesosbridge.conventions.RoleNamespaces;
import io.mesosbridge.operator.pods.PodSettings;
import io.mesosbridge.operator.pods.TaskUsers;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskNamespacesTest {

    private static TaskNamespaces of(RoleNamespaces rule) {
        return new TaskNamespaces(null, rule, true, Map.of());
    }

    private static ObjectMeta object(String namespace, String bridgeLabel) {
        ObjectMetaBuilder metadata = new ObjectMetaBuilder().withName("task").withNamespace(namespace);
        if (bridgeLabel != null) {
            metadata.withLabels(Map.of(KubernetesKeys.BRIDGE_LABEL, bridgeLabel));
        }
        return metadata.build();
    }

    @Test
    void inSingleModeTheBridgesObjectsAreThoseInItsNamespaceLabelledOrNot() {
        TaskNamespaces single = of(RoleNamespaces.single("mesos"));

        assertThat(single.spansNamespaces()).isFalse();
        assertThat(single.holds(object("mesos", null))).isTrue();
        assertThat(single.holds(object("mesos", "mesos"))).isTrue();
        assertThat(single.holds(object("mesos-dev", "mesos"))).isFalse();
    }

    @Test
    void acrossNamespacesTheBridgesObjectsAreThoseLabelledWithItsNamespaceWhereverTheyAre() {
        TaskNamespaces prefixed = of(RoleNamespaces.prefixed("mesos", "mesos-"));

        assertThat(prefixed.spansNamespaces()).isTrue();
        assertThat(prefixed.holds(object("mesos-dev", "mesos"))).isTrue();
        assertThat(prefixed.holds(object("mesos", "mesos"))).isTrue();
        assertThat(prefixed.holds(object("mesos-dev", "other-bridge"))).isFalse();
        assertThat(prefixed.holds(object("mesos", null))).isFalse();
        assertThat(prefixed.bridgeLabel()).containsExactly(entry(KubernetesKeys.BRIDGE_LABEL, "mesos"));
    }

    @Test
    void aRoleTheTableDoesNotListHasNoNamespaceAndIsToldWhy() {
        TaskNamespaces table = of(RoleNamespaces.table("mesos", "dev=team-dev"));

        assertThat(table.namespaceOf("dev")).contains("team-dev");
        assertThat(table.namespaceOf("ops")).isEmpty();
        assertThat(TaskNamespaces.noNamespace("ops")).isEqualTo(
                "Role 'ops' has no namespace: mesos-bridge.role-namespace-table does not list it");
    }

    @Test
    void theBridgesOwnNamespaceIsReadyWithoutAskingTheApiServer() {
        assertThat(of(RoleNamespaces.prefixed("mesos", "mesos-")).prepare("mesos", "*")).isEmpty();
    }

    @Test
    void whilePortsArePublishedOnNodesAdmissionEnforcesPrivilegedAndWarnsAndAuditsTheLevel() {
        assertThat(PodSettings.defaults().namespaceLabels()).containsExactly(
                entry(PodSecurity.ENFORCE_LABEL, "privileged"),
                entry(PodSecurity.WARN_LABEL, "baseline"),
                entry(PodSecurity.AUDIT_LABEL, "baseline"));
    }

    @Test
    void withoutHostPortsAdmissionEnforcesTheLevel() {
        PodSettings restricted = PodSettings.of(PodSettings.DEFAULT_IMAGE, "IfNotPresent",
                PodSecurity.Level.RESTRICTED, null, TaskUsers.defaults(), false);

        assertThat(restricted.namespaceLabels()).containsExactly(
                entry(PodSecurity.ENFORCE_LABEL, "restricted"),
                entry(PodSecurity.WARN_LABEL, "restricted"),
                entry(PodSecurity.AUDIT_LABEL, "restricted"));
    }

    @Test
    void allowedHostPathsMakeAdmissionEnforcePrivilegedAsHostPortsDo() {
        PodSettings hostPaths = PodSettings.of(PodSettings.DEFAULT_IMAGE, "IfNotPresent",
                PodSecurity.Level.BASELINE, null, TaskUsers.defaults(), false).withAllowedHostPaths(List.of("/srv"));

        assertThat(hostPaths.namespaceLabels()).containsExactly(
                entry(PodSecurity.ENFORCE_LABEL, "privileged"),
                entry(PodSecurity.WARN_LABEL, "baseline"),
                entry(PodSecurity.AUDIT_LABEL, "baseline"));
    }
}
