package io.mesosbridge.agent.files;

import io.mesosbridge.agentlink.Sandbox;
import io.mesosbridge.mesos.v1.Protos;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The sandbox tree and the files API's answers over it, on temporary kubelet and log directories. */
class SandboxTreeTest {

    private static final String RUN = "/var/lib/mesos/slaves/a-S0/frameworks/f-0000/executors/group/runs/uid-g";
    private static final String LONE = "/var/lib/mesos/slaves/a-S0/frameworks/f-0000/executors/t1/runs/uid-1";

    @TempDir
    Path kubelet;
    @TempDir
    Path logs;
    @TempDir
    Path outside;

    private SandboxTree tree;

    @BeforeEach
    void sandboxes() throws Exception {
        Path volume = kubelet.resolve("pods/uid-1/volumes/kubernetes.io~empty-dir/sandbox");
        Files.createDirectories(volume.resolve("data"));
        Files.writeString(volume.resolve("data/hello.txt"), "0123456789");
        Files.writeString(outside.resolve("secret"), "not yours");
        Files.createSymbolicLink(volume.resolve("escape"), outside.resolve("secret"));
        Files.createDirectories(kubelet.resolve("pods/uid-g/volumes/kubernetes.io~empty-dir/sandbox"));
        Path taskLogs = logs.resolve("mesos_lone_uid-1/task");
        Files.createDirectories(taskLogs);
        Files.writeString(taskLogs.resolve("0.log"), "t stdout F out line\nt stderr F err line\n");
        Files.createDirectories(logs.resolve("mesos_group_uid-g/g2"));
        Files.writeString(logs.resolve("mesos_group_uid-g/g2/0.log"), "t stdout F from g2\n");
        tree = new SandboxTree(List.of(
                sandbox(LONE, "t1", null, "lone", "uid-1", "task"),
                sandbox(RUN, "group", null, "group", "uid-g", "g1"),
                sandbox(RUN + "/tasks/g1", "group", "g1", "group", "uid-g", "g1"),
                sandbox(RUN + "/tasks/g2", "group", "g2", "group", "uid-g", "g2")), kubelet, new CriLogs(logs));
    }

    @Test
    void aSandboxListsItsLogsAndItsVolumeFilesSortedByName() throws Exception {
        JsonArray listing = new JsonArray(SandboxFiles.browse(tree, LONE + "/", query()).body().toString());

        assertThat(listing.stream().map(e -> ((JsonObject) e).getString("path")).toList()).containsExactly(
                LONE + "/data", LONE + "/escape", LONE + "/stderr", LONE + "/stdout");
        JsonObject stdout = listing.getJsonObject(3);
        assertThat(stdout.getLong("size")).isEqualTo("out line\n".length());
        assertThat(stdout.getString("mode")).isEqualTo("-rw-r--r--");
        assertThat(listing.getJsonObject(0).getString("mode")).startsWith("d");
        assertThat(listing.getJsonObject(1).getString("mode")).startsWith("l");
    }

    @Test
    void aGroupsSandboxHoldsItsTasksSandboxes() throws Exception {
        JsonArray run = new JsonArray(SandboxFiles.browse(tree, RUN, query()).body().toString());
        JsonArray tasks = new JsonArray(SandboxFiles.browse(tree, RUN + "/tasks", query()).body().toString());

        assertThat(run.stream().map(e -> ((JsonObject) e).getString("path")).toList())
                .containsExactly(RUN + "/stderr", RUN + "/stdout", RUN + "/tasks");
        assertThat(tasks.stream().map(e -> ((JsonObject) e).getString("path")).toList())
                .containsExactly(RUN + "/tasks/g1", RUN + "/tasks/g2");
        assertThat(read(RUN + "/tasks/g2/stdout", query("offset", "0")).getString("data")).isEqualTo("from g2\n");
    }

    @Test
    void readReturnsTheDataFromTheOffsetAndWithoutOneTheSize() throws Exception {
        assertThat(read(LONE + "/stdout", query("offset", "0")))
                .isEqualTo(new JsonObject().put("data", "out line\n").put("offset", 0));
        assertThat(read(LONE + "/stderr", query("offset", "-1")))
                .isEqualTo(new JsonObject().put("data", "").put("offset", "err line\n".length()));
        assertThat(read(LONE + "/stderr", query()))
                .isEqualTo(new JsonObject().put("data", "").put("offset", "err line\n".length()));
        assertThat(read(LONE + "/data/hello.txt", query("offset", "3", "length", "4")))
                .isEqualTo(new JsonObject().put("data", "3456").put("offset", 3));
        assertThat(read(LONE + "/data/hello.txt", query("offset", "20")))
                .isEqualTo(new JsonObject().put("data", "").put("offset", 20));
        assertThat(read(LONE + "/data/hello.txt", query("offset", "2", "length", "-1")).getString("data"))
                .isEqualTo("23456789");
    }

    @Test
    void readRefusesWhatMesosRefusesWithItsTexts() throws Exception {
        assertAnswer(SandboxFiles.read(tree, LONE + "/data", query()), 400, "Cannot read a directory.\n");
        assertAnswer(SandboxFiles.read(tree, LONE + "/stdout", query("offset", "x")), 400,
                "Failed to parse offset: Failed to convert 'x' to number.\n");
        assertAnswer(SandboxFiles.read(tree, LONE + "/stdout", query("offset", "-2")), 400,
                "Negative offset provided: -2.\n");
        assertAnswer(SandboxFiles.read(tree, LONE + "/stdout", query("length", "-3")), 400,
                "Negative length provided: -3.\n");
        assertAnswer(SandboxFiles.read(tree, LONE + "/missing", query()), 404, "");
        assertAnswer(SandboxFiles.download(tree, LONE + "/data", query()), 400, "Cannot download a directory.\n");
    }

    @Test
    void noPathLeadsOutOfItsSandbox() throws Exception {
        Path volume = kubelet.resolve("pods/uid-1/volumes/kubernetes.io~empty-dir/sandbox");
        assertAnswer(SandboxFiles.read(tree, LONE + "/escape", query()), 400,
                "'" + volume + "/escape' is inaccessible.\n");
        assertAnswer(SandboxFiles.read(tree, LONE + "/data/../../../../../uid-g", query()), 400,
                "'" + volume + "/data/../../../../../uid-g' is inaccessible.\n");
        assertAnswer(SandboxFiles.browse(tree, LONE + "/../..", query()), 400,
                "'" + volume + "/../..' is inaccessible.\n");
        assertAnswer(SandboxFiles.read(tree, "/etc/passwd", query()), 404, "");
        assertAnswer(SandboxFiles.browse(tree, "/var/lib/mesos", query()), 404, "");
        assertThat(tree.resolve(LONE + "/data/..")).isInstanceOf(SandboxTree.Directory.class);
    }

    @Test
    void downloadGivesTheBytesAsAnAttachment() throws Exception {
        SandboxFiles.Answer answer = SandboxFiles.download(tree, LONE + "/data/hello.txt", query());

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().toString()).isEqualTo("0123456789");
        assertThat(answer.attachment()).isEqualTo("hello.txt");
        assertThat(SandboxFiles.download(tree, LONE + "/stderr", query()).body().toString()).isEqualTo("err line\n");
    }

    @Test
    void debugShowsWhereEachSandboxLives() {
        assertThat(tree.attached()).containsEntry(LONE,
                kubelet.resolve("pods/uid-1/volumes/kubernetes.io~empty-dir/sandbox").toString());
    }

    @Test
    void aLongReadIsCappedAtSixteenPages() {
        SandboxFiles.Chunk chunk = SandboxFiles.chunk(new byte[100_000], 10, null);

        assertThat(chunk.data()).hasSize(SandboxFiles.MAX_READ);
        assertThat(chunk.size()).isEqualTo(100_000);
    }

    private JsonObject read(String path, MultiMap query) throws Exception {
        SandboxFiles.Answer answer = SandboxFiles.read(tree, path, query);
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
        return new JsonObject(answer.body().toString());
    }

    private static void assertAnswer(SandboxFiles.Answer answer, int status, String body) {
        assertThat(answer.status()).isEqualTo(status);
        assertThat(answer.body().toString()).isEqualTo(body);
    }

    private static MultiMap query(String... pairs) {
        MultiMap query = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < pairs.length; i += 2) {
            query.add(pairs[i], pairs[i + 1]);
        }
        return query;
    }

    private static Sandbox sandbox(String directory, String executor, String task, String pod, String uid,
                                   String container) {
        Sandbox.Builder sandbox = Sandbox.newBuilder().setDirectory(directory)
                .setFrameworkId(Protos.FrameworkID.newBuilder().setValue("f-0000"))
                .setExecutorId(Protos.ExecutorID.newBuilder().setValue(executor))
                .setPodNamespace("mesos").setPodName(pod).setPodUid(uid).setContainerName(container)
                .setVolumeName("sandbox");
        if (task != null) {
            sandbox.setTaskId(Protos.TaskID.newBuilder().setValue(task));
        }
        return sandbox.build();
    }
}
