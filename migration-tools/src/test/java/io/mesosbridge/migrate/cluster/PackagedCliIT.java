package io.mesosbridge.migrate.cluster;

import io.mesosbridge.migrate.testing.Corpus;
import io.mesosbridge.testcluster.ProcessResult;
import io.mesosbridge.testcluster.RealCluster;
import io.mesosbridge.testcluster.WithRealCluster;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** bin/mesos-migrate, as a user runs it, piped into kubectl. */
@WithRealCluster
class PackagedCliIT {

    record Result(int exit, String out, String err) {
    }

    static Result script(Path root, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(root.resolve("bin/mesos-migrate").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(root.toFile()).start();
        process.getOutputStream().close();
        var out = process.getInputStream();
        var err = process.getErrorStream();
        StringBuilder errText = new StringBuilder();
        Thread errReader = new Thread(() -> {
            try {
                errText.append(new String(err.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the process ended
            }
        });
        errReader.start();
        String outText = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        errReader.join();
        return new Result(process.exitValue(), outText, errText.toString());
    }

    @Test
    void scriptOutputPipesIntoKubectl(RealCluster cluster) throws Exception {
        Result run = script(cluster.repositoryRoot(), "marathon", "--no-role-namespaces",
                Corpus.file("apps").toString(), Corpus.file("pods").toString(), Corpus.file("groups").toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).contains("warning: ").doesNotContain("Exception").doesNotContain("SLF4J");
        ProcessResult applied = cluster.kubectlWithInput(run.out(), "apply", "--dry-run=server", "-f", "-");
        assertThat(applied.exitCode()).as(applied.output()).isZero();
        assertThat(applied.output()).contains("deployment.apps/docker-http-server created (server dry run)")
                .contains("statefulset.apps/persistent-volume-app created (server dry run)");
    }

    @Test
    void scriptReportsBadInputWithoutAStackTrace(RealCluster cluster) throws Exception {
        Result run = script(cluster.repositoryRoot(), "marathon", "/no/such/app.json");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().strip()).isEqualTo("error: /no/such/app.json: no such file");
    }
}
