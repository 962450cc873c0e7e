package io.mesosbridge.migrate.cluster;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Probe;
import io.mesosbridge.testcluster.ProcessResult;
import io.mesosbridge.testcluster.RealCluster;
import io.mesosbridge.testcluster.WithRealCluster;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A converted Marathon app that starts slowly, runs a script relative to its image's WORKDIR and listens on
 * {@code $HOST:$PORT0}, applied for real: on Mesos it runs without a restart, and so it must on the real node.
 *
 * <p>The node has no registry, so the image is the locally imported busybox (whose WORKDIR is {@code /}); the
 * script reaches {@code /run.sh} through a Marathon hostPath volume, as host-provided scripts often do. The real
 * node is this machine, so the script written here is the one the container sees.
 */
@WithRealCluster
class ConvertedAppRuntimeIT {

    private static final int GRACE = 10;
    private static final int INTERVAL = 5;
    private static final int MAX_FAILURES = 3;
    private static final int STARTS_LISTENING_AFTER = GRACE + 2 * INTERVAL;

    @Test
    void aSlowImageAppRunsItsScriptOnThePodIpAndIsNotRestarted(RealCluster cluster) throws Exception {
        String node = cluster.realNodeName().orElseThrow(() -> new AssertionError("the cluster has no real node"));
        Path directory = Files.createTempDirectory("slow-web");
        Path script = directory.resolve("run.sh");
        Files.writeString(script, """
                #!/bin/sh
                sleep %d
                mkdir -p /tmp/www && echo ok > /tmp/www/index.html
                exec httpd -f -h /tmp/www -p "$HOST:$PORT0"
                """.formatted(STARTS_LISTENING_AFTER));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("r-xr-xr-x"));
        // No portDefinitions: Marathon gives the app one port, $PORT0, and the health check is on port index 0.
        String app = """
                {"id": "/slow-web", "cmd": "./run.sh", "cpus": 0.1, "mem": 32,
                 "container": {"type": "DOCKER", "docker": {"image": "acme/slow-web:1"},
                   "volumes": [{"containerPath": "/run.sh", "hostPath": "%s", "mode": "RO"}]},
                 "healthChecks": [{"protocol": "HTTP", "path": "/index.html", "gracePeriodSeconds": %d,
                   "intervalSeconds": %d, "timeoutSeconds": 2, "maxConsecutiveFailures": %d}],
                 "constraints": [["hostname", "CLUSTER", "%s"]]}""".formatted(script, GRACE, INTERVAL, MAX_FAILURES, node);
        Path input = directory.resolve("slow-web.json");
        Files.writeString(input, app);
        String namespace = "migrate-it-" + Long.toHexString(System.nanoTime());
        ProcessResult created = cluster.kubectl("create", "namespace", namespace);
        assertThat(created.exitCode()).as(created.output()).isZero();
        try {
            CliRunner.Run converted = CliRunner.run("marathon", "--namespace", namespace, "--image-override",
                    ConvertedAppRunsIT.IMAGE, "--image-pull-policy", "IfNotPresent", input.toString());
            assertThat(converted.exit()).as(converted.err()).isZero();
            ProcessResult applied = cluster.kubectlWithInput(converted.out(), "apply", "-f", "-");
            assertThat(applied.exitCode()).as(applied.output()).isZero();
            assertThat(applied.output()).contains("service/slow-web created").contains("deployment.apps/slow-web created");

            cluster.client().apps().deployments().inNamespace(namespace).withName("slow-web")
                    .waitUntilCondition(d -> d != null && d.getStatus() != null
                            && Integer.valueOf(1).equals(d.getStatus().getReadyReplicas()), 3, TimeUnit.MINUTES);
            Pod pod = cluster.client().pods().inNamespace(namespace).withLabel("app.kubernetes.io/name", "slow-web")
                    .list().getItems().get(0);
            ContainerStatus status = pod.getStatus().getContainerStatuses().get(0);
            assertThat(status.getReady()).isTrue();
            assertThat(status.getRestartCount()).as("restarts before Ready").isZero();
            Instant started = Instant.parse(status.getState().getRunning().getStartedAt());
            Instant ready = pod.getStatus().getConditions().stream().filter(c -> c.getType().equals("Ready"))
                    .map(PodCondition::getLastTransitionTime).map(Instant::parse).findFirst().orElseThrow();
            assertThat(Duration.between(started, ready)).as("it needed grace + 2 intervals to become healthy")
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(STARTS_LISTENING_AFTER));
            Probe startup = pod.getSpec().getContainers().get(0).getStartupProbe();
            int initialDelay = startup.getInitialDelaySeconds() == null ? 0 : startup.getInitialDelaySeconds();
            assertThat(initialDelay + (startup.getFailureThreshold() - 1) * startup.getPeriodSeconds())
                    .as("the killing startup probe waits grace + maxConsecutiveFailures intervals")
                    .isGreaterThanOrEqualTo(GRACE + MAX_FAILURES * INTERVAL);
            assertThat(pod.getSpec().getContainers().get(0).getWorkingDir()).as("the image's WORKDIR").isNull();

            String podIp = pod.getStatus().getPodIP();
            ProcessResult addresses = cluster.kubectl("exec", "-n", namespace, pod.getMetadata().getName(), "--",
                    "sh", "-c", "echo \"$HOST $LIBPROCESS_IP $PORT0\"");
            assertThat(addresses.exitCode()).as(addresses.output()).isZero();
            assertThat(addresses.output().trim()).isEqualTo(podIp + " " + podIp + " 10000");
            ProcessResult served = cluster.kubectl("exec", "-n", namespace, pod.getMetadata().getName(), "--",
                    "sh", "-c", "wget -qO- \"http://$HOST:$PORT0/index.html\"");
            assertThat(served.output().trim()).as("the server listens on $HOST:$PORT0").isEqualTo("ok");
            assertThat(cluster.client().services().inNamespace(namespace).withName("slow-web").get().getSpec()
                    .getPorts()).singleElement().satisfies(p -> assertThat(p.getPort()).isEqualTo(10000));
        } finally {
            cluster.kubectl("delete", "namespace", namespace, "--wait=false");
            Files.deleteIfExists(input);
            Files.deleteIfExists(script);
            Files.deleteIfExists(directory);
        }
    }
}
