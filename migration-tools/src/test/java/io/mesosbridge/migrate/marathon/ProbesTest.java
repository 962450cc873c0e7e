package io.mesosbridge.migrate.marathon;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.mesosbridge.migrate.testing.Corpus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Marathon health checks become the probes the bridge gives a task with the Mesos check Marathon would send. */
class ProbesTest {

    private static Corpus.Conversion convert(String healthCheck) {
        return Corpus.convertText("""
                {"id": "/checked", "cmd": "serve", "container": {"docker": {"image": "web"}},
                 "portDefinitions": [{"port": 8080, "name": "http"}], "healthChecks": [%s]}""".formatted(healthCheck));
    }

    private static Container container(Corpus.Conversion conversion) {
        return conversion.result().all().stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .findFirst().orElseThrow().getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    @Test
    void absentFieldsTakeMarathonsDefaultsAndMesosChecksWaitTheirDelay() {
        Container container = container(convert("""
                {"protocol": "MESOS_HTTP", "portIndex": 0, "path": "/ping"}"""));

        assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/ping");
        assertThat(container.getStartupProbe().getInitialDelaySeconds()).as("delaySeconds 15").isEqualTo(15);
        assertThat(container.getStartupProbe().getPeriodSeconds()).as("intervalSeconds 60").isEqualTo(60);
        assertThat(container.getStartupProbe().getTimeoutSeconds()).as("timeoutSeconds 20").isEqualTo(20);
        assertThat(container.getStartupProbe().getFailureThreshold())
                .as("probes from 15 s every 60 s: the 9th, at 495 s, is the first past 300 s of grace + 3 * 60 s")
                .isEqualTo(9);
        assertThat(container.getLivenessProbe().getFailureThreshold()).isEqualTo(3);
        assertThat(container.getReadinessProbe().getFailureThreshold()).isEqualTo(1);
    }

    @Test
    void aMarathonCheckToleratesMaxConsecutiveFailuresAfterTheGracePeriod() {
        // Marathon ignores failures for 10 s, counts 3, and kills on the 4th: healthy by 10 s + 3 * 5 s is in time.
        Container container = container(convert("""
                {"protocol": "HTTP", "portIndex": 0, "path": "/ready", "gracePeriodSeconds": 10,
                 "intervalSeconds": 5, "timeoutSeconds": 2, "maxConsecutiveFailures": 3}"""));

        assertThat(container.getStartupProbe().getInitialDelaySeconds()).isZero();
        assertThat(container.getStartupProbe().getPeriodSeconds()).isEqualTo(5);
        assertThat(container.getStartupProbe().getFailureThreshold()).as("probes at 0, 5, .. 25 s").isEqualTo(6);
        assertThat(container.getLivenessProbe().getFailureThreshold()).isEqualTo(3 + 1);
    }

    @Test
    void aMesosCheckKillsOnItsMaxConsecutiveFailuresAsMesosDoes() {
        Container container = container(convert("""
                {"protocol": "MESOS_HTTP", "portIndex": 0, "gracePeriodSeconds": 10, "intervalSeconds": 5,
                 "delaySeconds": 0, "maxConsecutiveFailures": 3}"""));

        assertThat(container.getStartupProbe().getFailureThreshold()).isEqualTo(6);
        assertThat(container.getLivenessProbe().getFailureThreshold()).isEqualTo(3);
    }

    @Test
    void marathonRunsItsOwnChecksWithoutADelay() {
        Container container = container(convert("""
                {"protocol": "HTTPS", "portIndex": 0, "delaySeconds": 40, "gracePeriodSeconds": 0}"""));

        assertThat(container.getStartupProbe()).isNull();
        assertThat(container.getLivenessProbe().getHttpGet().getScheme()).isEqualTo("HTTPS");
        assertThat(container.getLivenessProbe().getInitialDelaySeconds()).isZero();
        assertThat(container.getReadinessProbe().getInitialDelaySeconds()).isZero();
    }

    @Test
    void aMarathonCheckThatNeverKillsOnlyGatesReadiness() {
        Container container = container(convert("""
                {"protocol": "TCP", "portIndex": 0, "maxConsecutiveFailures": 0, "intervalSeconds": 5}"""));

        assertThat(container.getLivenessProbe()).isNull();
        assertThat(container.getStartupProbe()).isNull();
        assertThat(container.getReadinessProbe().getTcpSocket().getPort().getIntVal()).isEqualTo(8080);
        assertThat(container.getReadinessProbe().getPeriodSeconds()).isEqualTo(5);
        assertThat(container.getReadinessProbe().getFailureThreshold()).isEqualTo(1);
    }

    @Test
    void aMesosCheckWithZeroFailuresKillsOnTheFirstAsMesosDoes() {
        Container container = container(convert("""
                {"protocol": "MESOS_TCP", "portIndex": 0, "maxConsecutiveFailures": 0}"""));

        assertThat(container.getLivenessProbe().getFailureThreshold()).isEqualTo(1);
        assertThat(container.getStartupProbe()).isNotNull();
    }

    @Test
    void aCommandCheckRunsThroughTheShell() {
        Container container = container(convert("""
                {"protocol": "COMMAND", "command": {"value": "curl -f localhost:$PORT0"}}"""));

        assertThat(container.getLivenessProbe().getExec().getCommand())
                .containsExactly("/bin/sh", "-c", "curl -f localhost:$PORT0");
    }

    @Test
    void aPodCheckWithAnArgvExecsItAndAnEmptyOneIsReported() {
        Corpus.Conversion conversion = Corpus.convertText("""
                {"id": "/pod", "containers": [
                  {"name": "a", "resources": {"cpus": 0.1, "mem": 32}, "image": {"kind": "DOCKER", "id": "web"},
                   "healthCheck": {"exec": {"command": {"argv": ["/bin/check", "--quick"]}}}},
                  {"name": "b", "resources": {"cpus": 0.1, "mem": 32}, "image": {"kind": "DOCKER", "id": "web"},
                   "healthCheck": {"exec": {"command": {"argv": []}}}}]}""");
        Deployment pod = (Deployment) conversion.result().all().stream().filter(Deployment.class::isInstance)
                .findFirst().orElseThrow();
        var containers = pod.getSpec().getTemplate().getSpec().getContainers();

        assertThat(containers.get(0).getLivenessProbe().getExec().getCommand()).containsExactly("/bin/check", "--quick");
        assertThat(containers.get(1).getLivenessProbe()).isNull();
        assertThat(conversion.warnings().all()).anySatisfy(w -> {
            assertThat(w.place()).isEqualTo("$.containers[1].healthCheck");
            assertThat(w.message()).contains("CommandInfo.value").endsWith("not carried over");
        });
    }
}
