package io.mesosbridge.migrate.marathon;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.mesosbridge.migrate.input.InputError;
import io.mesosbridge.migrate.input.Source;
import io.mesosbridge.migrate.report.Warnings;
import io.mesosbridge.migrate.testing.Corpus;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PublicNodesTest {

    /** An edge load balancer as DC/OS runs it: host networking, on public agents only. */
    private static final String EDGE_LB = """
            {"id": "/edge/marathon-lb", "instances": 2, "cpus": 1, "mem": 1024,
             "args": ["sse", "-m", "http://marathon.mesos:8080", "--group", "external"],
             "acceptedResourceRoles": ["slave_public"],
             "constraints": [["hostname", "UNIQUE"]],
             "container": {"type": "DOCKER", "docker": {"image": "mesosphere/marathon-lb:v1.15.0", "privileged": true},
                           "portMappings": []},
             "networks": [{"mode": "host"}],
             "portDefinitions": [{"port": 80, "name": "http"}, {"port": 443, "name": "https"}],
             "requirePorts": true}""";

    private static PodSpec podSpec(Corpus.Conversion conversion) {
        return conversion.result().all().stream().filter(r -> r instanceof Deployment)
                .map(r -> ((Deployment) r).getSpec().getTemplate().getSpec()).findFirst().orElseThrow();
    }

    @Test
    void onlySlavePublicIsANodeSelectorAndATolerationNotANamespace() {
        Corpus.Conversion conversion = Corpus.convertText(EDGE_LB);
        assertThat(conversion.result().namespaces()).isEmpty();
        assertThat(conversion.result().all()).allSatisfy(r -> assertThat(r.getMetadata().getNamespace()).isNull());
        PodSpec pod = podSpec(conversion);
        assertThat(pod.getNodeSelector()).containsExactly(Map.entry("mesos.mesosbridge.io/role", "slave-public"));
        assertThat(pod.getTolerations()).singleElement().satisfies(t -> {
            assertThat(t.getKey()).isEqualTo("mesos.mesosbridge.io/role");
            assertThat(t.getOperator()).isEqualTo("Equal");
            assertThat(t.getValue()).isEqualTo("slave-public");
            assertThat(t.getEffect()).isEqualTo("NoSchedule");
        });
        assertThat(conversion.warnings().all()).anySatisfy(w -> {
            assertThat(w.place()).isEqualTo("$.acceptedResourceRoles");
            assertThat(w.message()).contains("public agents only").contains("nodeSelector mesos.mesosbridge.io/role=slave-public");
        });
    }

    @Test
    void slavePublicWithStarMayRunAnywhereSoOnlyTolerates() {
        Corpus.Conversion conversion = Corpus.convertText(EDGE_LB.replace("[\"slave_public\"]", "[\"slave_public\", \"*\"]"));
        PodSpec pod = podSpec(conversion);
        assertThat(pod.getNodeSelector()).isNullOrEmpty();
        assertThat(pod.getTolerations()).extracting(Toleration::getKey).containsExactly("mesos.mesosbridge.io/role");
    }

    @Test
    void anotherRoleBesideSlavePublicStillNamesTheNamespace() {
        Corpus.Conversion conversion = Corpus.convertText(EDGE_LB.replace("[\"slave_public\"]", "[\"slave_public\", \"edge\"]"));
        assertThat(conversion.result().namespaces()).extracting(n -> n.getMetadata().getName()).containsExactly("edge");
        assertThat(podSpec(conversion).getTolerations()).hasSize(1);
    }

    @Test
    void theNamespaceOfDashNIsKept() {
        Warnings warnings = new Warnings();
        MarathonConverter.Result result = new MarathonConverter(MarathonOptions.defaults().withDefaultNamespace("edge"))
                .convert(List.of(new Source("lb.json", EDGE_LB)), warnings);
        assertThat(result.namespaces()).isEmpty();
        assertThat(result.all()).extracting(HasMetadata::getMetadata)
                .allSatisfy(m -> assertThat(m.getNamespace()).isEqualTo("edge"));
    }

    @Test
    void aPodOnPublicAgentsGetsTheSamePlacement() {
        Corpus.Conversion conversion = Corpus.convertText("""
                {"id": "/edge/proxy", "scaling": {"kind": "fixed", "instances": 1},
                 "scheduling": {"placement": {"acceptedResourceRoles": ["slave_public"]}},
                 "networks": [{"mode": "host"}],
                 "containers": [{"name": "envoy", "resources": {"cpus": 0.5, "mem": 256},
                   "image": {"kind": "DOCKER", "id": "envoyproxy/envoy:v1.31.0"},
                   "endpoints": [{"name": "http", "hostPort": 80}]}]}""");
        PodSpec pod = podSpec(conversion);
        assertThat(pod.getNodeSelector()).containsExactly(Map.entry("mesos.mesosbridge.io/role", "slave-public"));
        assertThat(pod.getTolerations()).hasSize(1);
        assertThat(conversion.result().namespaces()).isEmpty();
    }

    @Test
    void anAppsOwnRoleSlavePublicTolerates() {
        Corpus.Conversion conversion = Corpus.convertText(EDGE_LB.replace("\"acceptedResourceRoles\": [\"slave_public\"]",
                "\"role\": \"slave_public\""));
        PodSpec pod = podSpec(conversion);
        assertThat(pod.getNodeSelector()).isNullOrEmpty();
        assertThat(pod.getTolerations()).hasSize(1);
        assertThat(conversion.result().namespaces()).isEmpty();
    }

    @Test
    void selectorAndTaintAreConfigurable() {
        PublicNodes nodes = PublicNodes.parse("node-role.kubernetes.io/public=", "dedicated=edge:NoExecute");
        assertThat(nodes.nodeSelector(PublicNodes.Access.ONLY_PUBLIC))
                .containsExactly(Map.entry("node-role.kubernetes.io/public", ""));
        assertThat(nodes.withTolerations(PublicNodes.Access.ALSO_PUBLIC, List.of())).singleElement()
                .satisfies(t -> assertThat(t.getKey() + "=" + t.getValue() + ":" + t.getEffect()).isEqualTo("dedicated=edge:NoExecute"));
        PublicNodes untainted = PublicNodes.parse("public=true", "none");
        assertThat(untainted.withTolerations(PublicNodes.Access.ONLY_PUBLIC, List.of())).isEmpty();
        PublicNodes keyOnly = PublicNodes.parse("public=true", "public:NoSchedule");
        assertThat(keyOnly.taint().getOperator()).isEqualTo("Exists");
        assertThatThrownBy(() -> PublicNodes.parse("public", "none")).isInstanceOf(InputError.class)
                .hasMessageContaining("expected KEY=VALUE");
        assertThatThrownBy(() -> PublicNodes.parse("public=true", "public=true:Sometimes")).isInstanceOf(InputError.class);
    }
}
