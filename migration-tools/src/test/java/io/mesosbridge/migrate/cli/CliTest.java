package io.mesosbridge.migrate.cli;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.mesosbridge.migrate.kube.Manifests;
import io.mesosbridge.migrate.marathon.SeedWebAppTestSupport;
import io.mesosbridge.migrate.testing.Corpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class CliTest {

    record Run(int exit, String out, String err) {
    }

    static Run run(String stdin, Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = MesosMigrate.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), env);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Run run(String... args) {
        return run("", Map.of(), args);
    }

    static List<HasMetadata> parse(String yaml) {
        List<HasMetadata> result = new java.util.ArrayList<>();
        for (String document : yaml.split("(?m)^---\\n")) {
            if (!document.isBlank()) {
                result.add(Manifests.serialization().unmarshal(document, HasMetadata.class));
            }
        }
        return result;
    }

    @Test
    void manifestsGoToStdoutAndWarningsToStderrNamingFileAndPath() {
        Run run = run("marathon", Corpus.file("docs-examples/app.json").toString());
        assertThat(run.exit()).isZero();
        List<HasMetadata> objects = parse(run.out());
        assertThat(objects).extracting(HasMetadata::getKind).containsExactly("Namespace", "Service", "Deployment");
        assertThat(run.out()).doesNotContain("warning");
        assertThat(run.err()).contains("warning: " + Corpus.file("docs-examples/app.json") + ": $.constraints[0]: ");
    }

    @Test
    void stdinWorksAndOutputIsTheSameOnEveryRun() {
        Run first = run(SeedWebAppTestSupport.WEB_APP, Map.of(), "marathon", "-");
        Run second = run(SeedWebAppTestSupport.WEB_APP, Map.of(), "marathon", "-");
        assertThat(first.exit()).isZero();
        assertThat(first.out()).isEqualTo(second.out()).contains("name: \"web-app\"");
        assertThat(first.err()).isEmpty();
    }

    @Test
    void strictTurnsWarningsIntoExitOneAndWritesNothing(@TempDir Path dir) {
        Path out = dir.resolve("out");
        Run run = run("marathon", "--strict", "-o", out.toString(), Corpus.file("docs-examples/app.json").toString());
        assertThat(run.exit()).isEqualTo(ExitCodes.WARNINGS_UNDER_STRICT);
        assertThat(run.out()).isEmpty();
        assertThat(out).doesNotExist();
        assertThat(run.err()).contains("--strict: nothing written");

        Run clean = run(SeedWebAppTestSupport.WEB_APP, Map.of(), "marathon", "--strict", "-");
        assertThat(clean.exit()).isZero();
    }

    @Test
    void malformedInputIsOneClearLineAndTheRestIsStillWritten(@TempDir Path dir) throws IOException {
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"id\": \"/x\",\n \"cpus\": }");
        Path out = dir.resolve("out");
        Run run = run("marathon", "-o", out.toString(), Corpus.file("apps/sleep-app.json").toString(), broken.toString());
        assertThat(run.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err().lines().filter(l -> l.startsWith("error: ")).findFirst().orElseThrow())
                .startsWith("error: " + broken + ": line 2, column")
                .contains("malformed JSON");
        assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(out.resolve("sleep-deployment.yaml")).exists();

        Path wrongType = dir.resolve("wrong.json");
        Files.writeString(wrongType, "{\"apps\": [{\"id\": \"/x\", \"cpus\": \"lots\"}]}");
        Run typed = run("marathon", wrongType.toString());
        assertThat(typed.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(typed.err().lines().findFirst().orElseThrow())
                .isEqualTo("error: " + wrongType + ": $.apps[0].cpus: expected a number, found a string");

        Path unknown = dir.resolve("unknown.json");
        Files.writeString(unknown, "{\"name\": \"not marathon\"}");
        Run shape = run("marathon", unknown.toString());
        assertThat(shape.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(shape.err()).contains(unknown + ": $: not a Marathon app, pod or group");

        Run missing = run("marathon", dir.resolve("nope.json").toString());
        assertThat(missing.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(missing.err()).contains("no such file");
    }

    @Test
    void outputFolderGetsOneFilePerObjectAndRerunsAreIdentical(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("manifests");
        Run run = run("marathon", "-o", out.toString(), Corpus.file("docs-examples/group.json").toString(),
                Corpus.file("docs-examples/app.json").toString());
        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEmpty();
        List<String> names;
        try (Stream<Path> files = Files.list(out)) {
            names = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(names).containsExactly("00-namespaces.yaml", "foo-deployment.yaml", "foo-service.yaml",
                "tools-datadog-agent-deployment.yaml", "tools-datadog-agent-service.yaml",
                "tools-docker-registry-deployment.yaml",
                "tools-docker-registry-service.yaml", "tools-oauth-server-deployment.yaml",
                "tools-oauth-server-service.yaml");
        String before = Files.readString(out.resolve("foo-deployment.yaml"));
        run("marathon", "-o", out.toString(), Corpus.file("docs-examples/group.json").toString(),
                Corpus.file("docs-examples/app.json").toString());
        assertThat(Files.readString(out.resolve("foo-deployment.yaml"))).isEqualTo(before);
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.filter(p -> p.getFileName().toString().startsWith("."))).isEmpty();
        }
    }

    @Test
    void anOutputFolderThatCannotBeWrittenIsExitThree(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("occupied");
        Files.writeString(file, "not a folder");
        Run run = run("marathon", "-o", file.toString(), Corpus.file("apps/sleep-app.json").toString());
        assertThat(run.exit()).isEqualTo(ExitCodes.CANNOT_WRITE);
        assertThat(run.err()).contains("error: cannot write to " + file);
        assertThat(Files.readString(file)).isEqualTo("not a folder");
    }

    @Test
    void liveMarathonEndpointIsReadOverHttp() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] body = Files.readAllBytes(Corpus.file("docs-examples/group.json"));
        server.createContext("/v2/groups", exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            Run run = run("marathon", base + "/v2/groups");
            assertThat(run.exit()).isZero();
            assertThat(parse(run.out())).filteredOn(o -> o.getKind().equals("Deployment")).hasSize(3);
            Run notFound = run("marathon", base + "/v2/nothing");
            assertThat(notFound.exit()).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(notFound.err()).contains("GET answered HTTP 404");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void progressBarOnlyWhenStderrIsATerminalOrAskedFor() {
        String list = Corpus.file("real-app-lists/155_100.json").toString();
        Run quiet = run("marathon", list);
        assertThat(quiet.err()).doesNotContain("100/100");
        Run terminal = run("", Map.of(Session.STDERR_TTY_VARIABLE, "1"), "marathon", list);
        assertThat(terminal.err()).contains("] 100/100 apps");
        Run small = run("", Map.of(Session.STDERR_TTY_VARIABLE, "1"), "marathon", Corpus.file("apps/sleep-app.json").toString());
        assertThat(small.err()).doesNotContain("1/1");
        Run asked = run("marathon", "--progress", Corpus.file("apps/sleep-app.json").toString());
        assertThat(asked.err()).contains("] 1/1 apps");
        Run off = run("", Map.of(Session.STDERR_TTY_VARIABLE, "1"), "marathon", "--no-progress", list);
        assertThat(off.err()).doesNotContain("100/100");
    }

    @Test
    void imageOverrideReplacesEveryImage() {
        Run run = run("marathon", "--image-override", "mesos-bridge/busybox:local", "--image-pull-policy", "IfNotPresent",
                Corpus.file("apps/pinger-bridge-app.json").toString());
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("image: \"mesos-bridge/busybox:local\"").doesNotContain("python:3.5-alpine")
                .doesNotContain("busybox:1.36").contains("imagePullPolicy: \"IfNotPresent\"");
    }

    @Test
    void unknownSubcommandOrOptionIsAUsageError() {
        assertThat(run("kompose").exit()).isEqualTo(2);
        assertThat(run("marathon", "--frobnicate", "x.json").exit()).isEqualTo(2);
        assertThat(run("marathon").err()).contains("Missing required parameter");
    }

    @Test
    void everyManifestRoundTripsThroughTheKubernetesModel() {
        Run run = run("marathon", Corpus.file("apps").toString(), Corpus.file("groups").toString(),
                Corpus.file("pods").toString(), Corpus.file("docs-examples").toString(),
                Corpus.file("real-app-lists/155_100.json").toString());
        assertThat(run.exit()).isZero();
        // Two files of the corpus define /sleep and two define /foo: both kept, under different names.
        assertThat(run.err()).contains("id /sleep is also defined in");
        List<HasMetadata> objects = parse(run.out());
        assertThat(objects).hasSizeGreaterThan(200);
        assertThat(objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).distinct().count())
                .isEqualTo(objects.size());
        assertThat(Manifests.toYamlStream(objects)).isEqualTo(run.out());
    }
}
