package io.mesosbridge.migrate.marathon;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.mesosbridge.migrate.input.Source;
import io.mesosbridge.migrate.report.Warnings;
import io.mesosbridge.migrate.testing.Corpus;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PerNodeAgentsTest {

    /** A node exporter on each of the 4 agents of a cluster. */
    private static final String NODE_EXPORTER = """
            {"id": "/monitoring/node-exporter", "instances": 4, "cpus": 0.1, "mem": 64,
             "args": ["--path.rootfs=/host"],
             "constraints": [["hostname", "UNIQUE"]],
             "upgradeStrategy": {"minimumHealthCapacity": 0.5, "maximumOverCapacity": 0},
             "container": {"type": "DOCKER", "docker": {"image": "prom/node-exporter:v1.8.1"},
               "volumes": [{"containerPath": "/host", "hostPath": "/", "mode": "RO"}]},
             "networks": [{"mode": "host"}],
             "portDefinitions": [{"port": 9100, "name": "metrics"}], "requirePorts": true}""";

    private static List<HasMetadata> convert(String json, Integer agents) {
        return new MarathonConverter(MarathonOptions.defaults().withPerNodeAgents(agents))
                .convert(List.of(new Source("exporter.json", json)), new Warnings()).all();
    }

    @Test
    void oneInstancePerAgentBecomesADaemonSetWhenAsked() {
        List<HasMetadata> objects = convert(NODE_EXPORTER, 4);
        assertThat(objects).extracting(HasMetadata::getKind).containsExactly("Service", "DaemonSet");
        DaemonSet daemonSet = (DaemonSet) objects.get(1);
        assertThat(daemonSet.getMetadata().getName()).isEqualTo("monitoring-node-exporter");
        assertThat(daemonSet.getSpec().getUpdateStrategy().getRollingUpdate().getMaxUnavailable().getStrVal())
                .isEqualTo("50%");
        assertThat(daemonSet.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("prom/node-exporter:v1.8.1");
        assertThat(daemonSet.getSpec().getSelector().getMatchLabels())
                .isEqualTo(daemonSet.getSpec().getTemplate().getMetadata().getLabels().entrySet().stream()
                        .filter(e -> e.getKey().equals("app.kubernetes.io/name"))
                        .collect(java.util.stream.Collectors.toMap(java.util.Map.Entry::getKey, java.util.Map.Entry::getValue)));
    }

    @Test
    void withoutTheOptionOrWithAnotherCountItStaysADeployment() {
        assertThat(convert(NODE_EXPORTER, null)).extracting(HasMetadata::getKind).containsExactly("Service", "Deployment");
        assertThat(convert(NODE_EXPORTER, 5)).extracting(HasMetadata::getKind).containsExactly("Service", "Deployment");
        assertThat(convert(NODE_EXPORTER.replace("\"UNIQUE\"", "\"GROUP_BY\""), 4)).extracting(HasMetadata::getKind)
                .containsExactly("Service", "Deployment");
    }

    @Test
    void aFullyHealthyUpgradeStillUpdatesOneNodeAtATime() {
        List<HasMetadata> objects = convert(NODE_EXPORTER.replace("\"minimumHealthCapacity\": 0.5", "\"minimumHealthCapacity\": 1"), 4);
        DaemonSet daemonSet = (DaemonSet) objects.get(1);
        assertThat(daemonSet.getSpec().getUpdateStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isEqualTo(1);
    }

    @Test
    void theCorpusDatadogAgentOnFiveAgents() {
        assertThat(Corpus.convert("docs-examples/group.json", MarathonOptions.defaults().withPerNodeAgents(5))
                .result().all()).filteredOn(o -> o.getMetadata().getName().contains("datadog"))
                .extracting(HasMetadata::getKind).contains("DaemonSet").doesNotContain("Deployment");
    }
}
