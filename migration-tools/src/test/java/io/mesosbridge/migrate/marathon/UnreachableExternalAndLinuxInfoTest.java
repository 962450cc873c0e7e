package io.mesosbridge.migrate.marathon;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.mesosbridge.migrate.report.Warning;
import io.mesosbridge.migrate.testing.Corpus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UnreachableExternalAndLinuxInfoTest {

    @Test
    void anUnreachableStrategyWithoutInactiveAfterSecondsTakesMarathonsDefaultAndWarnsAboutTheExpungeTime() {
        Corpus.Conversion conversion = Corpus.convertText("""
                {"id": "/api", "cmd": "./api", "container": {"docker": {"image": "api:1"}},
                 "unreachableStrategy": {"expungeAfterSeconds": 3600}}""");
        assertThat(podSpec(conversion).getTolerations()).hasSize(2)
                .allSatisfy(t -> assertThat(t.getTolerationSeconds()).isEqualTo(300L));
        assertThat(conversion.warnings().all()).singleElement().satisfies(w -> {
            assertThat(w.place()).isEqualTo("$.unreachableStrategy.expungeAfterSeconds");
            assertThat(w.message()).contains("expungeAfterSeconds 3600").contains("(300 s)");
        });
    }

    @Test
    void aSharedExternalVolumeIsClaimedReadWriteMany() {
        Corpus.Conversion conversion = Corpus.convertText("""
                {"id": "/cms", "cmd": "./cms", "instances": 3, "container": {"type": "MESOS",
                   "docker": {"image": "cms:5"},
                   "volumes": [{"containerPath": "/uploads", "mode": "RW",
                                "external": {"name": "cms-uploads", "provider": "dvdi", "size": 10, "shared": true,
                                             "options": {"dvdi/driver": "pxd"}}}]}}""");
        PersistentVolumeClaim claim = conversion.result().all().stream().filter(PersistentVolumeClaim.class::isInstance)
                .map(PersistentVolumeClaim.class::cast).findFirst().orElseThrow();
        assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteMany");
    }

    @Test
    void aMesosContainersIpcInfoSizesShmOrSharesTheHostsIpcAndSeccompOptOutsAreWarned() {
        Corpus.Conversion privateIpc = Corpus.convertText("""
                {"id": "/ml/trainer", "cmd": "python train.py", "container": {"type": "MESOS",
                   "docker": {"image": "pytorch/pytorch:2.1.0-cuda12.1-cudnn8-runtime"},
                   "linuxInfo": {"ipcInfo": {"mode": "PRIVATE", "shmSize": 2048},
                                 "seccomp": {"unconfined": true}}}}""");
        PodSpec pod = podSpec(privateIpc);
        assertThat(pod.getVolumes()).anySatisfy(v -> {
            assertThat(v.getEmptyDir().getMedium()).isEqualTo("Memory");
            assertThat(v.getEmptyDir().getSizeLimit().toString()).isEqualTo("2048Mi");
        });
        assertThat(pod.getContainers().get(0).getVolumeMounts()).anySatisfy(m ->
                assertThat(m.getMountPath()).isEqualTo("/dev/shm"));
        assertThat(pod.getHostIPC()).isNull();
        assertThat(privateIpc.warnings().all()).extracting(Warning::place)
                .containsExactly("$.container.linuxInfo.seccomp.unconfined");

        Corpus.Conversion sharedIpc = Corpus.convertText("""
                {"id": "/legacy/shm-reader", "cmd": "./reader", "container": {"type": "MESOS",
                   "docker": {"image": "legacy/reader:1"}, "linuxInfo": {"ipcInfo": {"mode": "SHARE_PARENT"}}}}""");
        assertThat(podSpec(sharedIpc).getHostIPC()).isTrue();
        assertThat(sharedIpc.warnings().all()).singleElement().satisfies(w -> {
            assertThat(w.place()).isEqualTo("$.container.linuxInfo.ipcInfo.mode");
            assertThat(w.message()).contains("host's IPC namespace");
        });
    }

    private static PodSpec podSpec(Corpus.Conversion conversion) {
        return conversion.result().all().stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .findFirst().orElseThrow().getSpec().getTemplate().getSpec();
    }
}
