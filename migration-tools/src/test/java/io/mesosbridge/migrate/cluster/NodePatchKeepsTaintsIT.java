package io.mesosbridge.migrate.cluster;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.mesosbridge.testcluster.ProcessResult;
import io.mesosbridge.testcluster.RealCluster;
import io.mesosbridge.testcluster.WithRealCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API server applies {@code agent-config --format patch} to a node that already has a taint without removing
 * it, and refuses the variant for untainted nodes there; on a node without taints it is the other way round.
 */
@WithRealCluster
class NodePatchKeepsTaintsIT {

    private static final String ROLE_TAINT = "mesos.mesosbridge.io/role";
    private static final String OWN_TAINT = "example.com/dedicated";

    private static final String[] AGENT = {"--resources", "cpus(analytics):4;mem(analytics):8192;ports(analytics):[8000-9000]",
            "--attributes", "rack:rack1"};

    private static Path patches(String node, Path out) {
        List<String> args = new ArrayList<>(List.of("agent-config", "--node", node, "--format", "patch",
                "-o", out.toString()));
        args.addAll(List.of(AGENT));
        CliRunner.Run run = CliRunner.run(args.toArray(String[]::new));
        assertThat(run.exit()).as(run.err()).isZero();
        return out;
    }

    private static ProcessResult dryRun(RealCluster cluster, String node, Path patch) {
        return cluster.kubectl("patch", "node", node, "--type", "json", "--patch-file", patch.toString(),
                "--dry-run=server", "-o", "jsonpath={.spec.taints[*].key}");
    }

    @Test
    void aTaintedNodeKeepsItsTaintAndGetsOurs(RealCluster cluster, @TempDir Path out) {
        String node = "mesos-migrate-tainted-" + Long.toHexString(System.nanoTime());
        cluster.client().nodes().resource(new NodeBuilder().withNewMetadata().withName(node)
                .addToLabels("kubernetes.io/hostname", node).endMetadata()
                .withNewSpec().withTaints(new TaintBuilder().withKey(OWN_TAINT).withValue("gpu")
                        .withEffect("NoSchedule").build()).endSpec().build()).create();
        try {
            patches(node, out);
            ProcessResult appended = dryRun(cluster, node, out.resolve("node-" + node + "-patch.yaml"));
            assertThat(appended.exitCode()).as(appended.output()).isZero();
            assertThat(appended.output().split(" ")).contains(OWN_TAINT, ROLE_TAINT);

            ProcessResult untainted = dryRun(cluster, node, out.resolve("node-" + node + "-patch-untainted.yaml"));
            assertThat(untainted.exitCode()).as(untainted.output()).isNotZero();
            assertThat(cluster.client().nodes().withName(node).get().getSpec().getTaints())
                    .extracting(t -> t.getKey()).contains(OWN_TAINT).doesNotContain(ROLE_TAINT);
        } finally {
            cluster.client().nodes().withName(node).delete();
        }
    }

    @Test
    void aNodeWithoutTaintsTakesTheUntaintedVariant(RealCluster cluster, @TempDir Path out) {
        String node = cluster.realNodeName().orElseThrow();
        assertThat(cluster.client().nodes().withName(node).get().getSpec().getTaints())
                .as("this test needs the real node without taints").isNullOrEmpty();
        patches(node, out);
        ProcessResult appended = dryRun(cluster, node, out.resolve("node-" + node + "-patch.yaml"));
        assertThat(appended.exitCode()).as(appended.output()).isNotZero();
        ProcessResult untainted = dryRun(cluster, node, out.resolve("node-" + node + "-patch-untainted.yaml"));
        assertThat(untainted.exitCode()).as(untainted.output()).isZero();
        assertThat(untainted.output().trim()).isEqualTo(ROLE_TAINT);
        assertThat(cluster.client().nodes().withName(node).get().getSpec().getTaints()).isNullOrEmpty();
    }
}
