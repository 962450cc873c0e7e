package io.mesosbridge.operator.authorization;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.mesosbridge.operator.authorization.Action.RUN_TASK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code --acls} flag: Mesos's JSON, inline or in a file, and the errors that stop the bridge at start-up. */
class AclsTest {

    private static final String DENY_ROOT = """
            {"run_tasks": [{"principals": {"type": "ANY"}, "users": {"values": ["root"]}}], "permissive": false}""";

    @Test
    void theFlagMayHoldTheJsonItself() {
        Acls acls = Acls.fromFlag(DENY_ROOT);
        assertThat(acls.permissive()).isFalse();
        assertThat(acls.of(RUN_TASK)).hasSize(1);
    }

    @Test
    void theFlagMayNameAFileByPathOrByFileUrl(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("acls.json"), DENY_ROOT);
        assertThat(Acls.fromFlag(file.toString()).of(RUN_TASK)).hasSize(1);
        assertThat(Acls.fromFlag("file://" + file).of(RUN_TASK)).hasSize(1);
    }

    @Test
    void anUnreadableFileIsAnErrorNamingIt(@TempDir Path dir) {
        assertThatThrownBy(() -> Acls.fromFlag("file://" + dir.resolve("missing.json")))
                .hasMessageStartingWith("Error reading file '" + dir.resolve("missing.json") + "'");
    }

    @Test
    void emptyAclsArePermissive() {
        Acls acls = Acls.parse("{}", "test");
        assertThat(acls.permissive()).isTrue();
        assertThat(acls.of(RUN_TASK)).isEmpty();
    }

    @Test
    void malformedJsonIsAnErrorWithItsPosition() {
        assertThatThrownBy(() -> Acls.parse("{\"run_tasks\": [\n  {\"principals\": }]}", "'/etc/acls.json'"))
                .hasMessageStartingWith("Invalid JSON in the ACLs of '/etc/acls.json' at line 2, column");
        assertThatThrownBy(() -> Acls.parse("{} {}", "test")).hasMessageStartingWith("Invalid JSON in the ACLs");
        assertThatThrownBy(() -> Acls.parse("[]", "test")).hasMessage("Invalid ACLs in test: expected a JSON object");
    }

    @Test
    void anUnknownTopLevelKeyIsAnErrorNamingIt() {
        assertThatThrownBy(() -> Acls.parse("{\"run_task\": []}", "test"))
                .hasMessage("Invalid ACLs in test: 'run_task': unknown field: not an action of Mesos's ACLs");
    }

    @Test
    void aDuplicatedKeyIsAnError() {
        assertThatThrownBy(() -> Acls.parse("{\"permissive\": false, \"permissive\": true}", "test"))
                .hasMessageContaining("Duplicate field 'permissive'");
    }

    @Test
    void permissiveMustBeABoolean() {
        assertThatThrownBy(() -> Acls.parse("{\"permissive\": \"false\"}", "test"))
                .hasMessage("Invalid ACLs in test: 'permissive': expected true or false");
    }

    @Test
    void anActionMustListAcls() {
        assertThatThrownBy(() -> Acls.parse("{\"run_tasks\": {}}", "test"))
                .hasMessage("Invalid ACLs in test: 'run_tasks': expected an array of ACLs");
    }

    @Test
    void anUnknownFieldOfAnAclIsAnErrorNamingTheExpectedOnes() {
        assertThatThrownBy(() -> Acls.parse("""
                {"register_frameworks": [{"principals": {"type": "ANY"}, "users": {"type": "ANY"}}]}""", "test"))
                .hasMessage("Invalid ACLs in test: 'register_frameworks[0]': unknown field 'users' "
                        + "(expected 'principals' and 'roles')");
    }

    @Test
    void bothEntitiesOfAnAclAreRequired() {
        assertThatThrownBy(() -> Acls.parse("{\"teardown_frameworks\": [{\"principals\": {\"type\": \"ANY\"}}]}",
                "test")).hasMessage("Invalid ACLs in test: 'teardown_frameworks[0].framework_principals': "
                + "missing (required)");
    }

    @Test
    void aMisspelledValuesIsAnErrorRatherThanAnEntityMatchingNothing() {
        assertThatThrownBy(() -> Acls.parse("""
                {"run_tasks": [{"principals": {"value": ["foo"]}, "users": {"type": "ANY"}}]}""", "test"))
                .hasMessage("Invalid ACLs in test: 'run_tasks[0].principals': unknown field 'value' "
                        + "(expected 'values' or 'type')");
    }

    @Test
    void anEntityTypeIsSomeAnyOrNone() {
        assertThatThrownBy(() -> Acls.parse("""
                {"teardown_frameworks": [{"principals": {"type": "admin"},
                                          "framework_principals": {"type": "ANY"}}]}""", "test"))
                .hasMessage("Invalid ACLs in test: 'teardown_frameworks[0].principals.type': "
                        + "expected \"SOME\", \"ANY\" or \"NONE\", found \"admin\"");
    }

    @Test
    void valuesAreStrings() {
        assertThatThrownBy(() -> Acls.parse("""
                {"run_tasks": [{"principals": {"values": "foo"}, "users": {"type": "ANY"}}]}""", "test"))
                .hasMessage("Invalid ACLs in test: 'run_tasks[0].principals.values': expected an array of strings");
        assertThatThrownBy(() -> Acls.parse("""
                {"run_tasks": [{"principals": {"values": [1]}, "users": {"type": "ANY"}}]}""", "test"))
                .hasMessage("Invalid ACLs in test: 'run_tasks[0].principals.values': expected an array of strings, "
                        + "found 1");
    }

    @Test
    void implicitObjectsAreAnyOrNoneWithMesossMessage() {
        assertThatThrownBy(() -> Acls.parse("""
                {"drain_agents": [{"principals": {"type": "ANY"}, "agents": {"values": ["node-1"]}}]}""", "test"))
                .hasMessage("Invalid ACLs in test: ACL.DrainAgent type must be either NONE or ANY");
        assertThatThrownBy(() -> Acls.parse("""
                {"start_maintenances": [{"principals": {"type": "ANY"}, "machines": {"values": ["m"]}}]}""", "test"))
                .hasMessage("Invalid ACLs in test: ACL.StartMaintenance type must be either NONE or ANY");
    }

    @Test
    void mesosActionsTheBridgeDoesNotHaveAreAcceptedAndReported() {
        Acls acls = Acls.parse("""
                {"access_sandboxes": [{"principals": {"type": "ANY"}, "users": {"type": "ANY"}}],
                 "get_endpoints": []}""", "test");
        assertThat(acls.unenforcedActions()).containsExactly("access_sandboxes", "get_endpoints");
    }

    @Test
    void everyActionIsReadUnderItsMesosName() {
        for (Action action : Action.values()) {
            String json = "{\"" + action.aclsField() + "\": [{\"principals\": {\"type\": \"ANY\"}, \""
                    + action.objectField() + "\": {\"type\": \"NONE\"}}]}";
            assertThat(Acls.parse(json, "test").of(action)).as(action.aclsField()).hasSize(1);
        }
    }
}
