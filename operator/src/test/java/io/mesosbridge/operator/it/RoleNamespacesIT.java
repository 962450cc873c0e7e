package io.mesosbridge.operator.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.mesosbridge.conventions.KubernetesKeys;
import io.mesosbridge.conventions.PodSecurity;
import io.mesosbridge.conventions.TaskNames;
import io.mesosbridge.crds.MesosTask;
import io.mesosbridge.mesos.media.MediaTypes;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;
import io.mesosbridge.mesos.v1.scheduler.Protos.Event;
import io.mesosbridge.testcluster.RealCluster;
import io.mesosbridge.testcluster.WithRealCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Roles in namespaces of their own ({@code mesos-bridge.role-namespace-mode=prefix}): two frameworks of two roles each
 * launch only into their role's namespace, which the bridge creates; the register_frameworks ACL keeps a framework out
 * of a role it is not allowed; a restarted bridge finds the tasks there again. A bridge in {@code table} mode refuses
 * the tasks of a role it lists no namespace for, and of one whose namespace does not exist when it may not create it.
 */
@WithRealCluster
class RoleNamespacesIT {

    private static final String NAMESPACE = "it-role-ns";
    private static final String PREFIX = NAMESPACE + "-";
    private static final String TABLE_NAMESPACE = "it-role-ns-table";
    private static final String MISSING_NAMESPACE = "it-role-ns-table-missing";
    private static final String NODE = "role-ns-node";
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final String ALICE = TestScheduler.basic("alice", "alice-secret");
    private static BridgeProcess bridge;

    @BeforeAll
    static void startBridge(RealCluster cluster) throws IOException {
        cluster.createKwokNode(NODE, Map.of("cpu", "8", "memory", "16Gi"), Map.of());
        cluster.awaitNodeReady(NODE, TIMEOUT);
        Path credentials = Path.of("target", "role-namespaces-credentials").toAbsolutePath();
        Files.writeString(credentials, "alice alice-secret\n");
        Path acls = Path.of("target", "role-namespaces-acls.json").toAbsolutePath();
        Files.writeString(acls, """
                {
                  "permissive": false,
                  "register_frameworks": [
                    {"principals": {"values": ["alice"]}, "roles": {"values": ["dev", "ops"]}}
                  ],
                  "run_tasks": [{"principals": {"values": ["alice"]}, "users": {"type": "ANY"}}],
                  "view_frameworks": [{"principals": {"type": "ANY"}, "users": {"type": "ANY"}}],
                  "view_tasks": [{"principals": {"type": "ANY"}, "users": {"type": "ANY"}}]
                }
                """);
        bridge = BridgeProcess.start(cluster, NAMESPACE, Map.of(
                "mesos-bridge.agent-node-selector", "kubernetes.io/hostname=" + NODE,
                "mesos-bridge.authenticate-http-frameworks", "true",
                "mesos-bridge.credentials", credentials.toString(),
                "mesos-bridge.acls", "file://" + acls,
                "mesos-bridge.role-namespace-mode", "prefix",
                "mesos-bridge.role-namespace-prefix", PREFIX));
    }

    @AfterAll
    static void stopBridge(RealCluster cluster) {
        if (bridge != null) {
            bridge.stopAndRemoveNamespace();
        }
        for (String role : List.of("dev", "ops", "secret")) {
            cluster.client().namespaces().withName(PREFIX + role).delete();
        }
        cluster.client().nodes().withName(NODE).delete();
    }

    @Test
    void eachRolesTaskIsInItsRolesNamespaceOnlyAndARestartedBridgeFindsThemThere(RealCluster cluster)
            throws Exception {
        Map<String, Protos.FrameworkInfo> registered = new HashMap<>();
        try (TestScheduler dev = new TestScheduler(bridge.url(), MediaTypes.JSON, ALICE);
             TestScheduler ops = new TestScheduler(bridge.url(), MediaTypes.JSON, ALICE)) {
            for (var entry : Map.of("dev", dev, "ops", ops).entrySet()) {
                String role = entry.getKey();
                TestScheduler scheduler = entry.getValue();
                Protos.FrameworkInfo info = TestScheduler.frameworkInfo(role + "-framework").setPrincipal("alice")
                        .setRole(role).build();
                scheduler.subscribe(info);
                Protos.Offer offer = scheduler.awaitOffer(o -> o.getHostname().equals(NODE), TIMEOUT);
                assertThat(scheduler.launch(offer, TestScheduler.commandTask(role + "-task", offer, "sleep 600",
                        0.1, 32).build()).statusCode()).isEqualTo(202);
                scheduler.awaitState(role + "-task", TaskState.TASK_RUNNING, TIMEOUT);
                registered.put(role, info.toBuilder().setId(Protos.FrameworkID.newBuilder()
                        .setValue(scheduler.frameworkId())).build());
            }

            for (String role : List.of("dev", "ops")) {
                String name = TaskNames.objectName(registered.get(role).getId().getValue(), role + "-task");
                assertThat(namespacesOf(cluster.client().resources(MesosTask.class).inAnyNamespace()
                        .withField("metadata.name", name).list().getItems()))
                        .as("the MesosTask of role %s", role).containsExactly(PREFIX + role);
                assertThat(namespacesOf(cluster.client().pods().inAnyNamespace()
                        .withField("metadata.name", name).list().getItems()))
                        .as("the Pod of role %s", role).containsExactly(PREFIX + role);
                Namespace namespace = cluster.client().namespaces().withName(PREFIX + role).get();
                assertThat(namespace.getMetadata().getLabels())
                        .containsEntry(KubernetesKeys.MANAGED_BY_LABEL, KubernetesKeys.MANAGED_BY_BRIDGE)
                        .containsEntry(KubernetesKeys.BRIDGE_LABEL, NAMESPACE)
                        .containsEntry(PodSecurity.ENFORCE_LABEL, cluster.client().namespaces()
                                .withName(NAMESPACE).get().getMetadata().getLabels().get(PodSecurity.ENFORCE_LABEL));
            }
            assertThat(taskStates()).containsEntry("dev-task", "TASK_RUNNING").containsEntry("ops-task",
                    "TASK_RUNNING");
            dev.disconnect();
            ops.disconnect();
        }

        bridge.kill();
        bridge.launch();
        assertThat(taskStates()).as("recovered from the role namespaces")
                .containsEntry("dev-task", "TASK_RUNNING").containsEntry("ops-task", "TASK_RUNNING");
        try (TestScheduler dev = new TestScheduler(bridge.url(), MediaTypes.JSON, ALICE)) {
            dev.subscribe(registered.get("dev"));
            assertThat(dev.frameworkId()).isEqualTo(registered.get("dev").getId().getValue());
            dev.kill("dev-task");
            TaskStatus killed = dev.awaitState("dev-task", TaskState.TASK_KILLED, TIMEOUT);
            assertThat(killed.getTaskId().getValue()).isEqualTo("dev-task");
            // the restarted bridge deleted the killed task's Pod in its role's namespace (the wait fails if not)
            cluster.client().pods().inNamespace(PREFIX + "dev").withName(TaskNames.objectName(dev.frameworkId(),
                    "dev-task")).waitUntilCondition(pod -> pod == null
                            || pod.getMetadata().getDeletionTimestamp() != null, 30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aFrameworkAskingForARoleItsPrincipalIsNotAllowedIsRefusedAndGetsNoNamespace(RealCluster cluster)
            throws Exception {
        try (TestScheduler refused = new TestScheduler(bridge.url(), MediaTypes.JSON, ALICE)) {
            refused.subscribe(TestScheduler.frameworkInfo("secret-framework").setPrincipal("alice").setRole("secret")
                    .build());
            Event error = refused.awaitEvent(e -> e.getType() == Event.Type.ERROR, TIMEOUT);
            assertThat(error.getError().getMessage()).isEqualTo("Not authorized to use roles '{ secret }'");
            assertThat(refused.frameworkId()).isNull();
        }
        assertThat(cluster.client().namespaces().withName(PREFIX + "secret").get()).isNull();
    }

    @Test
    void inTableModeARoleWithoutANamespaceOrWithOneThatIsMissingIsRefused(RealCluster cluster) throws Exception {
        BridgeProcess table = BridgeProcess.start(cluster, TABLE_NAMESPACE, Map.of(
                "mesos-bridge.agent-node-selector", "kubernetes.io/hostname=" + NODE,
                "mesos-bridge.role-namespace-mode", "table",
                "mesos-bridge.role-namespace-table", "listed=" + MISSING_NAMESPACE,
                "mesos-bridge.create-role-namespaces", "false"));
        try {
            for (String role : List.of("unlisted", "listed")) {
                try (TestScheduler scheduler = new TestScheduler(table.url(), MediaTypes.JSON)) {
                    scheduler.subscribe(TestScheduler.frameworkInfo(role + "-framework").setRole(role).build());
                    Protos.Offer offer = scheduler.awaitOffer(o -> o.getHostname().equals(NODE), TIMEOUT);
                    scheduler.launch(offer, TestScheduler.commandTask(role, offer, "sleep 600", 0.1, 32).build());
                    TaskStatus status = scheduler.awaitState(role, TaskState.TASK_ERROR, TIMEOUT);
                    assertThat(status.getReason()).isEqualTo(TaskStatus.Reason.REASON_TASK_INVALID);
                    assertThat(status.getMessage()).isEqualTo(role.equals("unlisted")
                            ? "Role 'unlisted' has no namespace: mesos-bridge.role-namespace-table does not list it"
                            : "Namespace '" + MISSING_NAMESPACE + "' of role 'listed' does not exist, and"
                                    + " mesos-bridge.create-role-namespaces is off");
                }
            }
            assertThat(cluster.client().namespaces().withName(MISSING_NAMESPACE).get()).isNull();
            assertThat(cluster.client().resources(MesosTask.class).inNamespace(TABLE_NAMESPACE).list().getItems())
                    .isEmpty();
        } finally {
            table.stopAndRemoveNamespace();
        }
    }

    private static List<String> namespacesOf(List<? extends HasMetadata> objects) {
        return objects.stream().map(object -> object.getMetadata().getNamespace()).toList();
    }

    /** Task id to state, as {@code /master/tasks} tells them. */
    private static Map<String, String> taskStates() throws Exception {
        JsonNode tasks = MasterHttp.get(bridge.url(), "/master/tasks").path("tasks");
        Map<String, String> states = new HashMap<>();
        StreamSupport.stream(tasks.spliterator(), false)
                .forEach(task -> states.put(task.path("id").asText(), task.path("state").asText()));
        return states;
    }
}
