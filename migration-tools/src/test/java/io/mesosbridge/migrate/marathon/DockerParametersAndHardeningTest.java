package io.mesosbridge.migrate.marathon;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.mesosbridge.conventions.PodSecurity;
import io.mesosbridge.migrate.testing.Corpus;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Docker parameters of apps, and the hardening the operator gives task Pods, on migrated apps and pods. */
class DockerParametersAndHardeningTest {

    @Test
    void dockerParametersWithKubernetesEquivalentsAreMappedAndTheRestWarnedWithTheirPath() {
        Corpus.Conversion conversion = Corpus.convertText("""
                {"id": "/monitoring/cadvisor", "cpus": 0.2, "mem": 256, "instances": 1,
                 "env": {"CADVISOR_HEALTHCHECK_URL": "http://localhost:8080/healthz", "STORAGE_DURATION": "1m"},
                 "container": {"type": "DOCKER", "docker": {"image": "gcr.io/cadvisor/cadvisor:v0.47.2",
                   "parameters": [
                     {"key": "cap-add", "value": "CAP_SYS_PTRACE"},
                     {"key": "cap-drop", "value": "chown"},
                     {"key": "shm-size", "value": "256m"},
                     {"key": "pid", "value": "host"},
                     {"key": "ipc", "value": "host"},
                     {"key": "hostname", "value": "cadvisor"},
                     {"key": "env", "value": "STORAGE_DURATION=2m"},
                     {"key": "log-driver", "value": "journald"}]}}}""");
        PodSpec pod = podSpec(conversion);
        Container main = pod.getContainers().get(0);

        assertThat(main.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(main.getSecurityContext().getCapabilities().getAdd()).contains("SYS_PTRACE", "KILL")
                .doesNotContain("CHOWN");
        assertThat(main.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(pod.getVolumes()).filteredOn(v -> v.getEmptyDir() != null && "Memory".equals(v.getEmptyDir().getMedium()))
                .singleElement().satisfies(v -> assertThat(v.getEmptyDir().getSizeLimit().toString()).isEqualTo("256Mi"));
        String shm = pod.getVolumes().stream().filter(v -> v.getEmptyDir() != null
                && "Memory".equals(v.getEmptyDir().getMedium())).map(Volume::getName).findFirst().orElseThrow();
        assertThat(main.getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getName()).isEqualTo(shm);
            assertThat(m.getMountPath()).isEqualTo("/dev/shm");
        });
        assertThat(pod.getHostPID()).isTrue();
        assertThat(pod.getHostIPC()).isTrue();
        assertThat(pod.getHostname()).isEqualTo("cadvisor");
        // Mesos passes the app's env before the parameters: docker keeps the parameter's value.
        assertThat(main.getEnv()).filteredOn(e -> e.getName().equals("STORAGE_DURATION")).extracting(EnvVar::getValue)
                .containsExactly("2m");
        assertThat(main.getEnv()).anySatisfy(e -> assertThat(e.getName()).isEqualTo("CADVISOR_HEALTHCHECK_URL"));

        assertThat(conversion.warnings().all()).anySatisfy(w -> {
            assertThat(w.place()).isEqualTo("$.container.docker.parameters[7]");
            assertThat(w.message()).contains("log-driver=journald has no Kubernetes equivalent");
        });
        assertThat(conversion.warnings().all()).anySatisfy(w -> {
            assertThat(w.place()).isEqualTo("$.container.docker.parameters");
            assertThat(w.message()).contains("SYS_PTRACE").contains("baseline");
        });
        assertThat(conversion.warnings().all()).anySatisfy(w -> {
            assertThat(w.place()).isEqualTo("$.container.docker.parameters");
            assertThat(w.message()).contains("host's PID and IPC namespace");
        });
        assertThat(conversion.warnings().all()).noneSatisfy(w ->
                assertThat(w.place()).isIn("$.container.docker.parameters[0]", "$.container.docker.parameters[2]",
                        "$.container.docker.parameters[5]", "$.container.docker.parameters[6]"));
    }

    @Test
    void anOrdinaryAppGetsTheSecurityContextsTheOperatorGivesATaskPodWithTheSameInput() {
        Corpus.Conversion conversion = Corpus.convertText("""
                {"id": "/web/nginx", "user": "root", "cpus": 0.5, "mem": 128,
                 "container": {"type": "DOCKER", "docker": {"image": "nginx:1.25"}},
                 "portDefinitions": [{"port": 80, "name": "http"}], "requirePorts": true}""");
        PodSpec pod = podSpec(conversion);
        // TaskPods.podFor builds these with the same functions for a root task at the default level, baseline.
        assertThat(pod.getSecurityContext()).isEqualTo(PodSecurity.podSecurityContext(0, 0));
        assertThat(pod.getContainers().get(0).getSecurityContext()).isEqualTo(PodSecurity.containerSecurityContext(
                PodSecurity.defaultCapabilities(PodSecurity.Level.BASELINE), false));
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(conversion.warnings().all()).isEmpty();
    }

    @Test
    void anAppWithoutUserKeepsTheImageUserUnderTheDefaultSeccompProfile() {
        PodSpec pod = podSpec(Corpus.convertText("""
                {"id": "/search/elasticsearch", "cpus": 1, "mem": 2048,
                 "container": {"type": "DOCKER", "docker": {"image": "elasticsearch:8.11.1"}}}"""));
        assertThat(pod.getSecurityContext().getRunAsUser()).isNull();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isNull();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    }

    @Test
    void privilegedDockerAppStaysPrivilegedWithAWarningAndANamedUserRunsAsNobody() {
        Corpus.Conversion conversion = Corpus.convertText("""
                {"id": "/marathon-lb", "user": "haproxy", "cmd": "sse -m http://marathon.mesos:8080 --group external",
                 "container": {"type": "DOCKER", "docker": {"image": "mesosphere/marathon-lb:v1.15.0",
                   "privileged": true}}}""");
        PodSpec pod = podSpec(conversion);
        Container main = pod.getContainers().get(0);
        assertThat(main.getSecurityContext().getPrivileged()).isTrue();
        assertThat(main.getSecurityContext().getAllowPrivilegeEscalation()).isNull();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(65534L);
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(conversion.warnings().all()).anySatisfy(w -> {
            assertThat(w.place()).isEqualTo("$.container.docker.privileged");
            assertThat(w.message()).contains("Pod Security level privileged");
        });
        assertThat(conversion.warnings().all()).anySatisfy(w -> {
            assertThat(w.place()).isEqualTo("$.user");
            assertThat(w.message()).contains("runs as uid 65534");
        });
    }

    @Test
    void podContainersAreHardenedAndAContainerUserOverridesThePodUser() {
        Corpus.Conversion conversion = Corpus.convertText("""
                {"id": "/shop/cart", "user": "nobody",
                 "containers": [
                   {"name": "cart", "resources": {"cpus": 0.5, "mem": 256},
                    "image": {"kind": "DOCKER", "id": "shop/cart:2.1"}, "exec": {"command": {"shell": "./cart"}}},
                   {"name": "log-shipper", "user": "root", "resources": {"cpus": 0.1, "mem": 64},
                    "image": {"kind": "DOCKER", "id": "fluent/fluent-bit:2.2"}}]}""");
        PodSpec pod = podSpec(conversion);
        assertThat(pod.getSecurityContext()).isEqualTo(PodSecurity.podSecurityContext(65534, 65534));
        List<Container> containers = pod.getContainers();
        assertThat(containers.get(0).getSecurityContext()).isEqualTo(PodSecurity.containerSecurityContext(
                PodSecurity.DEFAULT_TASK_CAPABILITIES, false));
        assertThat(containers.get(1).getSecurityContext().getRunAsUser()).isZero();
        assertThat(containers.get(1).getSecurityContext().getRunAsNonRoot()).isFalse();
        assertThat(containers.get(1).getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    }

    private static PodSpec podSpec(Corpus.Conversion conversion) {
        return conversion.result().all().stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .findFirst().orElseThrow().getSpec().getTemplate().getSpec();
    }
}
