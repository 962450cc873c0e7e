package io.mesosbridge.conventions;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoleNamespacesTest {

    @Test
    void singleModePutsEveryRoleInTheBridgesNamespaceAndNoneOwnsIt() {
        RoleNamespaces rule = RoleNamespaces.single("mesos");
        assertThat(rule.namespaceOf("*")).contains("mesos");
        assertThat(rule.namespaceOf("dev/web")).contains("mesos");
        assertThat(rule.exclusive("dev")).isFalse();
    }

    @Test
    void prefixModeGivesAPlainRoleItsPrefixedNameAndTheStarRoleTheBridgesNamespace() {
        RoleNamespaces rule = RoleNamespaces.prefixed("mesos", "mesos-");
        assertThat(rule.namespaceOf("analytics")).contains("mesos-analytics");
        assertThat(rule.namespaceOf("*")).contains("mesos");
        assertThat(rule.exclusive("analytics")).isTrue();
        assertThat(rule.exclusive("*")).isFalse();
    }

    @Test
    void prefixModeHashesHierarchicalAndUnusualRolesSoThatTheyCannotCollide() {
        RoleNamespaces rule = RoleNamespaces.prefixed("mesos", "mesos-");
        String hierarchical = rule.namespaceOf("a/b").orElseThrow();
        assertThat(hierarchical).startsWith("mesos-a-b-").hasSize("mesos-a-b-".length() + 8);
        assertThat(rule.namespaceOf("a-b")).contains("mesos-a-b");
        assertThat(rule.namespaceOf("A_b")).isNotEqualTo(rule.namespaceOf("a-b"));
        String longRole = "x".repeat(200);
        assertThat(rule.namespaceOf(longRole).orElseThrow()).hasSizeLessThanOrEqualTo(63)
                .isNotEqualTo(rule.namespaceOf("x".repeat(201)).orElseThrow());
    }

    @Test
    void tableModeMapsListedRolesAndGivesOthersNoNamespace() {
        RoleNamespaces rule = RoleNamespaces.table("mesos", "dev=team-dev, ops/db=team-ops,ops/web=team-ops");
        assertThat(rule.namespaceOf("dev")).contains("team-dev");
        assertThat(rule.namespaceOf("ops/db")).contains("team-ops");
        assertThat(rule.namespaceOf("other")).isEqualTo(Optional.empty());
        assertThat(rule.namespaceOf("*")).contains("mesos");
        assertThat(rule.exclusive("dev")).isTrue();
        assertThat(rule.exclusive("ops/db")).isFalse();
        assertThat(rule.exclusive("other")).isFalse();
    }

    @Test
    void badSettingsAreRefusedWithTheEntryNamed() {
        assertThatThrownBy(() -> RoleNamespaces.table("mesos", "dev=Team_Dev"))
                .hasMessageContaining("dev=Team_Dev");
        assertThatThrownBy(() -> RoleNamespaces.table("mesos", "dev=a,dev=b")).hasMessageContaining("twice");
        assertThatThrownBy(() -> RoleNamespaces.prefixed("mesos", "Mesos_")).hasMessageContaining("Mesos_");
        assertThatThrownBy(() -> RoleNamespaces.of("per-role", "mesos", "", "")).hasMessageContaining("per-role");
    }
}
