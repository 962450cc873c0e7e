package io.mesosbridge.agent.files;

import io.mesosbridge.agentlink.Sandbox;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Supplier;

/**
 * The Mesos files API over this node's sandboxes, with Mesos's parameters, answers and error texts:
 * {@code /files/browse}, {@code /files/read}, {@code /files/download}, {@code /files/debug}.
 */
public final class SandboxFiles {

    /** Mesos caps one read at 16 pages. */
    static final int MAX_READ = 16 * 4096;

    private final Vertx vertx;
    private final Supplier<Future<List<Sandbox>>> sandboxes;
    private final Path kubeletRootDir;
    private final CriLogs logs;

    public SandboxFiles(Vertx vertx, Supplier<Future<List<Sandbox>>> sandboxes, Path kubeletRootDir,
                        Path podLogDir) {
        this.vertx = vertx;
        this.sandboxes = sandboxes;
        this.kubeletRootDir = kubeletRootDir;
        this.logs = new CriLogs(podLogDir);
    }

    public void mount(Router router) {
        router.get("/files/browse").handler(context -> withPath(context, SandboxFiles::browse));
        router.get("/files/read").handler(context -> withPath(context, SandboxFiles::read));
        router.get("/files/download").handler(context -> withPath(context, SandboxFiles::download));
        router.get("/files/debug").handler(this::debug);
    }

    /** What a request gets: a status, a content type and a body, plus an attachment name for downloads. */
    record Answer(int status, String contentType, Buffer body, String attachment) {
        static Answer text(int status, String text) {
            return new Answer(status, "text/plain; charset=utf-8", Buffer.buffer(text), null);
        }

        static Answer json(Object json) {
            return new Answer(200, "application/json", Buffer.buffer(json.toString()), null);
        }
    }

    @FunctionalInterface
    interface Handler {
        Answer answer(SandboxTree tree, String path, MultiMap query) throws IOException;
    }

    private void withPath(RoutingContext context, Handler handler) {
        String path = context.queryParams().get("path");
        if (path == null || path.isEmpty()) {
            send(context, Answer.text(400, "Expecting 'path=value' in query.\n"));
            return;
        }
        tree().compose(tree -> vertx.executeBlocking(() -> handler.answer(tree, path, context.queryParams()), false))
                .onSuccess(answer -> send(context, answer))
                .onFailure(failure -> send(context, Answer.text(503, failure.getMessage() + "\n")));
    }

    private void debug(RoutingContext context) {
        tree().onSuccess(tree -> send(context, Answer.json(new JsonObject(new LinkedHashMap<>(tree.attached())))))
                .onFailure(failure -> send(context, Answer.text(503, failure.getMessage() + "\n")));
    }

    private Future<SandboxTree> tree() {
        return sandboxes.get().map(list -> new SandboxTree(list, kubeletRootDir, logs));
    }

    static Answer browse(SandboxTree tree, String path, MultiMap ignored) throws IOException {
        SandboxTree.Node node = tree.resolve(path);
        if (node instanceof SandboxTree.Missing) {
            return Answer.text(404, "");
        }
        if (node instanceof SandboxTree.Inaccessible inaccessible) {
            return Answer.text(400, inaccessible.message() + ".\n");
        }
        JsonArray listing = new JsonArray();
        if (node instanceof SandboxTree.Directory directory) {
            for (SandboxTree.Entry entry : tree.list(directory)) {
                listing.add(new JsonObject()
                        .put("gid", entry.gid())
                        .put("mode", entry.mode())
                        .put("mtime", entry.mtime())
                        .put("nlink", entry.nlink())
                        .put("path", entry.path())
                        .put("size", entry.size())
                        .put("uid", entry.uid()));
            }
        }
        return Answer.json(listing);
    }

    static Answer read(SandboxTree tree, String path, MultiMap query) throws IOException {
        long offset = -1;
        String offsetText = query.get("offset");
        if (offsetText != null) {
            Long parsed = number(offsetText);
            if (parsed == null) {
                return Answer.text(400, "Failed to parse offset: Failed to convert '" + offsetText
                        + "' to number.\n");
            }
            if (parsed < -1) {
                return Answer.text(400, "Negative offset provided: " + parsed + ".\n");
            }
            offset = parsed;
        }
        Long length = null;
        String lengthText = query.get("length");
        if (lengthText != null) {
            Long parsed = number(lengthText);
            if (parsed == null) {
                return Answer.text(400, "Failed to parse length: Failed to convert '" + lengthText
                        + "' to number.\n");
            }
            if (parsed < -1) {
                return Answer.text(400, "Negative length provided: " + parsed + ".\n");
            }
            if (parsed > -1) {
                length = parsed;
            }
        }
        boolean sizeOnly = offset == -1;
        SandboxTree.Node node = tree.resolve(path);
        if (node instanceof SandboxTree.Missing) {
            return Answer.text(404, "");
        }
        if (node instanceof SandboxTree.Inaccessible inaccessible) {
            return Answer.text(400, inaccessible.message() + ".\n");
        }
        if (node instanceof SandboxTree.Directory) {
            return Answer.text(400, "Cannot read a directory.\n");
        }
        Chunk chunk = node instanceof SandboxTree.LogFile log
                ? chunk(CriLogs.read(log.containerDirectory(), log.stream()), sizeOnly ? 0 : offset,
                        sizeOnly ? Long.valueOf(0) : length)
                : chunk(((SandboxTree.HostFile) node).path(), sizeOnly ? 0 : offset,
                        sizeOnly ? Long.valueOf(0) : length);
        return Answer.json(new JsonObject()
                .put("data", new String(chunk.data(), StandardCharsets.UTF_8))
                .put("offset", sizeOnly ? chunk.size() : offset));
    }

    static Answer download(SandboxTree tree, String path, MultiMap ignored) throws IOException {
        SandboxTree.Node node = tree.resolve(path);
        if (node instanceof SandboxTree.Missing) {
            return Answer.text(404, "");
        }
        if (node instanceof SandboxTree.Inaccessible inaccessible) {
            return Answer.text(400, inaccessible.message() + ".\n");
        }
        if (node instanceof SandboxTree.Directory) {
            return Answer.text(400, "Cannot download a directory.\n");
        }
        if (node instanceof SandboxTree.LogFile log) {
            return new Answer(200, "application/octet-stream",
                    Buffer.buffer(CriLogs.read(log.containerDirectory(), log.stream())), log.stream());
        }
        Path file = ((SandboxTree.HostFile) node).path();
        return new Answer(200, "application/octet-stream", Buffer.buffer(Files.readAllBytes(file)),
                file.getFileName().toString());
    }

    /** What one read returns: the bytes from the offset, and the file's size. */
    record Chunk(byte[] data, long size) {
    }

    static Chunk chunk(byte[] content, long offset, Long length) {
        if (offset >= content.length) {
            return new Chunk(new byte[0], content.length);
        }
        long wanted = length == null ? content.length - offset : length;
        int end = (int) Math.min(content.length, offset + Math.min(wanted, MAX_READ));
        return new Chunk(Arrays.copyOfRange(content, (int) offset, end), content.length);
    }

    private static Chunk chunk(Path file, long offset, Long length) throws IOException {
        try (RandomAccessFile input = new RandomAccessFile(file.toFile(), "r")) {
            long size = input.length();
            if (offset >= size) {
                return new Chunk(new byte[0], size);
            }
            long wanted = length == null ? size - offset : length;
            byte[] data = new byte[(int) Math.min(size - offset, Math.min(wanted, MAX_READ))];
            input.seek(offset);
            input.readFully(data);
            return new Chunk(data, size);
        }
    }

    private static Long number(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void send(RoutingContext context, Answer answer) {
        var response = context.response().setStatusCode(answer.status());
        if (answer.body().length() > 0 || answer.status() == 200) {
            response.putHeader("Content-Type", answer.contentType());
        }
        if (answer.attachment() != null) {
            response.putHeader("Content-Disposition", "attachment; filename=" + answer.attachment());
        }
        response.end(answer.body());
    }
}
