package io.mesosbridge.migrate.marathon;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.mesosbridge.migrate.report.UnknownFields;
import io.mesosbridge.migrate.report.Warning;
import io.mesosbridge.migrate.testing.Corpus;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class NestedFieldsTest {

    @Test
    void misspelledHealthAndReadinessFieldsAreWarnedWithTheirPath() {
        Corpus.Conversion conversion = Corpus.convertText("""
                {"id": "/payments/api", "cmd": "./api --port $PORT0", "instances": 3,
                 "container": {"type": "DOCKER", "docker": {"image": "example/payments-api:3.2", "forcePullImgae": true}},
                 "portDefinitions": [{"port": 0, "name": "http", "protocol": "tcp"}],
                 "healthChecks": [{"protcol": "MESOS_HTTP", "path": "/health", "portIndex": 0,
                                   "gracePeriodSeconds": 60, "intervalSeconds": 10, "maxConsecutiveFailures": 3}],
                 "readinessChecks": [{"name": "ready", "protocol": "HTTP", "path": "/ready", "portName": "http",
                                      "intervalSecond": 5, "timeoutSeconds": 2}],
                 "upgradeStrategy": {"minimumHealthCapacity": 0.5, "maximumOvercapacity": 0.2}}""");
        List<String> unknown = conversion.warnings().all().stream()
                .filter(w -> w.message().startsWith("unknown field"))
                .map(w -> w.place() + ": " + w.message()).toList();
        assertThat(unknown).containsExactlyInAnyOrder(
                "$.container.docker.forcePullImgae: unknown field forcePullImgae (did you mean forcePullImage?);"
                        + " not carried over",
                "$.healthChecks[0].protcol: unknown field protcol (did you mean protocol?); not carried over",
                "$.readinessChecks[0].intervalSecond: unknown field intervalSecond (did you mean intervalSeconds?);"
                        + " not carried over",
                "$.upgradeStrategy.maximumOvercapacity: unknown field maximumOvercapacity"
                        + " (did you mean maximumOverCapacity?); not carried over");
    }

    @Test
    void freeFormObjectsAndCorrectFieldsAreNotWarned() {
        Corpus.Conversion conversion = Corpus.convertText("""
                {"id": "/web", "cmd": "nginx -g 'daemon off;'", "env": {"anyName": "x"},
                 "labels": {"team": "web"},
                 "container": {"type": "DOCKER", "docker": {"image": "nginx:1.27"},
                   "portMappings": [{"containerPort": 80, "name": "http", "labels": {"VIP_0": "/web:80"}}],
                   "volumes": [{"containerPath": "data", "mode": "RW", "persistent": {"size": 512, "type": "root"}}]},
                 "networks": [{"mode": "container/bridge"}],
                 "healthChecks": [{"protocol": "COMMAND", "command": {"value": "curl -f localhost"}}]}""");
        assertThat(conversion.warnings().all()).extracting(Warning::message)
                .noneMatch(m -> m.startsWith("unknown field"));
    }

    @Test
    void podHealthChecksEndpointsAndSchedulingAreChecked() {
        Corpus.Conversion conversion = Corpus.convertText("""
                {"id": "/monitoring/collector", "scaling": {"kind": "fixed", "instances": 1},
                 "scheduling": {"placement": {"constraints": []}, "upgarde": {"minimumHealthCapacity": 0}},
                 "networks": [{"mode": "host"}],
                 "containers": [{"name": "collector", "resources": {"cpus": 0.2, "mem": 64, "dsik": 10},
                   "image": {"kind": "DOCKER", "id": "prom/node-exporter:v1.8.1"},
                   "endpoints": [{"name": "metrics", "hostPort": 9100, "protocl": ["tcp"]}],
                   "healthCheck": {"http": {"endpoint": "metrics", "path": "/metrics"}, "intervalSecnds": 15}}]}""");
        assertThat(conversion.warnings().all()).filteredOn(w -> w.message().startsWith("unknown field"))
                .extracting(Warning::place)
                .containsExactlyInAnyOrder("$.scheduling.upgarde", "$.containers[0].resources.dsik",
                        "$.containers[0].endpoints[0].protocl", "$.containers[0].healthCheck.intervalSecnds");
    }

    @Test
    void theHintIsOnlyGivenForANearName() {
        assertThat(UnknownFields.warning("retries", Set.of("intervalSeconds", "timeoutSeconds")))
                .isEqualTo("unknown field retries; not carried over");
    }

    @Test
    void aPodImageFieldMarathonDoesNotKnowIsWarnedAboutAndNotActedOn() {
        Corpus.Conversion conversion = Corpus.convert("pods/private-docker-pod.json");
        assertThat(conversion.warnings().all()).anySatisfy(w -> {
            assertThat(w.place()).isEqualTo("$.containers[0].image.force");
            assertThat(w.message()).isEqualTo("unknown field force; not carried over");
        });
        Deployment deployment = conversion.result().all().stream().filter(Deployment.class::isInstance)
                .map(Deployment.class::cast).findFirst().orElseThrow();
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImagePullPolicy())
                .as("Marathon's pod Image has forcePull, not force").isNotEqualTo("Always");
    }

    @Test
    void misspelledTopLevelAppPodAndContainerFieldsGetTheHintToo() {
        Corpus.Conversion app = Corpus.convertText("""
                {"id": "/payments/api", "cmd": "./api", "instaces": 3, "container": {"docker": {"image": "example/api:3"}}}""");
        Corpus.Conversion pod = Corpus.convertText("""
                {"id": "/metrics", "scaling": {"kind": "fixed", "instances": 1}, "enviroment": {"MODE": "prod"},
                 "containers": [{"name": "exporter", "resources": {"cpus": 0.1, "mem": 64},
                   "image": {"kind": "DOCKER", "id": "prom/node-exporter:v1.8.1"}, "healtCheck": {}}]}""");
        assertThat(app.warnings().all()).extracting(w -> w.place() + ": " + w.message())
                .contains("$.instaces: unknown field instaces (did you mean instances?); not carried over");
        assertThat(pod.warnings().all()).extracting(w -> w.place() + ": " + w.message()).contains(
                "$.enviroment: unknown field enviroment (did you mean environment?); not carried over",
                "$.containers[0].healtCheck: unknown field healtCheck (did you mean healthCheck?); not carried over");
    }
}
