package io.mesosbridge.operator.authorization;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.mesosbridge.operator.authorization.Action.DRAIN_AGENT;
import static io.mesosbridge.operator.authorization.Action.GET_QUOTA;
import static io.mesosbridge.operator.authorization.Action.REGISTER_FRAMEWORK;
import static io.mesosbridge.operator.authorization.Action.RESERVE_RESOURCES;
import static io.mesosbridge.operator.authorization.Action.RUN_TASK;
import static io.mesosbridge.operator.authorization.Action.TEARDOWN_FRAMEWORK;
import static io.mesosbridge.operator.authorization.Action.UNRESERVE_RESOURCES;
import static io.mesosbridge.operator.authorization.Action.VIEW_TASK;
import static org.assertj.core.api.Assertions.assertThat;

/** The local authorizer's evaluation, as src/authorizer/local/authorizer.cpp of Mesos 1.11 does it. */
class LocalAuthorizerTest {

    private static final Subject FOO = Subject.principal("foo");
    private static final Subject BAR = Subject.principal("bar");
    private static final Subject NOBODY = Subject.anonymous();

    private static LocalAuthorizer acls(String json) {
        return new LocalAuthorizer(Acls.parse(json, "test"));
    }

    @Test
    void withoutAclsEverythingIsAuthorized() {
        LocalAuthorizer none = new LocalAuthorizer(Acls.none());
        for (Action action : Action.values()) {
            assertThat(none.authorized(FOO, action, "x")).as(action.aclsField()).isTrue();
            assertThat(none.authorizedOnEveryObject(NOBODY, action)).as(action.aclsField()).isTrue();
        }
    }

    @Test
    void aPrincipalNotListedFallsBackToPermissive() {
        String rules = """
                "run_tasks": [{"principals": {"values": ["foo"]}, "users": {"values": ["guest"]}}]""";
        assertThat(acls("{" + rules + "}").authorized(BAR, RUN_TASK, "guest")).isTrue();
        assertThat(acls("{\"permissive\": false, " + rules + "}").authorized(BAR, RUN_TASK, "guest")).isFalse();
        assertThat(acls("{\"permissive\": false, " + rules + "}").authorized(FOO, RUN_TASK, "guest")).isTrue();
    }

    @Test
    void anObjectNotListedFallsBackToPermissive() {
        LocalAuthorizer authorizer = acls("""
                {"permissive": false,
                 "run_tasks": [{"principals": {"values": ["foo"]}, "users": {"values": ["guest"]}}]}""");
        assertThat(authorizer.authorized(FOO, RUN_TASK, "root")).isFalse();
    }

    @Test
    void theFirstMatchingAclDecides() {
        String allowFoo = "{\"principals\": {\"values\": [\"foo\"]}, \"users\": {\"type\": \"ANY\"}}";
        String denyAll = "{\"principals\": {\"type\": \"ANY\"}, \"users\": {\"type\": \"NONE\"}}";
        assertThat(acls("{\"run_tasks\": [" + allowFoo + ", " + denyAll + "]}").authorized(FOO, RUN_TASK, "u"))
                .isTrue();
        assertThat(acls("{\"run_tasks\": [" + denyAll + ", " + allowFoo + "]}").authorized(FOO, RUN_TASK, "u"))
                .isFalse();
    }

    @Test
    void noneObjectDenies() {
        LocalAuthorizer authorizer = acls("""
                {"run_tasks": [{"principals": {"values": ["foo"]}, "users": {"type": "NONE"}}]}""");
        assertThat(authorizer.authorized(FOO, RUN_TASK, "guest")).isFalse();
        assertThat(authorizer.authorizedOnEveryObject(FOO, RUN_TASK)).isFalse();
        assertThat(authorizer.authorized(BAR, RUN_TASK, "guest")).isTrue();
    }

    @Test
    void nonePrincipalsDenyEveryoneIncludingRequestsWithoutPrincipal() {
        LocalAuthorizer authorizer = acls("""
                {"run_tasks": [{"principals": {"type": "NONE"}, "users": {"values": ["root"]}}]}""");
        assertThat(authorizer.authorized(FOO, RUN_TASK, "root")).isFalse();
        assertThat(authorizer.authorized(NOBODY, RUN_TASK, "root")).isFalse();
        assertThat(authorizer.authorized(NOBODY, RUN_TASK, "guest")).isTrue();
    }

    @Test
    void aListOfPrincipalsNeverMatchesARequestWithoutPrincipal() {
        LocalAuthorizer authorizer = acls("""
                {"permissive": false,
                 "run_tasks": [{"principals": {"values": ["foo"]}, "users": {"type": "ANY"}}]}""");
        assertThat(authorizer.authorized(FOO, RUN_TASK, "guest")).isTrue();
        assertThat(authorizer.authorized(NOBODY, RUN_TASK, "guest")).isFalse();
    }

    @Test
    void anyPrincipalsMatchARequestWithoutPrincipal() {
        LocalAuthorizer authorizer = acls("""
                {"permissive": false,
                 "run_tasks": [{"principals": {"type": "ANY"}, "users": {"values": ["guest"]}}]}""");
        assertThat(authorizer.authorized(NOBODY, RUN_TASK, "guest")).isTrue();
    }

    @Test
    void aQuestionAboutEveryObjectIsDecidedOnlyByAnyOrNoneObjects() {
        LocalAuthorizer authorizer = acls("""
                {"permissive": false,
                 "view_tasks": [{"principals": {"values": ["foo"]}, "users": {"values": ["guest"]}},
                                {"principals": {"values": ["bar"]}, "users": {"type": "ANY"}}]}""");
        assertThat(authorizer.authorizedOnEveryObject(FOO, VIEW_TASK)).isFalse();
        assertThat(authorizer.authorizedOnEveryObject(BAR, VIEW_TASK)).isTrue();
    }

    @Test
    void valuesGivenWithAnyOrNoneAreIgnored() {
        LocalAuthorizer authorizer = acls("""
                {"run_tasks": [{"principals": {"type": "NONE", "values": ["foo"]}, "users": {"type": "ANY"}}]}""");
        assertThat(authorizer.authorized(BAR, RUN_TASK, "guest")).isFalse();
    }

    @Test
    void implicitObjectsAreAlwaysEveryObject() {
        LocalAuthorizer authorizer = acls("""
                {"permissive": false,
                 "drain_agents": [{"principals": {"values": ["ops"]}, "agents": {"type": "ANY"}},
                                  {"principals": {"type": "ANY"}, "agents": {"type": "NONE"}}]}""");
        assertThat(authorizer.authorized(Subject.principal("ops"), DRAIN_AGENT, "node-1")).isTrue();
        assertThat(authorizer.authorized(FOO, DRAIN_AGENT, "node-1")).isFalse();
        assertThat(authorizer.authorized(NOBODY, DRAIN_AGENT, "node-1")).isFalse();
    }

    @Nested
    class NestedRoles {

        @Test
        void aParentPercentAclCoversEveryRoleBelowTheParentButNotTheParent() {
            LocalAuthorizer authorizer = acls("""
                    {"permissive": false,
                     "register_frameworks": [{"principals": {"values": ["foo"]}, "roles": {"values": ["eng/%"]}}]}""");
            assertThat(authorizer.authorized(FOO, REGISTER_FRAMEWORK, "eng/web")).isTrue();
            assertThat(authorizer.authorized(FOO, REGISTER_FRAMEWORK, "eng/web/canary")).isTrue();
            assertThat(authorizer.authorized(FOO, REGISTER_FRAMEWORK, "eng")).isFalse();
            assertThat(authorizer.authorized(FOO, REGISTER_FRAMEWORK, "engineering")).isFalse();
            assertThat(authorizer.authorized(BAR, REGISTER_FRAMEWORK, "eng/web")).isFalse();
        }

        @Test
        void aParentPercentAclNeverAnswersAQuestionAboutEveryRole() {
            LocalAuthorizer authorizer = acls("""
                    {"permissive": false,
                     "get_quotas": [{"principals": {"values": ["foo"]}, "roles": {"values": ["eng/%"]}}]}""");
            assertThat(authorizer.authorizedOnEveryObject(FOO, GET_QUOTA)).isFalse();
        }

        @Test
        void aParentPercentAclDeniesWhenItsPrincipalsAreNone() {
            LocalAuthorizer authorizer = acls("""
                    {"reserve_resources": [{"principals": {"type": "NONE"}, "roles": {"values": ["prod/%"]}}]}""");
            assertThat(authorizer.authorized(FOO, RESERVE_RESOURCES, "prod/db")).isFalse();
            assertThat(authorizer.authorized(FOO, RESERVE_RESOURCES, "prod")).isTrue();
        }

        @Test
        void anAclMayMixNestedAndExactRoles() {
            LocalAuthorizer authorizer = acls("""
                    {"permissive": false,
                     "register_frameworks": [
                       {"principals": {"values": ["foo"]}, "roles": {"values": ["a", "b/%"]}},
                       {"principals": {"values": ["foo"]}, "roles": {"type": "NONE"}}]}""");
            assertThat(authorizer.authorized(FOO, REGISTER_FRAMEWORK, "a")).isTrue();
            assertThat(authorizer.authorized(FOO, REGISTER_FRAMEWORK, "b/c")).isTrue();
            assertThat(authorizer.authorized(FOO, REGISTER_FRAMEWORK, "c")).isFalse();
        }

        @Test
        void percentIsAnOrdinaryValueForObjectsThatAreNotRoles() {
            LocalAuthorizer authorizer = acls("""
                    {"permissive": false,
                     "run_tasks": [{"principals": {"values": ["foo"]}, "users": {"values": ["a/%"]}}]}""");
            assertThat(authorizer.authorized(FOO, RUN_TASK, "a/b")).isFalse();
            assertThat(authorizer.authorized(FOO, RUN_TASK, "a/%")).isTrue();
        }
    }

    @Test
    void registeringNeedsEveryRoleOfTheFramework() {
        LocalAuthorizer authorizer = acls("""
                {"register_frameworks": [{"principals": {"values": ["foo"]}, "roles": {"values": ["analytics"]}},
                                         {"principals": {"type": "ANY"}, "roles": {"values": ["analytics"]}},
                                         {"principals": {"values": ["foo"]}, "roles": {"type": "NONE"}}]}""");
        assertThat(authorizer.authorizedForEach(FOO, REGISTER_FRAMEWORK, List.of("analytics"))).isTrue();
        assertThat(authorizer.authorizedForEach(FOO, REGISTER_FRAMEWORK, List.of("analytics", "ads"))).isFalse();
    }

    @Test
    void registeringWithoutRolesIsDecidedByPermissive() {
        assertThat(acls("{\"permissive\": false}").authorizedForEach(FOO, REGISTER_FRAMEWORK, List.of())).isFalse();
        assertThat(acls("{\"permissive\": true}").authorizedForEach(FOO, REGISTER_FRAMEWORK, List.of())).isTrue();
    }

    /** The examples of Mesos's docs/authorization.md, each with the outcome its text describes. */
    @Nested
    class MesosDocumentationExamples {

        @Test
        void onlyFooCanRegisterWithTheAnalyticsRole() {
            LocalAuthorizer authorizer = acls("""
                    {"register_frameworks": [
                       {"principals": {"values": ["foo"]}, "roles": {"values": ["analytics"]}},
                       {"principals": {"type": "NONE"}, "roles": {"values": ["analytics"]}}]}""");
            assertThat(authorizer.authorized(FOO, REGISTER_FRAMEWORK, "analytics")).isTrue();
            assertThat(authorizer.authorized(BAR, REGISTER_FRAMEWORK, "analytics")).isFalse();
            assertThat(authorizer.authorized(NOBODY, REGISTER_FRAMEWORK, "analytics")).isFalse();
            assertThat(authorizer.authorized(BAR, REGISTER_FRAMEWORK, "ads")).isTrue();
            assertThat(authorizer.authorized(FOO, REGISTER_FRAMEWORK, "ads")).isTrue();
        }

        @Test
        void fooCanRegisterOnlyWithAnalyticsAndAds() {
            LocalAuthorizer authorizer = acls("""
                    {"register_frameworks": [
                       {"principals": {"values": ["foo"]}, "roles": {"values": ["analytics", "ads"]}},
                       {"principals": {"values": ["foo"]}, "roles": {"type": "NONE"}}]}""");
            assertThat(authorizer.authorizedForEach(FOO, REGISTER_FRAMEWORK, List.of("analytics", "ads"))).isTrue();
            assertThat(authorizer.authorized(FOO, REGISTER_FRAMEWORK, "*")).isFalse();
            assertThat(authorizer.authorized(BAR, REGISTER_FRAMEWORK, "*")).isTrue();
            assertThat(authorizer.authorized(NOBODY, REGISTER_FRAMEWORK, "analytics")).isTrue();
        }

        @Test
        void fooCanRegisterOnlyWithAnalyticsAndNoOtherPrincipalCanRegister() {
            LocalAuthorizer authorizer = acls("""
                    {"permissive": false,
                     "register_frameworks": [
                       {"principals": {"values": ["foo"]}, "roles": {"values": ["analytics"]}}]}""");
            assertThat(authorizer.authorized(FOO, REGISTER_FRAMEWORK, "analytics")).isTrue();
            assertThat(authorizer.authorized(FOO, REGISTER_FRAMEWORK, "*")).isFalse();
            assertThat(authorizer.authorized(BAR, REGISTER_FRAMEWORK, "*")).isFalse();
        }

        @Test
        void principalsCanRunTasksOnlyAsGuestOrBar() {
            LocalAuthorizer authorizer = acls("""
                    {"permissive": false,
                     "run_tasks": [{"principals": {"type": "ANY"}, "users": {"values": ["guest", "bar"]}}]}""");
            assertThat(authorizer.authorized(FOO, RUN_TASK, "guest")).isTrue();
            assertThat(authorizer.authorized(NOBODY, RUN_TASK, "bar")).isTrue();
            assertThat(authorizer.authorized(FOO, RUN_TASK, "root")).isFalse();
        }

        @Test
        void fooAndBarCanRunTasksOnlyAsAlice() {
            LocalAuthorizer authorizer = acls("""
                    {"permissive": false,
                     "run_tasks": [{"principals": {"values": ["foo", "bar"]}, "users": {"values": ["alice"]}}]}""");
            assertThat(authorizer.authorized(FOO, RUN_TASK, "alice")).isTrue();
            assertThat(authorizer.authorized(BAR, RUN_TASK, "alice")).isTrue();
            assertThat(authorizer.authorized(BAR, RUN_TASK, "guest")).isFalse();
            assertThat(authorizer.authorized(Subject.principal("baz"), RUN_TASK, "alice")).isFalse();
        }

        @Test
        void fooCanRunTasksOnlyAsGuestAndOthersAsAnyone() {
            LocalAuthorizer authorizer = acls("""
                    {"run_tasks": [{"principals": {"values": ["foo"]}, "users": {"values": ["guest"]}},
                                   {"principals": {"values": ["foo"]}, "users": {"type": "NONE"}}]}""");
            assertThat(authorizer.authorized(FOO, RUN_TASK, "guest")).isTrue();
            assertThat(authorizer.authorized(FOO, RUN_TASK, "root")).isFalse();
            assertThat(authorizer.authorized(BAR, RUN_TASK, "root")).isTrue();
            assertThat(authorizer.authorized(NOBODY, RUN_TASK, "root")).isTrue();
        }

        @Test
        void aNoneRuleFirstForbidsEveryTeardownAndAnAdminRuleFirstFixesIt() {
            // The docs spell the admin rule {"type": "admin"}, which Mesos cannot parse; {"values": ["admin"]} is meant.
            String admin = "{\"principals\": {\"values\": [\"admin\"]}, \"framework_principals\": {\"type\": \"ANY\"}}";
            String none = "{\"principals\": {\"type\": \"NONE\"}, \"framework_principals\": {\"type\": \"ANY\"}}";
            Subject adminSubject = Subject.principal("admin");
            assertThat(acls("{\"teardown_frameworks\": [" + none + ", " + admin + "]}")
                    .authorized(adminSubject, TEARDOWN_FRAMEWORK, "foo")).isFalse();
            LocalAuthorizer fixed = acls("{\"teardown_frameworks\": [" + admin + ", " + none + "]}");
            assertThat(fixed.authorized(adminSubject, TEARDOWN_FRAMEWORK, "foo")).isTrue();
            assertThat(fixed.authorized(FOO, TEARDOWN_FRAMEWORK, "foo")).isFalse();
        }

        @Test
        void onlyOpsCanTearDownFrameworks() {
            LocalAuthorizer authorizer = acls("""
                    {"permissive": false,
                     "teardown_frameworks": [
                       {"principals": {"values": ["ops"]}, "framework_principals": {"type": "ANY"}}]}""");
            assertThat(authorizer.authorized(Subject.principal("ops"), TEARDOWN_FRAMEWORK, "foo")).isTrue();
            assertThat(authorizer.authorized(FOO, TEARDOWN_FRAMEWORK, "foo")).isFalse();
        }

        @Test
        void reservations() {
            LocalAuthorizer onlyFooAnyRole = acls("""
                    {"permissive": false,
                     "reserve_resources": [{"principals": {"values": ["foo"]}, "roles": {"type": "ANY"}}]}""");
            assertThat(onlyFooAnyRole.authorized(FOO, RESERVE_RESOURCES, "prod")).isTrue();
            assertThat(onlyFooAnyRole.authorized(BAR, RESERVE_RESOURCES, "prod")).isFalse();

            LocalAuthorizer fooNever = acls("""
                    {"reserve_resources": [{"principals": {"values": ["foo"]}, "roles": {"type": "NONE"}}]}""");
            assertThat(fooNever.authorized(FOO, RESERVE_RESOURCES, "prod")).isFalse();
            assertThat(fooNever.authorized(NOBODY, RESERVE_RESOURCES, "prod")).isTrue();

            LocalAuthorizer fooProdAndDev = acls("""
                    {"permissive": false,
                     "reserve_resources": [{"principals": {"values": ["foo"]}, "roles": {"values": ["prod", "dev"]}}]}""");
            assertThat(fooProdAndDev.authorized(FOO, RESERVE_RESOURCES, "dev")).isTrue();
            assertThat(fooProdAndDev.authorized(FOO, RESERVE_RESOURCES, "test")).isFalse();
            assertThat(fooProdAndDev.authorized(NOBODY, RESERVE_RESOURCES, "dev")).isFalse();
        }

        @Test
        void fooUnreservesItsOwnAndBarsResourcesAndBarOnlyItsOwn() {
            LocalAuthorizer authorizer = acls("""
                    {"permissive": false,
                     "unreserve_resources": [
                       {"principals": {"values": ["foo"]}, "reserver_principals": {"values": ["foo", "bar"]}},
                       {"principals": {"values": ["bar"]}, "reserver_principals": {"values": ["bar"]}}]}""");
            assertThat(authorizer.authorized(FOO, UNRESERVE_RESOURCES, "bar")).isTrue();
            assertThat(authorizer.authorized(BAR, UNRESERVE_RESOURCES, "bar")).isTrue();
            assertThat(authorizer.authorized(BAR, UNRESERVE_RESOURCES, "foo")).isFalse();
        }

        @Test
        void opsQueriesEveryQuotaAndFooOnlyFooRole() {
            LocalAuthorizer authorizer = acls("""
                    {"permissive": false,
                     "get_quotas": [{"principals": {"values": ["ops"]}, "roles": {"type": "ANY"}},
                                    {"principals": {"values": ["foo"]}, "roles": {"values": ["foo-role"]}}]}""");
            assertThat(authorizer.authorizedOnEveryObject(Subject.principal("ops"), GET_QUOTA)).isTrue();
            assertThat(authorizer.authorized(FOO, GET_QUOTA, "foo-role")).isTrue();
            assertThat(authorizer.authorized(FOO, GET_QUOTA, "bar-role")).isFalse();
            assertThat(authorizer.authorized(BAR, GET_QUOTA, "foo-role")).isFalse();
        }
    }

    @Test
    void theExampleOfTheBridgesSecurityDocs() {
        LocalAuthorizer authorizer = acls("""
                {"permissive": false,
                 "register_frameworks": [
                   {"principals": {"values": ["payroll"]}, "roles": {"values": ["accounting", "accounting/%"]}},
                   {"principals": {"type": "ANY"}, "roles": {"values": ["*"]}}],
                 "run_tasks": [
                   {"principals": {"type": "NONE"}, "users": {"values": ["root"]}},
                   {"principals": {"type": "ANY"}, "users": {"type": "ANY"}}],
                 "teardown_frameworks": [
                   {"principals": {"values": ["ops"]}, "framework_principals": {"type": "ANY"}}],
                 "drain_agents": [
                   {"principals": {"values": ["ops"]}, "agents": {"type": "ANY"}}]}""");
        Subject payroll = Subject.principal("payroll");
        Subject ops = Subject.principal("ops");
        assertThat(authorizer.authorizedForEach(payroll, REGISTER_FRAMEWORK, List.of("accounting", "accounting/eu")))
                .isTrue();
        assertThat(authorizer.authorized(payroll, REGISTER_FRAMEWORK, "*")).isTrue();
        assertThat(authorizer.authorized(NOBODY, REGISTER_FRAMEWORK, "*")).isTrue();
        assertThat(authorizer.authorized(FOO, REGISTER_FRAMEWORK, "accounting")).isFalse();
        assertThat(authorizer.authorized(payroll, RUN_TASK, "root")).isFalse();
        assertThat(authorizer.authorized(payroll, RUN_TASK, "nobody")).isTrue();
        assertThat(authorizer.authorized(ops, TEARDOWN_FRAMEWORK, "payroll")).isTrue();
        assertThat(authorizer.authorized(payroll, TEARDOWN_FRAMEWORK, "payroll")).isFalse();
        assertThat(authorizer.authorized(ops, DRAIN_AGENT, "node-a")).isTrue();
        assertThat(authorizer.authorized(payroll, DRAIN_AGENT, "node-a")).isFalse();
    }
}
