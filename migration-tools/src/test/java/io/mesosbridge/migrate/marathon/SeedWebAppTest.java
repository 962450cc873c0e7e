package io.mesosbridge.migrate.marathon;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.mesosbridge.migrate.testing.Corpus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The web-app from the seed document, field by field. */
class SeedWebAppTest {

    static final String WEB_APP = """
            {
            "id": "/web-app",
            "cmd": "python app.py",
            "cpus": 1.0,
            "mem": 512,
            "instances": 3,
            "container": {
            "type": "DOCKER",
            "docker": {
            "image": "myapp:latest",
            "network": "BRIDGE",
            "portMappings": [
            {
            "containerPort": 8080,
            "hostPort": 0,
            "protocol": "tcp"
            }
            ]
            }
            },
            "healthChecks": [
            {
            "protocol": "HTTP",
            "path": "/health",
            "portIndex": 0,
            "timeoutSeconds": 10,
            "gracePeriodSeconds": 10,
            "intervalSeconds": 2,
            "maxConsecutiveFailures": 10
            }
            ],
            "upgradeStrategy": {
            "minimumHealthCapacity": 0.5,
            "maximumOverCapacity": 0.2
            }
            }
            """;

    private final Corpus.Conversion conversion = Corpus.convertText(WEB_APP);
    private final Converted app = conversion.result().items().get(0);
    private final Deployment deployment = (Deployment) app.resources().stream()
            .filter(r -> r instanceof Deployment).findFirst().orElseThrow();
    private final Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);

    @Test
    void isADeploymentOfThreeReplicasNamedAfterTheApp() {
        assertThat(app.name()).isEqualTo("web-app");
        assertThat(deployment.getMetadata().getName()).isEqualTo("web-app");
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
        assertThat(deployment.getSpec().getSelector().getMatchLabels())
                .containsEntry("app.kubernetes.io/name", "web-app");
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
        assertThat(conversion.warnings().all()).isEmpty();
    }

    @Test
    void requestsOneCpuAnd512MiOfMemory() {
        assertThat(container.getResources().getRequests().get("cpu").toString()).isEqualTo("1");
        assertThat(container.getResources().getRequests().get("memory").toString()).isEqualTo("512Mi");
        assertThat(container.getResources().getLimits().get("memory").toString()).isEqualTo("512Mi");
        assertThat(container.getResources().getLimits()).doesNotContainKey("cpu");
    }

    @Test
    void runsTheCommandThroughAShellInTheImage() {
        assertThat(container.getImage()).isEqualTo("myapp:latest");
        assertThat(container.getCommand()).containsExactly("/bin/sh", "-c", "python app.py");
        assertThat(container.getArgs()).isEmpty();
        assertThat(container.getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getContainerPort()).isEqualTo(8080);
            assertThat(p.getProtocol()).isEqualTo("TCP");
            assertThat(p.getHostPort()).isNull();
        });
        assertThat(container.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("PORT0");
            assertThat(e.getValue()).isEqualTo("8080");
        });
    }

    @Test
    void healthCheckBecomesALivenessProbeOnTheContainerPort() {
        Probe liveness = container.getLivenessProbe();
        assertThat(liveness.getHttpGet().getPath()).isEqualTo("/health");
        assertThat(liveness.getHttpGet().getPort().getIntVal()).isEqualTo(8080);
        assertThat(liveness.getHttpGet().getScheme()).isEqualTo("HTTP");
        assertThat(liveness.getTimeoutSeconds()).isEqualTo(10);
        assertThat(liveness.getPeriodSeconds()).isEqualTo(2);
        assertThat(liveness.getFailureThreshold()).as("Marathon kills on the failure after maxConsecutiveFailures")
                .isEqualTo(10 + 1);
    }

    @Test
    void gracePeriodBecomesAStartupProbeCoveringTenSecondsThenTheFailuresThatKill() {
        Probe startup = container.getStartupProbe();
        assertThat(startup.getHttpGet().getPath()).isEqualTo("/health");
        assertThat(startup.getHttpGet().getPort().getIntVal()).isEqualTo(8080);
        assertThat(startup.getPeriodSeconds()).isEqualTo(2);
        assertThat(startup.getTimeoutSeconds()).isEqualTo(10);
        assertThat(startup.getFailureThreshold())
                .as("10 s of grace at 2 s a check, maxConsecutiveFailures tolerated, then the one that kills")
                .isEqualTo(10 / 2 + 10 + 1);
    }

    @Test
    void upgradeStrategyBecomesRollingUpdateBounds() {
        assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getStrVal()).isEqualTo("50%");
        assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getStrVal()).isEqualTo("20%");
    }

    @Test
    void portMappingBecomesAService() {
        Service service = (Service) app.resources().get(0);
        assertThat(service.getMetadata().getName()).isEqualTo("web-app");
        assertThat(service.getSpec().getSelector()).containsEntry("app.kubernetes.io/name", "web-app");
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getPort()).isEqualTo(8080);
            assertThat(p.getTargetPort().getIntVal()).isEqualTo(8080);
        });
        assertThat(service.getSpec().getClusterIP()).isNull();
    }
}
