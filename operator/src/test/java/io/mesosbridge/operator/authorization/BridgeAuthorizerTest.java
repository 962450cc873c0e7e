package io.mesosbridge.operator.authorization;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.mesosbridge.operator.authorization.Action.REGISTER_FRAMEWORK;
import static io.mesosbridge.operator.authorization.Action.TEARDOWN_FRAMEWORK;
import static io.mesosbridge.operator.authorization.BridgeAuthorizer.Kind.KUBERNETES;
import static io.mesosbridge.operator.authorization.BridgeAuthorizer.Kind.LOCAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How {@code mesos-bridge.authorizers} combines the ACLs and SubjectAccessReviews. */
class BridgeAuthorizerTest {

    /** Only "ops" may tear down frameworks, by the ACLs. */
    private static final Acls OPS_TEARS_DOWN = Acls.parse("""
            {"teardown_frameworks": [{"principals": {"values": ["ops"]}, "framework_principals": {"type": "ANY"}},
                                     {"principals": {"type": "ANY"}, "framework_principals": {"type": "NONE"}}]}""",
            "test");

    private static final KubernetesUser ALICE = new KubernetesUser("system:serviceaccount:team:alice",
            List.of("system:serviceaccounts"));
    private static final KubernetesUser OPS = new KubernetesUser("ops", List.of());

    /** Allows what RBAC would grant: alice may delete frameworks of principal "web"; nothing else. */
    private final List<String> reviews = new ArrayList<>();
    private final KubernetesUserAuthorizer rbac = (user, action, object) -> {
        reviews.add(user.username() + " " + action.aclsField() + " " + object.orElse("*"));
        return user.equals(ALICE) && action == TEARDOWN_FRAMEWORK && object.equals(Optional.of("web"));
    };

    private BridgeAuthorizer authorizer(Set<BridgeAuthorizer.Kind> kinds) {
        return new BridgeAuthorizer(OPS_TEARS_DOWN, kinds, () -> rbac);
    }

    @Test
    void localAloneJudgesAKubernetesUserByTheAclsWithItsUsernameAsPrincipal() {
        BridgeAuthorizer local = authorizer(EnumSet.of(LOCAL));
        assertThat(local.authorized(Subject.kubernetes(ALICE), TEARDOWN_FRAMEWORK, "web")).isFalse();
        assertThat(local.authorized(Subject.kubernetes(OPS), TEARDOWN_FRAMEWORK, "web")).isTrue();
        assertThat(reviews).isEmpty();
    }

    @Test
    void kubernetesReviewsKubernetesUsersAndLeavesOtherPrincipalsToTheAcls() {
        BridgeAuthorizer kubernetes = authorizer(EnumSet.of(KUBERNETES));
        assertThat(kubernetes.authorized(Subject.kubernetes(ALICE), TEARDOWN_FRAMEWORK, "web")).isTrue();
        assertThat(kubernetes.authorized(Subject.kubernetes(ALICE), TEARDOWN_FRAMEWORK, "db")).isFalse();
        assertThat(kubernetes.authorized(Subject.kubernetes(OPS), TEARDOWN_FRAMEWORK, "web")).isFalse();
        assertThat(reviews).hasSize(3);
        assertThat(kubernetes.authorized(Subject.principal("ops"), TEARDOWN_FRAMEWORK, "web")).isTrue();
        assertThat(kubernetes.authorized(Subject.anonymous(), TEARDOWN_FRAMEWORK, "web")).isFalse();
        assertThat(reviews).hasSize(3);
    }

    @Test
    void localAndKubernetesNeedBothToAllowAKubernetesUser() {
        BridgeAuthorizer both = authorizer(EnumSet.of(LOCAL, KUBERNETES));
        assertThat(both.authorized(Subject.kubernetes(OPS), TEARDOWN_FRAMEWORK, "web")).isFalse();
        assertThat(reviews).containsExactly("ops teardown_frameworks web");
        assertThat(both.authorized(Subject.kubernetes(ALICE), TEARDOWN_FRAMEWORK, "web")).isFalse();
        assertThat(reviews).as("denied by the ACLs first, so not reviewed").hasSize(1);
    }

    @Test
    void registeringWithoutRolesAsksTheReviewAboutEveryRole() {
        BridgeAuthorizer kubernetes = authorizer(EnumSet.of(KUBERNETES));
        assertThat(kubernetes.authorizedForEach(Subject.kubernetes(ALICE), REGISTER_FRAMEWORK, List.of())).isFalse();
        assertThat(reviews).containsExactly("system:serviceaccount:team:alice register_frameworks *");
        assertThat(kubernetes.authorizedForEach(Subject.principal("x"), REGISTER_FRAMEWORK, List.of())).isTrue();
    }

    @Test
    void eachRoleOfAKubernetesUserIsReviewed() {
        authorizer(EnumSet.of(KUBERNETES)).authorizedForEach(Subject.kubernetes(OPS), REGISTER_FRAMEWORK,
                List.of("a", "b"));
        assertThat(reviews).containsExactly("ops register_frameworks a");
    }

    @Test
    void authorizersAreLocalKubernetesOrBoth() {
        assertThat(BridgeAuthorizer.kinds(List.of("local"))).containsExactly(LOCAL);
        assertThat(BridgeAuthorizer.kinds(List.of("local", " kubernetes"))).containsExactly(LOCAL, KUBERNETES);
        assertThatThrownBy(() -> BridgeAuthorizer.kinds(List.of("ldap")))
                .hasMessage("Invalid 'mesos-bridge.authorizers': unknown authorizer 'ldap' "
                        + "(expected 'local', 'kubernetes' or 'local,kubernetes')");
        assertThatThrownBy(() -> BridgeAuthorizer.kinds(List.of()))
                .hasMessage("Invalid 'mesos-bridge.authorizers': no authorizer given");
    }

    @Test
    void aKubernetesUsersPrincipalIsItsUsername() {
        assertThatThrownBy(() -> new Subject(Optional.of("someone-else"), Optional.of(ALICE)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
