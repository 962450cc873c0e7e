package io.mesosbridge.migrate.agent;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.mesosbridge.conventions.AttributeLabels;
import io.mesosbridge.migrate.input.Source;
import io.mesosbridge.migrate.report.Warning;
import io.mesosbridge.migrate.report.Warnings;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** An agent's extra disks (disk.source MOUNT or PATH in its --resources JSON) keep their root on the node. */
class MountDisksTest {

    /** An agent with its work directory's disk and two whole disks, as /etc/mesos-slave/resources holds them. */
    private static final String RESOURCES = """
            [{"name": "cpus", "type": "SCALAR", "scalar": {"value": 8}},
             {"name": "mem", "type": "SCALAR", "scalar": {"value": 30720}},
             {"name": "disk", "type": "SCALAR", "scalar": {"value": 40960}},
             {"name": "disk", "type": "SCALAR", "scalar": {"value": 409600},
              "disk": {"source": {"type": "MOUNT", "mount": {"root": "/mnt/d1"}}}},
             {"name": "disk", "type": "SCALAR", "scalar": {"value": 204800},
              "disk": {"source": {"type": "MOUNT", "mount": {"root": "/mnt/ssd0"}, "profile": "fast"}}},
             {"name": "disk", "type": "SCALAR", "scalar": {"value": 102400},
              "disk": {"source": {"type": "PATH", "path": {"root": "/mnt/shared"}}}},
             {"name": "ports", "type": "RANGES", "ranges": {"range": [{"begin": 31000, "end": 32000}]}}]""";

    private final Warnings warnings = new Warnings();

    private NodeProjection project(String resources) {
        return NodeProjection.project("agent-7.dc1.example.com",
                AgentInput.resources(new Source("/etc/mesos-slave/resources", resources)), List.of(),
                AttributeLabels.defaults(), "/etc/mesos-slave/resources", "", warnings);
    }

    @Test
    void aMountDiskBecomesALocalPersistentVolumeOfTheNodeWithItsRoot() {
        NodeProjection node = project(RESOURCES);
        assertThat(node.localVolumes()).hasSize(2);
        PersistentVolume d1 = node.localVolumes().get(0);
        assertThat(d1.getMetadata().getName()).isEqualTo("agent-7-dc1-example-com-mnt-d1");
        assertThat(d1.getSpec().getLocal().getPath()).isEqualTo("/mnt/d1");
        assertThat(d1.getSpec().getCapacity().get("storage").toString()).isEqualTo("409600Mi");
        assertThat(d1.getSpec().getStorageClassName()).isEqualTo(NodeProjection.MOUNT_DISK_STORAGE_CLASS);
        assertThat(d1.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
        assertThat(d1.getSpec().getPersistentVolumeReclaimPolicy()).isEqualTo("Retain");
        assertThat(d1.getSpec().getNodeAffinity().getRequired().getNodeSelectorTerms()).singleElement()
                .satisfies(term -> assertThat(term.getMatchExpressions()).singleElement().satisfies(e -> {
                    assertThat(e.getKey()).isEqualTo("kubernetes.io/hostname");
                    assertThat(e.getValues()).containsExactly("agent-7.dc1.example.com");
                }));
        assertThat(node.localVolumes().get(1).getSpec().getStorageClassName()).as("the disk's profile").isEqualTo("fast");
        assertThat(node.kubectlScript()).contains("kubectl apply -f - <<'EOF'\n---\n").contains("path: \"/mnt/ssd0\"");
    }

    @Test
    void everyExtraDiskIsWarnedAboutWithItsResourceAndRoot() {
        NodeProjection node = project(RESOURCES);
        assertThat(warnings.all()).extracting(Warning::place).containsExactly("$[3]", "$[4]", "$[5]");
        assertThat(warnings.all()).extracting(Warning::message).satisfiesExactly(
                m -> assertThat(m).startsWith("disk:409600 on MOUNT disk /mnt/d1: became local PersistentVolume"
                        + " agent-7-dc1-example-com-mnt-d1 (path /mnt/d1 on node agent-7.dc1.example.com"),
                m -> assertThat(m).startsWith("disk:204800 on MOUNT disk /mnt/ssd0").contains("StorageClass fast"),
                m -> assertThat(m).startsWith("disk:102400 on PATH disk /mnt/shared").contains("not carried over"));
        assertThat(node.notes()).filteredOn(n -> n.startsWith("disk")).containsExactly("disk:40960 is measured by"
                + " the kubelet; use its --system-reserved/--kube-reserved to hold capacity back");
    }

    @Test
    void aMountRootBelowTheWorkDirectoryIsOnlyWarnedAbout() {
        NodeProjection node = project("""
                [{"name": "disk", "type": "SCALAR", "scalar": {"value": 1024},
                  "disk": {"source": {"type": "MOUNT", "mount": {"root": "volumes/d2"}}}}]""");
        assertThat(node.localVolumes()).isEmpty();
        assertThat(warnings.all()).singleElement().satisfies(w -> assertThat(w.message())
                .startsWith("disk:1024 on MOUNT disk volumes/d2: the root is relative to the agent's --work_dir"));
    }
}
