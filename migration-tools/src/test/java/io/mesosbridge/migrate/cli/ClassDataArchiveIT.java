package io.mesosbridge.migrate.cli;

import io.mesosbridge.migrate.testing.Corpus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The class-data archive bin/mesos-migrate keeps beside the packaged jar: recorded by the first successful run of a
 * subcommand, never from a help run, never left half-written, and an archive the JVM cannot use changes nothing a
 * user sees. Needs the packaged jar (failsafe passes its path as {@code migrate.jar}), not a cluster.
 */
class ClassDataArchiveIT {

    private static final Path JAR = Path.of(System.getProperty("migrate.jar"));
    private static final Path TARGET = JAR.getParent();
    private static final Path ROOT = TARGET.getParent().getParent();
    private static final Path MARATHON_ARCHIVE = TARGET.resolve("mesos-migrate-marathon.jsa");

    record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void noArchiveYet() throws IOException {
        for (Path archive : archives()) {
            Files.delete(archive);
        }
    }

    @Test
    void firstRunRecordsTheArchiveOfItsSubcommandWhichLaterRunsUseWithTheSameOutput() throws Exception {
        Run recording = script("marathon", Corpus.file("apps").toString());
        assertThat(recording.exit()).as(recording.err()).isZero();
        assertThat(archives()).containsExactly(MARATHON_ARCHIVE);

        Run mapped = script("marathon", Corpus.file("apps").toString());
        assertThat(mapped).isEqualTo(recording);
        Run usedByTheJvm = java("-Xshare:on", "-XX:SharedArchiveFile=" + MARATHON_ARCHIVE, "-cp", JAR.toString(),
                "-version");
        assertThat(usedByTheJvm.exit()).as(usedByTheJvm.err()).isZero();
    }

    @Test
    void helpAndFailedRunsRecordNoArchive() throws Exception {
        assertThat(script("marathon", "--help").exit()).isZero();
        assertThat(script("marathon", "/no/such/app.json").exit()).isEqualTo(2);
        assertThat(archives()).isEmpty();
    }

    @Test
    void anArchiveTheJvmRejectsMeansANormalStartWithoutAWord() throws Exception {
        Run normal = script("marathon", Corpus.file("apps").toString());
        // Recorded for another jar, but newer than this one: the script maps it and the JVM refuses it.
        Path otherJar = Files.createTempFile(TARGET, "other-", ".jar");
        try {
            Files.copy(JAR, otherJar, StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(MARATHON_ARCHIVE);
            Run recorded = java("-XX:ArchiveClassesAtExit=" + MARATHON_ARCHIVE, "-jar", otherJar.toString(),
                    "--version");
            assertThat(recorded.exit()).as(recorded.err()).isZero();
        } finally {
            Files.delete(otherJar);
        }

        assertThat(script("marathon", Corpus.file("apps").toString())).isEqualTo(normal);
    }

    private static List<Path> archives() throws IOException {
        try (Stream<Path> files = Files.list(TARGET)) {
            return files.filter(f -> f.getFileName().toString().contains(".jsa")).sorted().toList();
        }
    }

    private static Run script(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("bin/mesos-migrate").toString()));
        command.addAll(List.of(args));
        return run(command);
    }

    private static Run java(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("java", "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
        command.addAll(List.of(args));
        return run(command);
    }

    private static Run run(List<String> command) throws IOException, InterruptedException {
        File err = Files.createTempFile("mesos-migrate-", ".err").toFile();
        try {
            Process process = new ProcessBuilder(command).directory(ROOT.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectError(err).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
            return new Run(process.exitValue(), out, Files.readString(err.toPath()));
        } finally {
            Files.delete(err.toPath());
        }
    }
}
