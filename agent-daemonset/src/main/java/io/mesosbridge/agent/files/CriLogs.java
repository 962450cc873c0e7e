package io.mesosbridge.agent.files;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A container's output as the kubelet keeps it: {@code <pod_log_dir>/<namespace>_<pod>_<uid>/<container>/<n>.log}
 * (n counts the container's restarts; rotated files are {@code <n>.log.<time>}), each line
 * {@code <time> <stream> <tag> <text>} where the tag {@code P} marks a line the runtime split. What a sandbox's
 * {@code stdout} or {@code stderr} holds is the text of that stream's lines, with their prefixes removed.
 */
public final class CriLogs {

    private static final Pattern LOG_FILE = Pattern.compile("(\\d+)\\.log(\\..+)?");

    private final Path podLogDir;

    public CriLogs(Path podLogDir) {
        this.podLogDir = podLogDir;
    }

    /** The directory of one container's logs. */
    public Path containerDirectory(String namespace, String podName, String podUid, String container) {
        return podLogDir.resolve(namespace + "_" + podName + "_" + podUid).resolve(container);
    }

    /**
     * The stream's text from the container's latest run (rotated files first, oldest first); empty when the
     * container has not logged yet.
     */
    public static byte[] read(Path containerDirectory, String stream) throws IOException {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        for (Path file : latestRun(containerDirectory)) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException rotatedAway) {
                continue;
            }
            for (String line : lines) {
                appendLine(text, line, stream);
            }
        }
        return text.toByteArray();
    }

    /** When the container last wrote (its current log file's mtime); null when there is none. */
    public static FileTime lastModified(Path containerDirectory) throws IOException {
        List<Path> files = latestRun(containerDirectory);
        return files.isEmpty() ? null : Files.getLastModifiedTime(files.get(files.size() - 1));
    }

    static void appendLine(ByteArrayOutputStream text, String line, String stream) {
        int first = line.indexOf(' ');
        int second = first < 0 ? -1 : line.indexOf(' ', first + 1);
        if (second < 0 || !line.substring(first + 1, second).equals(stream)) {
            return;
        }
        int third = line.indexOf(' ', second + 1);
        String tag = third < 0 ? line.substring(second + 1) : line.substring(second + 1, third);
        String content = third < 0 ? "" : line.substring(third + 1);
        text.writeBytes(content.getBytes(StandardCharsets.UTF_8));
        if (!tag.startsWith("P")) {
            text.write('\n');
        }
    }

    private static List<Path> latestRun(Path containerDirectory) throws IOException {
        if (!Files.isDirectory(containerDirectory)) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        long latest = -1;
        try (Stream<Path> entries = Files.list(containerDirectory)) {
            for (Path file : (Iterable<Path>) entries::iterator) {
                Matcher name = LOG_FILE.matcher(file.getFileName().toString());
                if (!name.matches() || file.getFileName().toString().endsWith(".gz")) {
                    continue;
                }
                long run = Long.parseLong(name.group(1));
                if (run > latest) {
                    latest = run;
                    files.clear();
                }
                if (run == latest) {
                    files.add(file);
                }
            }
        }
        String current = latest + ".log";
        files.sort(Comparator.comparing((Path file) -> file.getFileName().toString().equals(current))
                .thenComparing(file -> file.getFileName().toString()));
        return files;
    }
}
