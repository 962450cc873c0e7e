package io.mesosbridge.agent.files;

import io.mesosbridge.agentlink.Sandbox;
import io.mesosbridge.mesos.v1.Protos;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The files API's path, whatever a client sends (dot segments, slashes, symlinks out, encoded bytes, control
 * characters), never resolves to a file outside a sandbox's volume nor to another Pod's logs, and never throws.
 */
class SandboxPathFuzzTest {

    private static final String RUN = "/var/lib/mesos/slaves/a-S0/frameworks/f-0000/executors/t1/runs/uid-1";

    private static Path root;
    private static Path volume;
    private static Path logs;
    private static SandboxTree tree;

    @BeforeContainer
    static void sandbox() throws IOException {
        root = Files.createTempDirectory("sandbox-fuzz");
        Path kubelet = root.resolve("kubelet");
        volume = kubelet.resolve("pods/uid-1/volumes/kubernetes.io~empty-dir/sandbox");
        Files.createDirectories(volume.resolve("data"));
        Files.writeString(volume.resolve("data/hello.txt"), "hello");
        Files.writeString(root.resolve("secret"), "not yours");
        Files.createSymbolicLink(volume.resolve("escape"), root.resolve("secret"));
        Files.createSymbolicLink(volume.resolve("up"), kubelet);
        logs = root.resolve("logs");
        Files.createDirectories(logs.resolve("mesos_lone_uid-1/task"));
        Files.writeString(logs.resolve("mesos_lone_uid-1/task/0.log"), "t stdout F out\n");
        Files.createDirectories(logs.resolve("mesos_other_uid-2/task"));
        Files.writeString(logs.resolve("mesos_other_uid-2/task/0.log"), "t stdout F someone else's\n");
        Sandbox sandbox = Sandbox.newBuilder().setDirectory(RUN)
                .setFrameworkId(Protos.FrameworkID.newBuilder().setValue("f-0000"))
                .setExecutorId(Protos.ExecutorID.newBuilder().setValue("t1"))
                .setPodNamespace("mesos").setPodName("lone").setPodUid("uid-1").setContainerName("task")
                .setVolumeName("sandbox").build();
        tree = new SandboxTree(List.of(sandbox), kubelet, new CriLogs(logs));
    }

    @AfterContainer
    static void removeSandbox() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    @Property(tries = 3000)
    void noPathLeavesTheSandbox(@ForAll("paths") String path) throws IOException {
        SandboxTree.Node node = tree.resolve(path);

        if (node instanceof SandboxTree.HostFile file) {
            assertThat(file.path().toRealPath()).startsWith(volume.toRealPath());
        } else if (node instanceof SandboxTree.Directory directory && directory.host() != null) {
            assertThat(directory.host().toRealPath()).startsWith(volume.toRealPath());
        } else if (node instanceof SandboxTree.LogFile log) {
            assertThat(log.containerDirectory().toRealPath())
                    .isEqualTo(logs.resolve("mesos_lone_uid-1/task").toRealPath());
        }
    }

    @Provide
    Arbitrary<String> paths() {
        Arbitrary<String> segment = Arbitraries.oneOf(
                Arbitraries.of("..", ".", "", "data", "hello.txt", "escape", "up", "stdout", "stderr", "tasks",
                        "pods", "uid-2", "%2e%2e", "..\\..", "~", "/", "\u0000", "mesos_other_uid-2"),
                Arbitraries.strings().ofMaxLength(12));
        Arbitrary<String> relative = segment.list().ofMaxSize(8).map(parts -> String.join("/", parts));
        return Arbitraries.oneOf(
                relative.map(rest -> RUN + "/" + rest),
                relative.map(rest -> "/" + rest),
                relative,
                relative.map(rest -> RUN + rest));
    }
}
