package io.mesosbridge.migrate.marathon;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.mesosbridge.migrate.agent.NodeProjection;
import io.mesosbridge.migrate.report.Warning;
import io.mesosbridge.migrate.testing.Corpus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AgentDisksTest {

    /** A database on a dedicated MOUNT disk, as DC/OS ran stateful services. */
    private static final String POSTGRES = """
            {"id": "/db/postgres", "instances": 1, "cpus": 2, "mem": 4096,
             "container": {"type": "DOCKER", "docker": {"image": "postgres:16"},
               "volumes": [{"containerPath": "pgdata", "mode": "RW",
                            "persistent": {"type": "mount", "size": 100000, "maxSize": 200000,
                                           "constraints": [["path", "LIKE", "/mnt/ssd.*"]]}},
                           {"containerPath": "/var/lib/postgresql/data", "hostPath": "pgdata", "mode": "RW"}]},
             "env": {"PGDATA": "/var/lib/postgresql/data/pgdata"}}""";

    @Test
    void aMountDiskStillGetsItsClaimAndEveryPartWithoutCounterpartIsWarned() {
        Corpus.Conversion conversion = Corpus.convertText(POSTGRES);
        StatefulSet set = (StatefulSet) conversion.result().all().stream().filter(r -> r instanceof StatefulSet)
                .findFirst().orElseThrow();
        assertThat(set.getSpec().getVolumeClaimTemplates()).singleElement()
                .satisfies(c -> assertThat(c.getSpec().getResources().getRequests().get("storage").toString())
                        .isEqualTo("100000Mi"));
        assertThat(conversion.warnings().all()).extracting(Warning::place).contains(
                "$.container.volumes[0].persistent.type", "$.container.volumes[0].persistent.maxSize",
                "$.container.volumes[0].persistent.constraints");
        assertThat(conversion.warnings().all()).filteredOn(w -> w.place().endsWith(".persistent.type"))
                .singleElement().satisfies(w -> assertThat(w.message()).startsWith("MOUNT disk: the volume lived on"
                        + " a whole dedicated agent disk; the claim needs a StorageClass of local PersistentVolumes")
                        .contains("mesos-migrate agent-config makes them of the agents' MOUNT disks, in StorageClass "
                                + NodeProjection.MOUNT_DISK_STORAGE_CLASS));
    }

    @Test
    void aMountDiskClaimSaysWhichDiskItNeeds() {
        StatefulSet set = statefulSet(Corpus.convertText(POSTGRES));
        assertThat(set.getSpec().getVolumeClaimTemplates()).singleElement().satisfies(c ->
                assertThat(c.getMetadata().getAnnotations()).containsEntry(AgentDisks.AGENT_DISK_ANNOTATION, "MOUNT"));
    }

    @Test
    void aPodVolumeOnAMountDiskIsWarnedAndClaimedLikeAnApps() {
        Corpus.Conversion conversion = Corpus.convertText("""
                {"id": "/db/cassandra", "scaling": {"kind": "fixed", "instances": 3},
                 "containers": [{"name": "cassandra", "resources": {"cpus": 2, "mem": 8192},
                   "image": {"kind": "DOCKER", "id": "cassandra:4.1"},
                   "volumeMounts": [{"name": "data", "mountPath": "/var/lib/cassandra"}]}],
                 "volumes": [{"name": "data", "persistent": {"type": "mount", "size": 50000, "profileName": "ssd",
                                                             "maxSize": 100000}}]}""");
        PersistentVolumeClaim claim = statefulSet(conversion).getSpec().getVolumeClaimTemplates().get(0);
        assertThat(claim.getSpec().getStorageClassName()).isEqualTo("ssd");
        assertThat(claim.getMetadata().getAnnotations()).containsEntry(AgentDisks.AGENT_DISK_ANNOTATION, "MOUNT");
        assertThat(conversion.warnings().all()).extracting(Warning::place)
                .contains("$.volumes[0].persistent.type", "$.volumes[0].persistent.maxSize");
    }

    private static StatefulSet statefulSet(Corpus.Conversion conversion) {
        return (StatefulSet) conversion.result().all().stream().filter(r -> r instanceof StatefulSet).findFirst()
                .orElseThrow();
    }

    @Test
    void aRootVolumeIsNotWarned() {
        Corpus.Conversion conversion = Corpus.convertText("""
                {"id": "/db/postgres", "container": {"type": "DOCKER", "docker": {"image": "postgres:16"},
                   "volumes": [{"containerPath": "pgdata", "mode": "RW", "persistent": {"type": "root", "size": 1024}}]}}""");
        assertThat(conversion.warnings().all()).extracting(Warning::place).noneMatch(p -> p.contains(".persistent"));
    }
}
