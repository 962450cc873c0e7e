package io.mesosbridge.operator.it;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.mesosbridge.crds.MesosResources;
import io.mesosbridge.operator.authorization.Action;
import io.mesosbridge.operator.authorization.AuthorizationUnavailableException;
import io.mesosbridge.operator.authorization.KubernetesAuthorizer;
import io.mesosbridge.operator.authorization.KubernetesUser;
import io.mesosbridge.testcluster.RealCluster;
import io.mesosbridge.testcluster.WithRealCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * SubjectAccessReviews on the real API server (RBAC on): a ServiceAccount granted some verbs on the bridge's
 * resources and on one Node is allowed exactly those Mesos actions, and denied the rest.
 */
@WithRealCluster
class KubernetesAuthorizerIT {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    private static final String NAMESPACE = "it-authz-" + SUFFIX;
    private static final String ACCOUNT = "framework-owner";
    private static final String NODE_ROLE = "it-authz-nodes-" + SUFFIX;
    private static final KubernetesUser OWNER = new KubernetesUser(
            "system:serviceaccount:" + NAMESPACE + ":" + ACCOUNT,
            List.of("system:serviceaccounts", "system:serviceaccounts:" + NAMESPACE, "system:authenticated"));

    private static KubernetesClient client;

    @BeforeAll
    static void grantSomeVerbs(RealCluster cluster) {
        client = cluster.client();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata()
                .build()).create();
        client.serviceAccounts().inNamespace(NAMESPACE).resource(new ServiceAccountBuilder().withNewMetadata()
                .withName(ACCOUNT).endMetadata().build()).create();
        client.rbac().roles().inNamespace(NAMESPACE).resource(new RoleBuilder()
                .withNewMetadata().withName("mesos-framework").endMetadata()
                .withRules(
                        new PolicyRuleBuilder().withApiGroups(MesosResources.GROUP)
                                .withResources("mesosframeworks").withVerbs("create")
                                .withResourceNames("analytics").build(),
                        new PolicyRuleBuilder().withApiGroups(MesosResources.GROUP)
                                .withResources("mesostasks").withVerbs("create", "get")
                                .withResourceNames("nobody").build(),
                        new PolicyRuleBuilder().withApiGroups(MesosResources.GROUP)
                                .withResources("mesostasks/executor").withVerbs("get").build())
                .build()).create();
        client.rbac().roleBindings().inNamespace(NAMESPACE).resource(new RoleBindingBuilder()
                .withNewMetadata().withName("mesos-framework").endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "Role", "mesos-framework")
                .withSubjects(serviceAccount())
                .build()).create();
        client.rbac().clusterRoles().resource(new ClusterRoleBuilder()
                .withNewMetadata().withName(NODE_ROLE).endMetadata()
                .withRules(new PolicyRuleBuilder().withApiGroups("").withResources("nodes").withVerbs("patch")
                        .withResourceNames("kwok-node-0").build())
                .build()).create();
        client.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder()
                .withNewMetadata().withName(NODE_ROLE).endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", NODE_ROLE)
                .withSubjects(serviceAccount())
                .build()).create();
        // RBAC reads Roles and bindings from informers: wait, without a cache, until the last grant is in force.
        KubernetesAuthorizer uncached = new KubernetesAuthorizer(client, NAMESPACE, 16, Duration.ZERO);
        await().atMost(30, TimeUnit.SECONDS).until(() ->
                uncached.allows(OWNER, Action.DRAIN_AGENT, Optional.of("kwok-node-0"))
                        && uncached.allows(OWNER, Action.REGISTER_FRAMEWORK, Optional.of("analytics")));
    }

    @AfterAll
    static void removeGrants() {
        if (client != null) {
            client.rbac().clusterRoleBindings().withName(NODE_ROLE).delete();
            client.rbac().clusterRoles().withName(NODE_ROLE).delete();
            client.namespaces().withName(NAMESPACE).delete();
        }
    }

    private static io.fabric8.kubernetes.api.model.rbac.Subject serviceAccount() {
        return new SubjectBuilder().withKind("ServiceAccount").withName(ACCOUNT).withNamespace(NAMESPACE).build();
    }

    private static KubernetesAuthorizer authorizer(String namespace) {
        return new KubernetesAuthorizer(client, namespace, 1000, Duration.ofSeconds(10));
    }

    @Test
    void aGrantedVerbAllowsItsActionOnlyForTheNamedObjects() {
        KubernetesAuthorizer authorizer = authorizer(NAMESPACE);
        assertThat(authorizer.allows(OWNER, Action.REGISTER_FRAMEWORK, Optional.of("analytics"))).isTrue();
        assertThat(authorizer.allows(OWNER, Action.REGISTER_FRAMEWORK, Optional.of("ads"))).isFalse();
        assertThat(authorizer.allows(OWNER, Action.REGISTER_FRAMEWORK, Optional.empty()))
                .as("resourceNames grant named objects only, never every object").isFalse();
        assertThat(authorizer.allows(OWNER, Action.RUN_TASK, Optional.of("nobody"))).isTrue();
        assertThat(authorizer.allows(OWNER, Action.RUN_TASK, Optional.of("root"))).isFalse();
    }

    @Test
    void aRuleWithoutResourceNamesAllowsEveryObject() {
        KubernetesAuthorizer authorizer = authorizer(NAMESPACE);
        assertThat(authorizer.allows(OWNER, Action.VIEW_EXECUTOR, Optional.of("root"))).isTrue();
        assertThat(authorizer.allows(OWNER, Action.VIEW_EXECUTOR, Optional.empty())).isTrue();
        assertThat(authorizer.allows(OWNER, Action.VIEW_TASK, Optional.of("root")))
                .as("get on mesostasks is granted for 'nobody' only, and the executor subresource is apart")
                .isFalse();
    }

    @Test
    void verbsNotGrantedAreDenied() {
        KubernetesAuthorizer authorizer = authorizer(NAMESPACE);
        assertThat(authorizer.allows(OWNER, Action.TEARDOWN_FRAMEWORK, Optional.of("web"))).isFalse();
        assertThat(authorizer.allows(OWNER, Action.VIEW_FRAMEWORK, Optional.of("nobody"))).isFalse();
        assertThat(authorizer.allows(OWNER, Action.MARK_AGENT_GONE, Optional.of("kwok-node-0"))).isFalse();
    }

    @Test
    void agentActionsAreVerbsOnTheNamedNode() {
        KubernetesAuthorizer authorizer = authorizer(NAMESPACE);
        assertThat(authorizer.allows(OWNER, Action.DRAIN_AGENT, Optional.of("kwok-node-0"))).isTrue();
        assertThat(authorizer.allows(OWNER, Action.DEACTIVATE_AGENT, Optional.of("kwok-node-0"))).isTrue();
        assertThat(authorizer.allows(OWNER, Action.DRAIN_AGENT, Optional.of("kwok-node-1"))).isFalse();
    }

    @Test
    void aRoleGrantsNothingInAnotherNamespace() {
        assertThat(authorizer("default").allows(OWNER, Action.REGISTER_FRAMEWORK, Optional.of("analytics")))
                .isFalse();
    }

    @Test
    void anotherUserIsNotGrantedTheServiceAccountsVerbs() {
        KubernetesUser stranger = new KubernetesUser("system:serviceaccount:" + NAMESPACE + ":default",
                List.of("system:serviceaccounts", "system:serviceaccounts:" + NAMESPACE, "system:authenticated"));
        assertThat(authorizer(NAMESPACE).allows(stranger, Action.REGISTER_FRAMEWORK, Optional.of("analytics")))
                .isFalse();
    }

    @Test
    void anApiServerThatDoesNotAnswerIsNoDecision() {
        try (KubernetesClient unreachable = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("https://127.0.0.1:1").withRequestRetryBackoffLimit(0)
                .withConnectionTimeout(2000).build()).build()) {
            KubernetesAuthorizer authorizer = new KubernetesAuthorizer(unreachable, NAMESPACE, 16,
                    Duration.ofSeconds(10));
            assertThatThrownBy(() -> authorizer.allows(OWNER, Action.DRAIN_AGENT, Optional.of("kwok-node-0")))
                    .isInstanceOf(AuthorizationUnavailableException.class)
                    .hasMessageStartingWith("SubjectAccessReview for drain_agents failed");
        }
    }
}
