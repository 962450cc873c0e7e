package io.mesosbridge.migrate.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code agent-config --format patch} adds to a node's taints instead of replacing them. */
class AgentConfigPatchTest {

    @Test
    void aNodeReservedForARoleGetsAJsonPatchOfAppendsAndOneForANodeWithoutTaints(@TempDir Path out) throws IOException {
        CliTest.Run run = CliTest.run("agent-config", "--node", "gpu-worker-7", "--format", "patch", "-o", out.toString(),
                "--resources", "cpus(ml):16;mem(ml):65536;gpus(ml):2;ports(ml):[31000-32000]",
                "--attributes", "rack:r4;zone:eu-west-1b");
        assertThat(run.exit()).as(run.err()).isZero();
        String appends = Files.readString(out.resolve("node-gpu-worker-7-patch.yaml"));
        assertThat(appends).contains("# apply with: kubectl patch node gpu-worker-7 --type json --patch-file"
                        + " node-gpu-worker-7-patch.yaml")
                .contains("{\"op\":\"add\",\"path\":\"/spec/taints/-\",\"value\":{\"effect\":\"NoSchedule\","
                        + "\"key\":\"mesos.mesosbridge.io/role\",\"value\":\"ml\"}}")
                .contains("{\"op\":\"add\",\"path\":\"/metadata/labels/topology.kubernetes.io~1zone\",\"value\":\"eu-west-1b\"}")
                .doesNotContain("\"path\":\"/spec/taints\",");
        String untainted = Files.readString(out.resolve("node-gpu-worker-7-patch-untainted.yaml"));
        assertThat(untainted).contains("{\"op\":\"test\",\"path\":\"/spec/taints\",\"value\":null}")
                .contains("--type json --patch-file node-gpu-worker-7-patch-untainted.yaml");
        assertThat(untainted.indexOf("\"op\":\"test\"")).isLessThan(untainted.indexOf("\"path\":\"/spec/taints\",\"value\":["));
    }

    @Test
    void theMountDisksOfAnAgentsConfigFolderBecomeAVolumesFileBesideThePatch(@TempDir Path out, @TempDir Path etc)
            throws IOException {
        Files.writeString(etc.resolve("hostname"), "storage-3\n");
        Files.writeString(etc.resolve("resources"), """
                [{"name": "cpus", "type": "SCALAR", "scalar": {"value": 8}},
                 {"name": "disk", "type": "SCALAR", "scalar": {"value": 953344},
                  "disk": {"source": {"type": "MOUNT", "mount": {"root": "/mnt/d1"}}}}]
                """);
        CliTest.Run run = CliTest.run("agent-config", "--config-dir", etc.toString(), "--format", "patch",
                "-o", out.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        String volumes = Files.readString(out.resolve("node-storage-3-volumes.yaml"));
        assertThat(volumes).startsWith("# The agent's MOUNT disks, as local PersistentVolumes of node storage-3;"
                        + " apply with: kubectl apply -f node-storage-3-volumes.yaml\n---\n")
                .contains("kind: \"PersistentVolume\"").contains("name: \"storage-3-mnt-d1\"")
                .contains("path: \"/mnt/d1\"").contains("- \"storage-3\"\n");
    }
}
