package io.mesosbridge.migrate.cli;

import io.fabric8.kubernetes.api.model.HasMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.mesosbridge.migrate.cli.CliTest.parse;
import static io.mesosbridge.migrate.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** What {@code mesos-migrate marathon} writes when it is given a namespace, or inputs of which some are bad. */
class MarathonCommandOutputTest {

    private static final String SHOP_FRONTEND = """
            {"id": "/shop/frontend", "cmd": "python3 -m http.server $PORT0", "instances": 2, "cpus": 0.5, "mem": 256,
             "container": {"type": "DOCKER", "docker": {"image": "python:3.12-slim"}},
             "portDefinitions": [{"port": 0, "name": "http"}]}""";

    private static final String ANALYTICS_WORKER = """
            {"id": "/analytics/worker", "cmd": "./worker --queue jobs", "cpus": 2, "mem": 2048,
             "acceptedResourceRoles": ["analytics"],
             "container": {"type": "DOCKER", "docker": {"image": "example/worker:1.4"}}}""";

    @Test
    void theNamespaceGivenWithDashNIsUsedButNeverEmittedSoDeleteCannotRemoveIt() {
        CliTest.Run run = run(SHOP_FRONTEND, java.util.Map.of(), "marathon", "-n", "shop", "-");
        assertThat(run.exit()).isZero();
        List<HasMetadata> objects = parse(run.out());
        assertThat(objects).extracting(HasMetadata::getKind).doesNotContain("Namespace");
        assertThat(objects).allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo("shop"));
    }

    @Test
    void aRoleNamespaceIsStillCreatedButNotTheDashNOne(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("frontend.json"), SHOP_FRONTEND);
        Files.writeString(dir.resolve("worker.json"), ANALYTICS_WORKER);
        Path out = dir.resolve("k8s");
        CliTest.Run run = run("marathon", "-n", "shop", "-o", out.toString(), dir.resolve("frontend.json").toString(),
                dir.resolve("worker.json").toString());
        assertThat(run.exit()).isZero();
        List<HasMetadata> namespaces = parse(Files.readString(out.resolve("00-namespaces.yaml")));
        assertThat(namespaces).extracting(n -> n.getMetadata().getName()).containsExactly("analytics");
    }

    @Test
    void everyBadFileOfAFolderIsReportedAndTheGoodOnesAreStillConverted(@TempDir Path dir) throws IOException {
        Path apps = Files.createDirectory(dir.resolve("apps"));
        Files.writeString(apps.resolve("a-frontend.json"), SHOP_FRONTEND);
        Files.writeString(apps.resolve("b-truncated.json"), "{\"id\": \"/shop/cart\",\n \"cpus\": 0.5,\n");
        Files.writeString(apps.resolve("c-worker.json"), ANALYTICS_WORKER);
        Files.writeString(apps.resolve("d-wrong-type.json"), """
                {"id": "/shop", "apps": [
                  {"id": "payments", "cmd": "./pay", "instances": "three"},
                  {"id": "mailer", "cmd": "./mail", "container": {"docker": {"image": "example/mailer:2"}}}]}""");
        Files.writeString(apps.resolve("e-not-marathon.json"), "{\"name\": \"nightly-backup\", \"owner\": \"ops\"}");

        Path out = dir.resolve("k8s");
        CliTest.Run run = run("marathon", "-o", out.toString(), apps.toString());

        assertThat(run.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        List<String> errors = run.err().lines().filter(l -> l.startsWith("error: ")).toList();
        assertThat(errors).hasSize(4);
        assertThat(errors.get(0)).startsWith("error: " + apps.resolve("b-truncated.json") + ": line ")
                .contains("malformed JSON");
        assertThat(errors.get(1)).isEqualTo("error: " + apps.resolve("e-not-marathon.json")
                + ": $: not a Marathon app, pod or group: an app or pod needs an id, a group has apps, groups or pods");
        assertThat(errors.get(2)).isEqualTo("error: " + apps.resolve("d-wrong-type.json")
                + ": $.apps[0].instances: expected a number, found a string");
        assertThat(errors.get(3)).isEqualTo("error: 3 error(s) in 3 of 5 input(s); what they could not give is"
                + " missing from the output, the rest was converted");
        // The good files, and the good app beside the bad one in the same group, are written.
        assertThat(out.resolve("shop-frontend-deployment.yaml")).exists();
        assertThat(out.resolve("analytics-worker-deployment.yaml")).exists();
        assertThat(out.resolve("shop-mailer-deployment.yaml")).exists();
        assertThat(out.resolve("shop-payments-deployment.yaml")).doesNotExist();
    }

    @Test
    void strictWritesNothingWhenAnInputIsBad(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("frontend.json"), SHOP_FRONTEND);
        Files.writeString(dir.resolve("broken.json"), "[{\"id\": \"/x\"},");
        Path out = dir.resolve("k8s");
        CliTest.Run run = run("marathon", "--strict", "-o", out.toString(), dir.toString());
        assertThat(run.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).contains("error: 1 error(s), 0 warning(s) and --strict: nothing written");
        assertThat(out).doesNotExist();
    }

    @Test
    void strictFailsOnAMisspelledNestedField() {
        String app = SHOP_FRONTEND.replace("\"portDefinitions\"", "\"readinessChecks\": [{\"portName\": \"http\","
                + " \"intervalSecond\": 5}], \"portDefinitions\"");
        CliTest.Run run = run(app, java.util.Map.of(), "marathon", "--strict", "-");
        assertThat(run.exit()).isEqualTo(ExitCodes.WARNINGS_UNDER_STRICT);
        assertThat(run.err()).contains("warning: <stdin>: $.readinessChecks[0].intervalSecond: unknown field"
                + " intervalSecond (did you mean intervalSeconds?)");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void publicNodesAreChosenWithOptions() {
        String publicApp = SHOP_FRONTEND.replace("\"instances\": 2", "\"instances\": 2, \"acceptedResourceRoles\": [\"slave_public\"]");
        CliTest.Run run = run(publicApp, java.util.Map.of(), "marathon", "--public-node-selector",
                "node-role.kubernetes.io/public=true", "--public-node-taint", "none", "-");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("nodeSelector:\n        node-role.kubernetes.io/public: \"true\"")
                .doesNotContain("tolerations").doesNotContain("kind: \"Namespace\"");
        CliTest.Run bad = run(publicApp, java.util.Map.of(), "marathon", "--public-node-taint", "public", "-");
        assertThat(bad.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(bad.err()).contains("error: --public-node-taint: expected KEY=VALUE:EFFECT");
    }

    @Test
    void perNodeAgentsIsAnOption() {
        String group = io.mesosbridge.migrate.testing.Corpus.file("docs-examples/group.json").toString();
        CliTest.Run asked = run("marathon", "--per-node-agents", "5", group);
        assertThat(asked.exit()).isZero();
        assertThat(parse(asked.out())).filteredOn(o -> o.getKind().equals("DaemonSet"))
                .extracting(o -> o.getMetadata().getName()).containsExactly("tools-datadog-agent");
        assertThat(parse(run("marathon", group).out())).extracting(HasMetadata::getKind).doesNotContain("DaemonSet");
    }
}
