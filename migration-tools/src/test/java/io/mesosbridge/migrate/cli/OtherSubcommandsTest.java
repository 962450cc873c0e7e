package io.mesosbridge.migrate.cli;

import io.mesosbridge.migrate.jobs.JobFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class OtherSubcommandsTest {

    @Test
    void agentConfigReadsAnAgentConfigFolder(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("resources"), "cpus:4;mem:8192;disk:100000;ports:[8000-9000]\n");
        Files.writeString(dir.resolve("attributes"), "rack:rack1;datacenter:dc1\n");
        Files.writeString(dir.resolve("hostname"), "mesos-slave-1\n");
        CliTest.Run run = CliTest.run("agent-config", "--config-dir", dir.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("kubectl label node mesos-slave-1 --overwrite mesos.mesosbridge.io/attribute.datacenter=dc1"
                + " mesos.mesosbridge.io/attribute.rack=rack1");
        CliTest.Run noNode = CliTest.run("agent-config", "--resources", "cpus:1");
        assertThat(noNode.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(noNode.err()).contains("--node");
    }

    @Test
    void agentConfigFromAMasterStateCoversEveryAgent(@TempDir Path dir) throws IOException {
        Path state = dir.resolve("state.json");
        try (InputStream in = getClass().getResourceAsStream("/master-state.json")) {
            Files.write(state, in.readAllBytes());
        }
        CliTest.Run run = CliTest.run("agent-config", "--from-state", state.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("kubectl label node mesos-slave-1 --overwrite mesos.mesosbridge.io/attribute.datacenter=dc1"
                        + " mesos.mesosbridge.io/attribute.rack=rack1")
                .contains("kubectl annotate node mesos-slave-1 --overwrite 'mesos.mesosbridge.io/ports=[8000-9000]'")
                .contains("kubectl label node mesos-slave-2 --overwrite mesos.mesosbridge.io/attribute.rack=rack2 mesos.mesosbridge.io/role=analytics")
                .contains("kubectl taint node mesos-slave-2 --overwrite mesos.mesosbridge.io/role=analytics:NoSchedule");
    }

    @Test
    void jobsFromStandardInputBecomeCronJobs() {
        CliTest.Run run = CliTest.run(JobFixtures.CHRONOS, Map.of(), "jobs", "-n", "batch", "-");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(CliTest.parse(run.out())).extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
                .containsExactly("CronJob/hourly-report", "CronJob/after-report", "Job/once");
        assertThat(run.err()).contains("warning: <stdin>: $[1].parents: ");
    }

    @Test
    void everyBadJobFileOfAFolderIsReportedAndTheGoodJobsAreStillWritten(@TempDir Path dir) throws IOException {
        Path jobs = Files.createDirectory(dir.resolve("jobs"));
        Files.writeString(jobs.resolve("a-backup.json"), JobFixtures.METRONOME);
        Files.writeString(jobs.resolve("b-truncated.json"), "{\"id\": \"reports.daily\",\n \"run\": {\"cmd\": ");
        Files.writeString(jobs.resolve("c-mixed.json"), """
                [{"name": "cleanup", "command": "find /tmp -mtime +7 -delete", "schedule": "every night"},
                 {"name": "vacuum", "command": "vacuumdb --all", "schedule": "R/2024-01-01T03:00:00Z/P1D",
                  "container": {"type": "DOCKER", "image": "postgres:16"}}]""");
        Files.writeString(jobs.resolve("d-marathon-app.json"), "{\"id\": \"/web\", \"cmd\": \"./serve\", \"instances\": 2}");

        Path out = dir.resolve("k8s");
        CliTest.Run run = CliTest.run("jobs", "-o", out.toString(), jobs.toString());

        assertThat(run.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        List<String> errors = run.err().lines().filter(l -> l.startsWith("error: ")).toList();
        assertThat(errors).hasSize(4);
        assertThat(errors.get(0)).startsWith("error: " + jobs.resolve("b-truncated.json") + ": line ")
                .contains("malformed JSON");
        assertThat(errors.get(1)).isEqualTo("error: " + jobs.resolve("c-mixed.json")
                + ": $[0].schedule: expected R[n]/START/PERIOD, found every night");
        assertThat(errors.get(2)).isEqualTo("error: " + jobs.resolve("d-marathon-app.json")
                + ": $: not a Metronome job (no run) nor a Chronos job (no name and command)");
        assertThat(errors.get(3)).isEqualTo("error: 3 error(s) in 3 of 4 input(s); what they could not give is"
                + " missing from the output, the rest was converted");
        // The good file, and the good job beside the bad one in the same file, are written.
        try (Stream<Path> written = Files.list(out)) {
            assertThat(written.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("prod-example-backup-cronjob.yaml", "vacuum-cronjob.yaml");
        }
    }

    @Test
    void sparkLineGivenInline() {
        CliTest.Run run = CliTest.run("spark", "--line", "spark-submit --master mesos://m:5050 --class A app.jar",
                "-n", "jobs");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("--master k8s://https://kubernetes.default.svc").contains("spark.kubernetes.namespace=jobs");
        assertThat(CliTest.run("spark", "--strict", "--line", "spark-submit --master mesos://m --supervise app.jar").exit())
                .isEqualTo(ExitCodes.WARNINGS_UNDER_STRICT);
    }

    @Test
    void inventoryWritesItsReportIntoTheFolder(@TempDir Path dir) throws IOException {
        Path state = dir.resolve("state.json");
        try (InputStream in = getClass().getResourceAsStream("/master-state.json")) {
            Files.write(state, in.readAllBytes());
        }
        Path out = dir.resolve("report");
        CliTest.Run run = CliTest.run("inventory", state.toString(), "-o", out.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(Files.readString(out.resolve("migration-report.md"), StandardCharsets.UTF_8))
                .startsWith("# Migration report: Mesos master mesos-master-1");
        CliTest.Run json = CliTest.run("inventory", "--format", "json", state.toString());
        assertThat(json.out()).contains("\"frameworks\"");
    }
}
