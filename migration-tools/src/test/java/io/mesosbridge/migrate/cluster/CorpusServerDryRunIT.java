package io.mesosbridge.migrate.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.mesosbridge.migrate.input.Source;
import io.mesosbridge.migrate.jobs.JobConverter;
import io.mesosbridge.migrate.kube.Manifests;
import io.mesosbridge.migrate.marathon.MarathonConverter;
import io.mesosbridge.migrate.marathon.MarathonOptions;
import io.mesosbridge.migrate.report.Warnings;
import io.mesosbridge.migrate.testing.Corpus;
import io.mesosbridge.testcluster.ProcessResult;
import io.mesosbridge.testcluster.RealCluster;
import io.mesosbridge.testcluster.WithRealCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** Every manifest the tools produce from the corpus is accepted by the real API server. */
@WithRealCluster
class CorpusServerDryRunIT {

    private static final List<String> createdNamespaces = new ArrayList<>();
    private static RealCluster usedCluster;

    @Test
    void everyCorpusFileIsAcceptedByTheApiServer(RealCluster cluster) throws Exception {
        usedCluster = cluster;
        int files = 0;
        int objects = 0;
        for (Path file : Corpus.allFiles()) {
            String relative = Corpus.root().relativize(file).toString();
            MarathonConverter.Result result = new MarathonConverter(MarathonOptions.defaults())
                    .convert(List.of(new Source(relative, Files.readString(file))), new Warnings());
            assertThat(result.errors()).as(relative).isEmpty();
            ensureNamespaces(cluster, result.namespaces());
            List<HasMetadata> rest = new ArrayList<>();
            result.items().forEach(item -> rest.addAll(item.resources()));
            ProcessResult applied = cluster.kubectlWithInput(Manifests.toYamlStream(rest),
                    "apply", "--dry-run=server", "-f", "-");
            assertThat(applied.exitCode()).as(relative + ":\n" + applied.output()).isZero();
            long accepted = applied.output().lines().filter(l -> l.endsWith("(server dry run)")).count();
            assertThat(accepted).as(relative + ":\n" + applied.output()).isEqualTo(rest.size());
            files++;
            objects += rest.size();
        }
        assertThat(files).isEqualTo(Corpus.allFiles().size());
        assertThat(objects).isGreaterThan(2000);
    }

    @Test
    void convertedJobsAreAcceptedByTheApiServer(RealCluster cluster) {
        usedCluster = cluster;
        List<HasMetadata> jobs = new JobConverter(MarathonOptions.defaults(), null).convert(List.of(
                new Source("metronome.json", io.mesosbridge.migrate.jobs.JobFixtures.METRONOME),
                new Source("chronos.json", io.mesosbridge.migrate.jobs.JobFixtures.CHRONOS)), new Warnings()).resources();
        ProcessResult applied = cluster.kubectlWithInput(Manifests.toYamlStream(jobs), "apply", "--dry-run=server", "-f", "-");
        assertThat(applied.exitCode()).as(applied.output()).isZero();
        assertThat(applied.output()).contains("cronjob.batch/prod-example-backup created (server dry run)")
                .contains("cronjob.batch/hourly-report created (server dry run)")
                .contains("job.batch/once created (server dry run)");
    }

    @Test
    void agentSettingsPatchIsAcceptedForTheRealNode(RealCluster cluster) throws Exception {
        usedCluster = cluster;
        String node = cluster.realNodeName().orElseThrow();
        Path patch = Files.createTempFile("node-patch", ".yaml");
        try {
            var result = CliRunner.run("agent-config", "--node", node, "--format", "patch", "-o",
                    patch.getParent().resolve(patch.getFileName() + ".d").toString(),
                    "--resources", "cpus(analytics):4;mem(analytics):8192;ports(analytics):[8000-9000]",
                    "--attributes", "rack:rack1;datacenter:dc1");
            assertThat(result.exit()).as(result.err()).isZero();
            var taints = cluster.client().nodes().withName(node).get().getSpec().getTaints();
            Path written = patch.getParent().resolve(patch.getFileName() + ".d").resolve("node-" + node
                    + (taints == null || taints.isEmpty() ? "-patch-untainted.yaml" : "-patch.yaml"));
            ProcessResult applied = cluster.kubectl("patch", "node", node, "--type", "json", "--dry-run=server",
                    "--patch-file", written.toString());
            assertThat(applied.exitCode()).as(applied.output()).isZero();
            assertThat(applied.output()).contains("node/" + node + " patched");
            // kubectl 1.34 prints no "(server dry run)" for patch; the node itself shows that nothing changed.
            assertThat(cluster.client().nodes().withName(node).get().getSpec().getTaints())
                    .noneMatch(t -> t.getKey().equals("mesos.mesosbridge.io/role"));
        } finally {
            Files.deleteIfExists(patch);
        }
    }

    private static void ensureNamespaces(RealCluster cluster, List<Namespace> namespaces) {
        Set<String> names = new TreeSet<>();
        namespaces.forEach(n -> names.add(n.getMetadata().getName()));
        for (String name : names) {
            if (cluster.client().namespaces().withName(name).get() == null) {
                // Dry runs cannot see a namespace that was only dry-run created, so these are made for real.
                ProcessResult created = cluster.kubectlWithInput(Manifests.toYamlStream(
                        namespaces.stream().filter(n -> n.getMetadata().getName().equals(name)).toList()), "apply", "-f", "-");
                assertThat(created.exitCode()).as(created.output()).isZero();
                createdNamespaces.add(name);
            }
        }
    }

    @AfterAll
    static void removeNamespaces() {
        if (usedCluster != null) {
            for (String name : createdNamespaces) {
                usedCluster.kubectl("delete", "namespace", name, "--wait=false");
            }
        }
    }
}
