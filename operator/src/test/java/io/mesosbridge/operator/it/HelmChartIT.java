package io.mesosbridge.operator.it;

import io.fabric8.kubernetes.api.model.AuthInfoBuilder;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
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

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Helm chart (charts/mesos-bridge) rendered by a real helm: its manifests pass the API server's validation, and
 * an operator holding only the permissions the chart grants its ServiceAccount (a token of that account, not the
 * admin's credentials) runs the whole task lifecycle and the agent maintenance calls.
 */
@WithRealCluster
class HelmChartIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final String RELEASE = "it-helm";
    private static final String RELEASE_NAMESPACE = "it-helm-release";
    private static final String TASKS_NAMESPACE = "it-helm-tasks";
    private static final String NODE = "helm-node";
    private static final Pattern KIND = Pattern.compile("(?m)^kind: \"?(\\w+)\"?$");
    private static RealCluster cluster;

    @BeforeAll
    static void createReleaseNamespace(RealCluster realCluster) {
        cluster = realCluster;
        cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(RELEASE_NAMESPACE)
                .endMetadata().build()).serverSideApply();
    }

    @AfterAll
    static void removeTheRelease() {
        cluster.client().namespaces().withName(TASKS_NAMESPACE).delete();
        cluster.client().namespaces().withName(RELEASE_NAMESPACE).delete();
        cluster.client().rbac().clusterRoleBindings().withName(RELEASE).delete();
        cluster.client().rbac().clusterRoles().withName(RELEASE).delete();
        cluster.client().nodes().withName(NODE).delete();
    }

    @Test
    void theChartRendersManifestsTheApiServerAccepts() {
        List<List<String>> valueSets = List.of(List.of(), List.of("--set", "replicaCount=3",
                "--set", "zk=zk://zk-0.zk:2181/mesos", "--set", "agentNodeSelector=pool=mesos"));
        for (List<String> values : valueSets) {
            String manifests = render(values);

            assertThat(KIND.matcher(manifests).results().map(match -> match.group(1)).toList())
                    .containsExactlyInAnyOrder("CustomResourceDefinition", "CustomResourceDefinition",
                            "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Service", "Deployment");
            ProcessResult dryRun = cluster.kubectlWithInput(manifests, "apply", "--dry-run=server", "-f", "-");
            assertThat(dryRun.exitCode()).as(dryRun.output()).isZero();
        }
        assertThat(render(valueSets.get(1))).contains("replicas: 3")
                .contains("value: \"zk://zk-0.zk:2181/mesos\"").contains("value: \"pool=mesos\"");
    }

    @Test
    void anOperatorHoldingOnlyTheChartsPermissionsRunsTasksAndMaintainsAgents() throws Exception {
        String manifests = render(List.of("--set", "replicaCount=0", "--set", "tasksNamespace=" + TASKS_NAMESPACE));
        ProcessResult applied = cluster.kubectlWithInput(manifests, "apply", "-f", "-");
        assertThat(applied.exitCode()).as(applied.output()).isZero();
        Path kubeconfig = serviceAccountKubeconfig();
        assertThat(canI(kubeconfig, "create", "pods", "-n", TASKS_NAMESPACE)).isEqualTo("yes");
        assertThat(canI(kubeconfig, "delete", "nodes")).as("the chart's account is no administrator").isEqualTo("no");
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

    private static String render(List<String> values) {
        List<String> args = new ArrayList<>(List.of("template", RELEASE,
                cluster.repositoryRoot().resolve("charts/mesos-bridge").toString(),
                "--namespace", RELEASE_NAMESPACE, "--include-crds"));
        args.addAll(values);
        ProcessResult rendered = cluster.helm(args.toArray(String[]::new));
        assertThat(rendered.exitCode()).as(rendered.output()).isZero();
        return rendered.output();
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
