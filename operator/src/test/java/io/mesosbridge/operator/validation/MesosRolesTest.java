package io.mesosbridge.operator.validation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The role rule: the cases of Mesos's RolesTest.Validate (src/tests/role_tests.cpp), then the messages of each rule. */
class MesosRolesTest {

    @Test
    void validRolesPass() {
        for (String role : new String[] {"*", "foo", "123", "foo_123", "foo-bar", "foo.bar", "foo..bar", "foo/bar",
                "foo/bar/baz", "f*o", "x".repeat(255)}) {
            assertThat(MesosRoles.problem(role)).as(role).isEmpty();
        }
    }

    @Test
    void slashesAtTheEdgesOrDoubledAreRefused() {
        assertThat(MesosRoles.problem("/foo")).hasValue("Role '/foo' cannot start with a slash");
        assertThat(MesosRoles.problem("/")).hasValue("Role '/' cannot start with a slash");
        assertThat(MesosRoles.problem("foo/")).hasValue("Role 'foo/' cannot end with a slash");
        assertThat(MesosRoles.problem("foo//bar")).hasValue("Role 'foo//bar' cannot contain two adjacent slashes");
    }

    @Test
    void specialComponentsAreRefused() {
        assertThat(MesosRoles.problem("")).hasValue("Role names cannot be the empty string");
        assertThat(MesosRoles.problem(".")).hasValue("Role '.' cannot include '.' as a component");
        assertThat(MesosRoles.problem("..")).hasValue("Role '..' cannot include '..' as a component");
        assertThat(MesosRoles.problem("foo/..")).hasValue("Role 'foo/..' cannot include '..' as a component");
        assertThat(MesosRoles.problem("foo/*")).hasValue("Role 'foo/*' cannot include '*' as a component");
        assertThat(MesosRoles.problem("-foo")).hasValue("Role component '-foo' is invalid because it starts with a dash");
        assertThat(MesosRoles.problem("foo/-bar"))
                .hasValue("Role component '-bar' is invalid because it starts with a dash");
    }

    @Test
    void whitespaceAndControlCharactersAreRefused() {
        for (String role : new String[] {"foo bar", "foo\tbar", "foo\nbar", "foo\rbar", "foo\u000bbar", "foo\u007f",
                "foo\u0000", "foo\u001b[31m"}) {
            assertThat(MesosRoles.problem(role)).as(role).hasValueSatisfying(message ->
                    assertThat(message).endsWith("is invalid because it contains backspace or whitespace"));
        }
    }

    @Test
    void aRoleIsAtMost255Bytes() {
        assertThat(MesosRoles.problem("x".repeat(256))).hasValueSatisfying(message ->
                assertThat(message).endsWith("is longer than 255 bytes"));
    }
}
