package io.mesosbridge.operator.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.AuthInfoBuilder;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.mesosbridge.mesos.media.MediaTypes;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.testcluster.ProcessResult;
import io.mesosbridge.testcluster.RealCluster;
import io.mesosbridge.testcluster.WithRealCluster;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Helm chart (charts/mesos-bridge) rendered by a real helm: its manifests pass the API server's validation and
 * are secure by default (authentication on with credentials from a Secret, a hardened operator Pod, a NetworkPolicy,
 * RBAC scoped to the tasks namespace), the credentials it generates survive an upgrade, and an operator holding only
 * the permissions the chart grants its ServiceAccount (a token of that account, not the admin's credentials) runs the
 * whole task lifecycle and, with maintenance enabled, the agent maintenance calls.
 */
@WithRealCluster
class HelmChartIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final String RELEASE = "it-helm";
    private static final String RELEASE_NAMESPACE = "it-helm-release";
    private static final String TASKS_NAMESPACE = "it-helm-tasks";
    private static final String NODE = "helm-node";
    private static final String UPGRADED_RELEASE = "it-helm-upgrade";
    private static final String UPGRADED_TASKS_NAMESPACE = "it-helm-upgrade-tasks";
    private static final Pattern KIND = Pattern.compile("(?m)^kind: \"?(\\w+)\"?$");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static RealCluster cluster;

    @BeforeAll
    static void createNamespaces(RealCluster realCluster) {
        cluster = realCluster;
        // the tasks namespace too: a server-side dry run creates nothing, so the Role in it needs it to exist
        for (String namespace : List.of(RELEASE_NAMESPACE, TASKS_NAMESPACE)) {
            cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
                    .endMetadata().build()).serverSideApply();
        }
    }

    @AfterAll
    static void removeTheRelease() {
        cluster.client().namespaces().withName(TASKS_NAMESPACE).delete();
        cluster.client().namespaces().withName(RELEASE_NAMESPACE).delete();
        cluster.client().rbac().clusterRoleBindings().withName(RELEASE).delete();
        cluster.client().rbac().clusterRoles().withName(RELEASE).delete();
        cluster.client().nodes().withName(NODE).delete();
        cluster.helm("uninstall", UPGRADED_RELEASE, "--namespace", UPGRADED_RELEASE);
        cluster.client().namespaces().withName(UPGRADED_TASKS_NAMESPACE).delete();
        cluster.client().namespaces().withName(UPGRADED_RELEASE).delete();
    }

    @Test
    void theChartRendersManifestsTheApiServerAccepts() throws Exception {
        // the agent's DaemonSet comes with a ServiceAccount, ClusterRole and ClusterRoleBinding of its own
        List<String> secured = List.of("ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding",
                "Service", "Deployment", "Namespace", "NetworkPolicy", "DaemonSet", "ServiceAccount", "ClusterRole",
                "ClusterRoleBinding");
        Map<List<String>, List<String>> kindsByValues = Map.of(
                List.of(), concat(secured, "Secret", "PodDisruptionBudget"),
                List.of("--set", "replicaCount=3", "--set", "zk=zk://zk-0.zk:2181/mesos",
                        "--set", "agentNodeSelector=pool=mesos", "--set", "maintenance.enabled=true",
                        "--set", "installCrds=true", "--set", "authentication.existingSecret=frameworks",
                        "--set-json", "acls={\"permissive\":false}",
                        "--set-json", "networkPolicy.from=[{\"ipBlock\":{\"cidr\":\"10.0.0.0/8\"}}]"),
                concat(secured, "ConfigMap", "PodDisruptionBudget"),
                List.of("--set", "replicaCount=1", "--set", "authentication.enabled=false",
                        "--set", "createTasksNamespace=false", "--set", "networkPolicy.enabled=false",
                        "--set", "agent.enabled=false"),
                List.of("ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "Service",
                        "Deployment"));
        kindsByValues.forEach((values, kinds) -> {
            String manifests = render(concat(values, "--set", "tasksNamespace=" + TASKS_NAMESPACE));

            assertThat(KIND.matcher(manifests).results().map(match -> match.group(1)).toList())
                    .as("%s", values)
                    .containsExactlyInAnyOrderElementsOf(concat(kinds, "CustomResourceDefinition",
                            "CustomResourceDefinition"));
            ProcessResult dryRun = cluster.kubectlWithInput(manifests, "apply", "--dry-run=server", "-f", "-");
            assertThat(dryRun.exitCode()).as(dryRun.output()).isZero();
        });
        String custom = render(List.of("--set", "replicaCount=3", "--set", "zk=zk://zk-0.zk:2181/mesos",
                "--set", "agentNodeSelector=pool=mesos", "--set", "authentication.existingSecret=frameworks",
                "--set", "authentication.httpReadonly=false", "--set", "maintenance.enabled=true",
                "--set", "installCrds=true", "--set-json", "acls={\"permissive\":false}"));
        assertThat(custom).contains("replicas: 3")
                .contains("value: \"zk://zk-0.zk:2181/mesos\"").contains("value: \"pool=mesos\"");
        Container operator = operatorContainer(custom);
        assertThat(env(operator)).containsEntry("MESOS_BRIDGE_AUTHENTICATE_HTTP_READONLY", "false")
                .containsEntry("MESOS_BRIDGE_AUTHENTICATE_HTTP_FRAMEWORKS", "true")
                .containsEntry("MESOS_BRIDGE_NODE_MAINTENANCE", "true")
                .containsEntry("MESOS_BRIDGE_INSTALL_CRDS", "true")
                .containsEntry("MESOS_BRIDGE_ACLS", "/etc/mesos-bridge/acls/acls.json");
        assertThat(deployment(custom).getSpec().getTemplate().getSpec().getVolumes())
                .anyMatch(volume -> volume.getSecret() != null
                        && volume.getSecret().getSecretName().equals("frameworks"))
                .anyMatch(volume -> volume.getConfigMap() != null
                        && volume.getConfigMap().getName().equals(RELEASE + "-acls"));
        assertThat(one(custom, ConfigMap.class).getData()).containsEntry("acls.json", "{\"permissive\":false}");
        assertThat(rules(named(custom, ClusterRole.class, RELEASE).getRules()))
                .contains("nodes:patch", "customresourcedefinitions:create", "customresourcedefinitions:patch");

        Path aclsFile = Files.writeString(Files.createTempFile("acls", ".json"), "{\"permissive\": true}");
        assertThat(one(render(List.of("--set-file", "acls=" + aclsFile)), ConfigMap.class).getData())
                .as("ACLs given as JSON text are kept as they are").containsEntry("acls.json", "{\"permissive\": true}");
    }

    @Test
    void roleNamespacesOutsideSingleModeReachTheOperatorAndGrowItsClusterRoleToTasksEverywhere() {
        String table = render(List.of("--set", "roleNamespaces.mode=table", "--set", "roleNamespaces.table.dev=team-dev",
                "--set", "roleNamespaces.table.ops=team-ops", "--set", "roleNamespaces.create=false"));
        assertThat(env(operatorContainer(table))).containsEntry("MESOS_BRIDGE_ROLE_NAMESPACE_MODE", "table")
                .containsEntry("MESOS_BRIDGE_ROLE_NAMESPACE_TABLE", "dev=team-dev,ops=team-ops")
                .containsEntry("MESOS_BRIDGE_CREATE_ROLE_NAMESPACES", "false");
        assertThat(rules(named(table, ClusterRole.class, RELEASE).getRules()))
                .contains("namespaces:get", "pods:create", "pods:delete", "mesostasks:watch", "mesostasks:create",
                        "mesostasks/status:patch", "mesostasks/finalizers:update", "events:create", "secrets:get")
                .doesNotContain("namespaces:create", "serviceaccounts:watch");

        String prefix = render(List.of("--set", "roleNamespaces.mode=prefix", "--set", "roleNamespaces.prefix=team-"));
        assertThat(env(operatorContainer(prefix))).containsEntry("MESOS_BRIDGE_ROLE_NAMESPACE_MODE", "prefix")
                .containsEntry("MESOS_BRIDGE_ROLE_NAMESPACE_PREFIX", "team-")
                .containsEntry("MESOS_BRIDGE_CREATE_ROLE_NAMESPACES", "true")
                .doesNotContainKey("MESOS_BRIDGE_ROLE_NAMESPACE_TABLE");
        ClusterRole grown = named(prefix, ClusterRole.class, RELEASE);
        assertThat(rules(grown.getRules())).contains("namespaces:create", "serviceaccounts:watch", "mesostasks:list",
                "resourcequotas:create", "resourcequotas:delete");
        ProcessResult dryRun = cluster.kubectlWithInput(io.fabric8.kubernetes.client.utils.Serialization.asYaml(grown),
                "apply", "--dry-run=server", "-f", "-");
        assertThat(dryRun.exitCode()).as(dryRun.output()).isZero();
    }

    @Test
    void theDefaultsAuthenticateHardenTheOperatorPodAndLimitItsReachAndPermissions() throws Exception {
        String manifests = render(List.of());
        Container operator = operatorContainer(manifests);
        assertThat(env(operator)).containsEntry("MESOS_BRIDGE_AUTHENTICATE_FRAMEWORKS", "true")
                .containsEntry("MESOS_BRIDGE_AUTHENTICATE_HTTP_FRAMEWORKS", "true")
                .containsEntry("MESOS_BRIDGE_AUTHENTICATE_HTTP_READWRITE", "true")
                .containsEntry("MESOS_BRIDGE_AUTHENTICATE_HTTP_READONLY", "true")
                .containsEntry("MESOS_BRIDGE_CREDENTIALS", "/etc/mesos-bridge/credentials/credentials")
                .containsEntry("MESOS_BRIDGE_NODE_MAINTENANCE", "false")
                .doesNotContainKey("MESOS_BRIDGE_ACLS");
        assertThat(operator.getVolumeMounts()).anyMatch(mount -> mount.getName().equals("credentials")
                && mount.getMountPath().equals("/etc/mesos-bridge/credentials") && mount.getReadOnly());

        Secret secret = one(manifests, Secret.class);
        assertThat(secret.getMetadata().getName()).isEqualTo(RELEASE + "-credentials");
        assertThat(deployment(manifests).getSpec().getTemplate().getSpec().getVolumes())
                .anyMatch(volume -> volume.getSecret() != null
                        && volume.getSecret().getSecretName().equals(RELEASE + "-credentials"));
        assertThat(secret.getStringData().get("secret")).hasSize(32);
        assertThat(JSON.readTree(secret.getStringData().get("credentials")).get("credentials").get(0))
                .isEqualTo(JSON.readTree("{\"principal\":\"mesos-framework\",\"secret\":\""
                        + secret.getStringData().get("secret") + "\"}"));

        PodSecurityContext pod = deployment(manifests).getSpec().getTemplate().getSpec().getSecurityContext();
        assertThat(pod.getRunAsNonRoot()).isTrue();
        assertThat(pod.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        SecurityContext container = operator.getSecurityContext();
        assertThat(container.getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(operator.getVolumeMounts()).anyMatch(mount -> mount.getMountPath().equals("/tmp"));
        assertThat(deployment(manifests).getSpec().getTemplate().getSpec().getVolumes())
                .anyMatch(volume -> volume.getName().equals("tmp") && volume.getEmptyDir() != null);

        NetworkPolicy policy = one(manifests, NetworkPolicy.class);
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(policy.getSpec().getIngress()).hasSize(2).first().satisfies(rule -> {
            assertThat(rule.getPorts()).singleElement()
                    .satisfies(port -> assertThat(port.getPort().getIntVal()).isEqualTo(5050));
            assertThat(rule.getFrom()).singleElement().satisfies(peer -> {
                assertThat(peer.getNamespaceSelector().getMatchLabels()).isNullOrEmpty();
                assertThat(peer.getIpBlock()).isNull();
            });
        });
        assertThat(policy.getSpec().getIngress().get(1)).as("agents connect from their nodes' addresses")
                .satisfies(rule -> {
                    assertThat(rule.getPorts()).singleElement()
                            .satisfies(port -> assertThat(port.getPort().getIntVal()).isEqualTo(5052));
                    assertThat(rule.getFrom()).isNullOrEmpty();
                });
        assertThat(one(manifests, PodDisruptionBudget.class).getSpec().getMinAvailable().getIntVal()).isEqualTo(1);

        assertThat(rules(named(manifests, ClusterRole.class, RELEASE).getRules()))
                .contains("nodes:get", "nodes:watch", "pods:list", "tokenreviews:create",
                        "subjectaccessreviews:create")
                .doesNotContain("nodes:patch", "nodes:update", "pods:create", "pods:delete", "namespaces:create",
                        "mesostasks:create", "leases:create", "customresourcedefinitions:get");
        Role role = one(manifests, Role.class);
        assertThat(role.getMetadata().getNamespace()).isEqualTo("mesos");
        assertThat(rules(role.getRules())).contains("pods:create", "pods:delete", "mesostasks:create",
                "mesosframeworks:patch", "mesostasks/status:patch", "events:create", "leases:create",
                "persistentvolumeclaims:get", "secrets:get", "configmaps:create", "configmaps:update");
        assertThat(one(manifests, Namespace.class).getMetadata().getLabels())
                .containsEntry("pod-security.kubernetes.io/enforce", "privileged")
                .containsEntry("pod-security.kubernetes.io/warn", "baseline");
    }

    @Test
    void theAgentDaemonSetRunsHardenedOnTheHostNetworkAndMayOnlyGetAndPatchNodes() {
        String manifests = render(List.of("--set", "agentLinkPort=6052", "--set", "agent.port=6051",
                "--set", "agent.mesosAttributes=rack:r1;zone:z1", "--set", "agent.mesosResources=ports:[31000-31005]"));
        DaemonSet daemonSet = one(manifests, DaemonSet.class);
        PodSpec pod = daemonSet.getSpec().getTemplate().getSpec();
        assertThat(pod.getHostNetwork()).isTrue();
        assertThat(pod.getServiceAccountName()).isEqualTo(RELEASE + "-agent");
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        Container agent = pod.getContainers().get(0);
        assertThat(agent.getImage()).isEqualTo("mesos-bridge/agent:0.1.0");
        assertThat(agent.getArgs()).contains("--master=" + RELEASE + "." + RELEASE_NAMESPACE + ".svc:6052",
                "--port=6051", "--attributes=rack:r1;zone:z1", "--resources=ports:[31000-31005]");
        assertThat(agent.getEnv()).anySatisfy(variable -> {
            assertThat(variable.getName()).isEqualTo("NODE_NAME");
            assertThat(variable.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("spec.nodeName");
        });
        assertThat(agent.getReadinessProbe().getTcpSocket().getPort().getStrVal()).isEqualTo("agent");
        assertThat(agent.getPorts()).singleElement().satisfies(port -> assertThat(port.getContainerPort()).isEqualTo(6051));
        SecurityContext container = agent.getSecurityContext();
        assertThat(container.getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getCapabilities().getDrop()).containsExactly("ALL");
        Map<String, String> hostPaths = new HashMap<>();
        pod.getVolumes().stream().filter(volume -> volume.getHostPath() != null)
                .forEach(volume -> hostPaths.put(volume.getName(), volume.getHostPath().getPath()));
        assertThat(hostPaths).containsExactlyInAnyOrderEntriesOf(Map.of("pod-logs", "/var/log/pods",
                "kubelet-pods", "/var/lib/kubelet/pods", "legacy-config", "/etc/mesos-slave"));
        assertThat(agent.getVolumeMounts()).filteredOn(mount -> hostPaths.containsKey(mount.getName()))
                .hasSize(3).allMatch(VolumeMount::getReadOnly);

        assertThat(rules(named(manifests, ClusterRole.class, RELEASE + "-agent").getRules()))
                .containsExactlyInAnyOrder("nodes:get", "nodes:patch");
        assertThat(one(manifests, Service.class).getSpec().getPorts())
                .anySatisfy(port -> {
                    assertThat(port.getName()).isEqualTo("agent-link");
                    assertThat(port.getPort()).isEqualTo(6052);
                });
        assertThat(operatorContainer(manifests).getPorts()).extracting(ContainerPort::getContainerPort)
                .contains(5050, 6052);
        assertThat(env(operatorContainer(manifests))).containsEntry("MESOS_BRIDGE_AGENT_LINK_PORT", "6052")
                .containsEntry("MESOS_BRIDGE_AGENT_PORT", "6051");

        assertThat(all(render(List.of("--set", "agent.enabled=false")), DaemonSet.class)).isEmpty();
    }

    @Test
    void theGeneratedCredentialsSurviveAnUpgrade() {
        List<String> install = List.of("upgrade", "--install", UPGRADED_RELEASE,
                cluster.repositoryRoot().resolve("charts/mesos-bridge").toString(), "--namespace", UPGRADED_RELEASE,
                "--create-namespace", "--skip-crds", "--set", "replicaCount=0", "--set", "agent.enabled=false",
                "--set", "tasksNamespace=" + UPGRADED_TASKS_NAMESPACE);
        ProcessResult installed = cluster.helm(install.toArray(String[]::new));
        assertThat(installed.exitCode()).as(installed.output()).isZero();
        Map<String, String> generated = credentials();
        assertThat(generated).containsKeys("principal", "secret", "credentials");

        ProcessResult upgraded = cluster.helm(concat(install, "--set", "authentication.httpReadonly=false")
                .toArray(String[]::new));
        assertThat(upgraded.exitCode()).as(upgraded.output()).isZero();
        assertThat(credentials()).isEqualTo(generated);

        ProcessResult uninstalled = cluster.helm("uninstall", UPGRADED_RELEASE, "--namespace", UPGRADED_RELEASE);
        assertThat(uninstalled.exitCode()).as(uninstalled.output()).isZero();
        assertThat(cluster.client().namespaces().withName(UPGRADED_TASKS_NAMESPACE).get())
                .as("the tasks namespace outlives the release").isNotNull();
    }

    @Test
    void anOperatorHoldingOnlyTheChartsPermissionsRunsTasksAndMaintainsAgents() throws Exception {
        List<String> values = List.of("--set", "replicaCount=0", "--set", "tasksNamespace=" + TASKS_NAMESPACE,
                "--set", "agent.enabled=false");
        apply(render(values));
        Path kubeconfig = serviceAccountKubeconfig();
        assertThat(canI(kubeconfig, "create", "pods", "-n", TASKS_NAMESPACE)).isEqualTo("yes");
        assertThat(canI(kubeconfig, "create", "pods", "-n", RELEASE_NAMESPACE)).as("only in the tasks namespace")
                .isEqualTo("no");
        assertThat(canI(kubeconfig, "list", "mesostasks.mesos.mesosbridge.io", "--all-namespaces")).isEqualTo("no");
        assertThat(canI(kubeconfig, "patch", "nodes")).as("maintenance is off by default").isEqualTo("no");
        assertThat(canI(kubeconfig, "delete", "nodes")).as("the chart's account is no administrator").isEqualTo("no");

        apply(render(concat(values, "--set", "maintenance.enabled=true")));
        assertThat(canI(kubeconfig, "patch", "nodes")).isEqualTo("yes");
        cluster.createKwokNode(NODE, Map.of("cpu", "4", "memory", "8Gi"), Map.of());
        cluster.awaitNodeReady(NODE, TIMEOUT);

        try (BridgeProcess bridge = BridgeProcess.start(cluster, TASKS_NAMESPACE, Map.of(
                "mesos-bridge.install-crds", "false",
                "mesos-bridge.agent-node-selector", "kubernetes.io/hostname=" + NODE), kubeconfig);
             TestScheduler scheduler = new TestScheduler(bridge.url(), MediaTypes.JSON)) {
            scheduler.subscribe(TestScheduler.frameworkInfo("chart-rbac").build());
            Protos.Offer offer = scheduler.awaitOffer(o -> o.getHostname().equals(NODE), TIMEOUT);
            scheduler.launch(offer, TestScheduler.commandTask("within-rbac", offer, "sleep 600", 0.5, 64).build());
            scheduler.awaitState("within-rbac", TaskState.TASK_RUNNING, TIMEOUT);
            assertThat(scheduler.kill("within-rbac").statusCode()).isEqualTo(202);
            scheduler.awaitState("within-rbac", TaskState.TASK_KILLED, TIMEOUT);

            String agentId = offer.getAgentId().getValue();
            assertThat(operatorCall(bridge, "DEACTIVATE_AGENT", agentId)).isEqualTo(200);
            Awaitility.await().atMost(TIMEOUT).until(() ->
                    Boolean.TRUE.equals(cluster.client().nodes().withName(NODE).get().getSpec().getUnschedulable()));
            assertThat(operatorCall(bridge, "REACTIVATE_AGENT", agentId)).isEqualTo(200);
            Awaitility.await().atMost(TIMEOUT).until(() ->
                    cluster.client().nodes().withName(NODE).get().getSpec().getUnschedulable() == null);
        }
    }

    private static void apply(String manifests) {
        ProcessResult applied = cluster.kubectlWithInput(manifests, "apply", "-f", "-");
        assertThat(applied.exitCode()).as(applied.output()).isZero();
    }

    private static String render(List<String> values) {
        List<String> args = new ArrayList<>(List.of("template", RELEASE,
                cluster.repositoryRoot().resolve("charts/mesos-bridge").toString(),
                "--namespace", RELEASE_NAMESPACE, "--include-crds"));
        args.addAll(values);
        ProcessResult rendered = cluster.helm(args.toArray(String[]::new));
        assertThat(rendered.exitCode()).as(rendered.output()).isZero();
        return rendered.output();
    }

    private static <T extends HasMetadata> List<T> all(String manifests, Class<T> kind) {
        return cluster.client().load(new ByteArrayInputStream(manifests.getBytes(StandardCharsets.UTF_8))).items()
                .stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    private static <T extends HasMetadata> T one(String manifests, Class<T> kind) {
        List<T> found = all(manifests, kind);
        assertThat(found).as(kind.getSimpleName()).hasSize(1);
        return found.get(0);
    }

    private static <T extends HasMetadata> T named(String manifests, Class<T> kind, String name) {
        List<T> found = all(manifests, kind).stream().filter(item -> item.getMetadata().getName().equals(name))
                .toList();
        assertThat(found).as(kind.getSimpleName() + " " + name).hasSize(1);
        return found.get(0);
    }

    private static Deployment deployment(String manifests) {
        return one(manifests, Deployment.class);
    }

    private static Container operatorContainer(String manifests) {
        return deployment(manifests).getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    /** The container's literal environment variables (those with a value, not a reference). */
    private static Map<String, String> env(Container container) {
        Map<String, String> env = new HashMap<>();
        container.getEnv().stream().filter(variable -> variable.getValue() != null)
                .forEach(variable -> env.put(variable.getName(), variable.getValue()));
        return env;
    }

    /** Every resource:verb pair the rules grant. */
    private static List<String> rules(List<PolicyRule> rules) {
        return rules.stream().flatMap(rule -> rule.getResources().stream()
                .flatMap(resource -> rule.getVerbs().stream().map(verb -> resource + ":" + verb))).toList();
    }

    /** The decoded keys of the Secret the chart generated for the upgraded release. */
    private static Map<String, String> credentials() {
        Secret secret = cluster.client().secrets().inNamespace(UPGRADED_RELEASE)
                .withName(UPGRADED_RELEASE + "-credentials").get();
        assertThat(secret).isNotNull();
        Map<String, String> decoded = new HashMap<>();
        secret.getData().forEach((key, value) -> decoded.put(key,
                new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
        return decoded;
    }

    private static List<String> concat(List<String> first, String... more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all;
    }

    /** The admin's kubeconfig with its user replaced by a token of the chart's ServiceAccount. */
    private static Path serviceAccountKubeconfig() throws Exception {
        ProcessResult token = cluster.kubectl("create", "token", RELEASE, "-n", RELEASE_NAMESPACE);
        assertThat(token.exitCode()).as(token.output()).isZero();
        Config config = Serialization.unmarshal(Files.readString(cluster.kubeconfig()), Config.class);
        config.setUsers(List.of(new NamedAuthInfo(RELEASE, new AuthInfoBuilder().withToken(token.output().strip())
                .build())));
        config.getContexts().forEach(context -> context.getContext().setUser(RELEASE));
        Path kubeconfig = Path.of("target", "it-helm.kubeconfig").toAbsolutePath();
        Files.writeString(kubeconfig, Serialization.asYaml(config));
        return kubeconfig;
    }

    /** kubectl auth can-i: its answer (the last line; warnings come before it). */
    private static String canI(Path kubeconfig, String... question) {
        List<String> args = new ArrayList<>(List.of("--kubeconfig=" + kubeconfig, "auth", "can-i"));
        args.addAll(List.of(question));
        String[] lines = cluster.kubectl(args.toArray(String[]::new)).output().strip().split("\n");
        return lines[lines.length - 1];
    }

    private static int operatorCall(BridgeProcess bridge, String type, String agentId) throws Exception {
        String field = type.toLowerCase();
        String body = "{\"type\":\"" + type + "\",\"" + field + "\":{\"agent_id\":{\"value\":\"" + agentId + "\"}}}";
        URI endpoint = bridge.url().resolve("/api/v1");
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(endpoint)
                .header("Content-Type", MediaTypes.JSON).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }
}
