package io.mesosbridge.migrate.marathon;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.mesosbridge.migrate.testing.Corpus;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Where a converted app's command starts, the addresses it is told, and the port Marathon gives every app. */
class AppRuntimeTest {

    private static Deployment deployment(Corpus.Conversion conversion) {
        return conversion.result().all().stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .findFirst().orElseThrow();
    }

    private static List<Container> containers(Corpus.Conversion conversion) {
        return deployment(conversion).getSpec().getTemplate().getSpec().getContainers();
    }

    private static Optional<Service> service(Corpus.Conversion conversion) {
        return conversion.result().all().stream().filter(Service.class::isInstance).map(Service.class::cast).findFirst();
    }

    private static String env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue)
                .findFirst().orElseThrow(() -> new AssertionError("no " + name));
    }

    private static String fieldRef(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name))
                .map(e -> e.getValueFrom().getFieldRef().getFieldPath())
                .findFirst().orElseThrow(() -> new AssertionError("no " + name));
    }

    @Test
    void aDockerImageWithACommandStartsInTheImagesWorkdir() {
        Corpus.Conversion conversion = Corpus.convertText("""
                {"id": "/shop/frontend", "cmd": "./run.sh --port $PORT0", "cpus": 0.5, "mem": 256,
                 "container": {"type": "DOCKER", "docker": {"image": "shop/frontend:2.3"}},
                 "portDefinitions": [{"port": 0, "name": "http"}]}""");

        assertThat(containers(conversion).get(0).getWorkingDir()).isNull();
        assertThat(containers(conversion).get(0).getCommand()).containsExactly("/bin/sh", "-c", "./run.sh --port $PORT0");
    }

    @Test
    void aMesosContainerWithAnImageStartsInTheImagesWorkdirToo() {
        Corpus.Conversion conversion = Corpus.convertText("""
                {"id": "/worker", "args": ["./worker", "--queue", "jobs"],
                 "container": {"type": "MESOS", "docker": {"image": "acme/worker:1.0"}}}""");

        assertThat(containers(conversion).get(0).getWorkingDir()).isNull();
        assertThat(containers(conversion).get(0).getArgs()).containsExactly("./worker", "--queue", "jobs");
    }

    @Test
    void aCommandWithoutAnImageStartsInTheSandboxWhereItsFetchedFilesAre() {
        Corpus.Conversion conversion = Corpus.convertText("""
                {"id": "/legacy", "cmd": "chmod +x start.sh && ./start.sh", "cpus": 0.1, "mem": 64,
                 "fetch": [{"uri": "https://downloads.example.com/legacy/start.sh"}]}""");

        assertThat(containers(conversion).get(0).getWorkingDir()).isEqualTo(WorkloadParts.SANDBOX_PATH);
    }

    @Test
    void aMesosContainerWithAnImageThatReachesFetchedFilesIsWarnedAbout() {
        Corpus.Conversion conversion = Corpus.convertText("""
                {"id": "/tool", "cmd": "./config-loader conf.yml",
                 "container": {"type": "MESOS", "docker": {"image": "acme/tool:3"}},
                 "fetch": [{"uri": "https://downloads.example.com/conf.yml"}]}""");

        assertThat(containers(conversion).get(0).getWorkingDir()).isNull();
        assertThat(conversion.warnings().all()).anySatisfy(w -> {
            assertThat(w.place()).isEqualTo("$.cmd");
            assertThat(w.message()).contains("WORKDIR").contains("$MESOS_SANDBOX");
        });
    }

    @Test
    void podContainersStartInTheSandboxOnlyWithoutAnImage() {
        Corpus.Conversion conversion = Corpus.convertText("""
                {"id": "/pair", "containers": [
                  {"name": "web", "resources": {"cpus": 0.1, "mem": 64}, "image": {"kind": "DOCKER", "id": "nginx"},
                   "exec": {"command": {"shell": "./docker-entrypoint.sh nginx"}}},
                  {"name": "sidecar", "resources": {"cpus": 0.1, "mem": 32},
                   "exec": {"command": {"shell": "./sidecar"}}, "artifacts": [{"uri": "https://example.com/sidecar"}]}]}""");

        assertThat(containers(conversion).get(0).getWorkingDir()).isNull();
        assertThat(containers(conversion).get(1).getWorkingDir()).isEqualTo(WorkloadParts.SANDBOX_PATH);
    }

    @Test
    void aPodContainerWithAnImageThatReachesFetchedFilesIsWarnedAboutAsAnAppIs() {
        Corpus.Conversion conversion = Corpus.convertText("""
                {"id": "/loader", "containers": [
                  {"name": "load", "resources": {"cpus": 0.2, "mem": 128}, "image": {"kind": "DOCKER", "id": "acme/tool:3"},
                   "exec": {"command": {"shell": "./config-loader conf.yml"}},
                   "artifacts": [{"uri": "https://downloads.example.com/conf.yml"}]}]}""");

        assertThat(containers(conversion).get(0).getWorkingDir()).isNull();
        assertThat(conversion.warnings().all()).anySatisfy(w -> {
            assertThat(w.place()).isEqualTo("$.containers[0].exec.command");
            assertThat(w.message()).contains("WORKDIR").contains("$MESOS_SANDBOX");
        });
    }

    @Test
    void hostAndLibprocessIpAreThePodIpForAppsAndPods() {
        Corpus.Conversion app = Corpus.convertText("""
                {"id": "/api", "cmd": "exec ./api --listen $HOST:$PORT0",
                 "container": {"docker": {"image": "acme/api"}}, "portDefinitions": [{"port": 0}],
                 "healthChecks": [{"protocol": "COMMAND", "command": {"value": "wget -qO- http://$HOST:$PORT0/"}}]}""");
        Corpus.Conversion pod = Corpus.convertText("""
                {"id": "/pod", "containers": [{"name": "a", "resources": {"cpus": 0.1, "mem": 32},
                  "image": {"kind": "DOCKER", "id": "acme/api"}, "exec": {"command": {"shell": "./api"}}}]}""");

        for (Container container : List.of(containers(app).get(0), containers(pod).get(0))) {
            assertThat(fieldRef(container, "HOST")).isEqualTo("status.podIP");
            assertThat(fieldRef(container, "LIBPROCESS_IP")).isEqualTo("status.podIP");
        }
        // The probe runs inside the container, so $HOST:$PORT0 in it reaches the server listening on the pod IP.
        assertThat(containers(app).get(0).getLivenessProbe().getExec().getCommand())
                .containsExactly("/bin/sh", "-c", "wget -qO- http://$HOST:$PORT0/");
    }

    @Test
    void anAppsOwnHostVariableStillWins() {
        Corpus.Conversion conversion = Corpus.convertText("""
                {"id": "/pinned", "cmd": "serve", "container": {"docker": {"image": "acme/api"}},
                 "env": {"HOST": "0.0.0.0"}}""");

        assertThat(containers(conversion).get(0).getEnv()).filteredOn(e -> e.getName().equals("HOST"))
                .singleElement().satisfies(e -> assertThat(e.getValue()).isEqualTo("0.0.0.0"));
    }

    @Test
    void anAppOnTheHostNetworkWithoutPortsGetsMarathonsDefaultPort() {
        Corpus.Conversion conversion = Corpus.convertText("""
                {"id": "/prod/web", "cmd": "python3 -m http.server $PORT0", "cpus": 0.25, "mem": 128,
                 "container": {"type": "DOCKER", "docker": {"image": "python:3.12-slim"}},
                 "healthChecks": [{"protocol": "HTTP", "path": "/", "gracePeriodSeconds": 30,
                                   "intervalSeconds": 10, "maxConsecutiveFailures": 3}]}""");
        Container container = containers(conversion).get(0);

        assertThat(container.getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getContainerPort()).isEqualTo(10000);
            assertThat(p.getName()).isEqualTo("default");
            assertThat(p.getHostPort()).isNull();
        });
        assertThat(env(container, "PORT0")).isEqualTo("10000");
        assertThat(env(container, "PORT")).isEqualTo("10000");
        assertThat(env(container, "PORTS")).isEqualTo("10000");
        assertThat(env(container, "PORT_DEFAULT")).isEqualTo("10000");
        assertThat(container.getLivenessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(10000);
        assertThat(service(conversion)).hasValueSatisfying(s -> assertThat(s.getSpec().getPorts())
                .singleElement().satisfies(p -> assertThat(p.getPort()).isEqualTo(10000)));
        assertThat(conversion.warnings().all()).noneSatisfy(w -> assertThat(w.message()).contains("port index"));
    }

    @Test
    void theDefaultPortIsOnlyForTheHostNetworkAndOnlyWhenNoPortsAreDeclared() {
        List<String> withoutDefault = List.of(
                """
                {"id": "/none", "cmd": "work", "portDefinitions": []}""",
                """
                {"id": "/legacy-none", "cmd": "work", "ports": []}""",
                """
                {"id": "/bridged", "cmd": "work", "container": {"docker": {"image": "w", "network": "BRIDGE"}}}""",
                """
                {"id": "/overlay", "cmd": "work", "networks": [{"mode": "container", "name": "dcos"}]}""",
                """
                {"id": "/ip-per-task", "cmd": "work", "ipAddress": {"networkName": "dcos"}}""");
        for (String app : withoutDefault) {
            Corpus.Conversion conversion = Corpus.convertText(app);
            assertThat(containers(conversion).get(0).getPorts()).as(app).isEmpty();
            assertThat(service(conversion)).as(app).isEmpty();
        }
        Corpus.Conversion hostNetworks = Corpus.convertText("""
                {"id": "/host", "cmd": "work", "networks": [{"mode": "host"}]}""");
        assertThat(containers(hostNetworks).get(0).getPorts()).hasSize(1);
    }
}
