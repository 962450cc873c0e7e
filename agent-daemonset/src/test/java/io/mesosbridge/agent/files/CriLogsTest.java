package io.mesosbridge.agent.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CriLogsTest {

    @TempDir
    Path logs;

    @Test
    void aStreamIsItsLinesWithoutTheCriPrefixAndPartialLinesJoined() throws Exception {
        Path container = new CriLogs(logs).containerDirectory("mesos", "pod-a", "uid-1", "task");
        Files.createDirectories(container);
        Files.writeString(container.resolve("0.log"), String.join("\n",
                "2026-12-01T10:00:00.000000001Z stdout F hello world",
                "2026-12-01T10:00:00.000000002Z stderr F oops",
                "2026-12-01T10:00:00.000000003Z stdout P split ",
                "2026-12-01T10:00:00.000000004Z stdout F line",
                "2026-12-01T10:00:00.000000005Z stdout F ",
                "garbage") + "\n");

        assertThat(container).isEqualTo(logs.resolve("mesos_pod-a_uid-1").resolve("task"));
        assertThat(text(CriLogs.read(container, "stdout"))).isEqualTo("hello world\nsplit line\n\n");
        assertThat(text(CriLogs.read(container, "stderr"))).isEqualTo("oops\n");
    }

    @Test
    void onlyTheLatestRunCountsWithItsRotatedFilesFirst() throws Exception {
        Path container = logs.resolve("c");
        Files.createDirectories(container);
        Files.writeString(container.resolve("0.log"), "t stdout F first run\n");
        Files.writeString(container.resolve("1.log"), "t stdout F current\n");
        Files.writeString(container.resolve("1.log.20261201-100000"), "t stdout F rotated\n");
        Files.write(container.resolve("1.log.20261201-090000.gz"), new byte[] {31, -117});

        assertThat(text(CriLogs.read(container, "stdout"))).isEqualTo("rotated\ncurrent\n");
        assertThat(CriLogs.lastModified(container)).isEqualTo(Files.getLastModifiedTime(container.resolve("1.log")));
    }

    @Test
    void aContainerThatHasNotLoggedHasEmptyStreams() throws Exception {
        assertThat(CriLogs.read(logs.resolve("none"), "stdout")).isEmpty();
        assertThat(CriLogs.lastModified(logs.resolve("none"))).isNull();
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
