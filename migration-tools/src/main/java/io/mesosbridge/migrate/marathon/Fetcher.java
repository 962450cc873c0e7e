package io.mesosbridge.migrate.marathon;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.mesosbridge.migrate.input.Node;
import io.mesosbridge.migrate.report.Warnings;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The Mesos fetcher as an init container: each {@code fetch} (or {@code uris}, or pod {@code artifacts}) entry is
 * downloaded into the sandbox, unpacked when it is an archive and {@code extract} is on, and made executable when
 * asked. URIs the pod cannot reach by itself ({@code file://}, {@code hdfs://}, ...) are reported, not guessed.
 */
public final class Fetcher {

    static final String CONTAINER_NAME = "fetch";

    private Fetcher() {
    }

    public record Artifact(String uri, String fileName, boolean extract, boolean executable) {
    }

    public static List<Artifact> read(Node entries, Warnings.SourceWarnings warnings) {
        List<Artifact> result = new ArrayList<>();
        for (Node entry : entries.elements()) {
            String uri = entry.isText() ? entry.text() : entry.get("uri").text();
            String scheme = uri.contains("://") ? uri.substring(0, uri.indexOf("://")).toLowerCase(Locale.ROOT) : "file";
            if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("ftp")) {
                warnings.warn(entry, "fetch URI " + uri + " is read from the agent's side ("
                        + scheme + "); a pod cannot fetch it: bake it into the image or serve it over HTTP");
                continue;
            }
            String fileName = entry.isText() ? null : entry.get("destPath").optionalText()
                    .or(() -> entry.get("outputFile").optionalText()).orElse(null);
            if (fileName == null || fileName.isBlank()) {
                fileName = baseName(uri);
            }
            boolean extract = !entry.isText() && entry.get("extract").bool(true) || entry.isText();
            boolean executable = !entry.isText() && entry.get("executable").bool(false);
            result.add(new Artifact(uri, fileName, extract, executable));
        }
        return result;
    }

    public static Optional<Container> initContainer(List<Artifact> artifacts, String image, String pullPolicy,
                                             String sandboxVolume, String sandboxPath) {
        if (artifacts.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder script = new StringBuilder("set -e\ncd " + sandboxPath + "\n");
        for (Artifact a : artifacts) {
            String file = quote(a.fileName());
            script.append("wget -q -O ").append(file).append(' ').append(quote(a.uri())).append('\n');
            if (a.extract()) {
                archiveCommand(a.fileName()).ifPresent(c -> script.append(c).append(' ').append(file).append('\n'));
            }
            if (a.executable()) {
                script.append("chmod +x ").append(file).append('\n');
            }
        }
        return Optional.of(new ContainerBuilder()
                .withName(CONTAINER_NAME)
                .withImage(image)
                .withImagePullPolicy(pullPolicy)
                .withCommand("/bin/sh", "-c", script.toString())
                .withVolumeMounts(new VolumeMountBuilder().withName(sandboxVolume).withMountPath(sandboxPath).build())
                .build());
    }

    static Optional<String> archiveCommand(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".tar.gz") || lower.endsWith(".tgz")) {
            return Optional.of("tar -xzf");
        }
        if (lower.endsWith(".tar.bz2")) {
            return Optional.of("tar -xjf");
        }
        if (lower.endsWith(".tar.xz") || lower.endsWith(".txz")) {
            return Optional.of("tar -xJf");
        }
        if (lower.endsWith(".tar")) {
            return Optional.of("tar -xf");
        }
        if (lower.endsWith(".zip")) {
            return Optional.of("unzip -o -q");
        }
        return Optional.empty();
    }

    static String baseName(String uri) {
        String path;
        try {
            path = URI.create(uri).getPath();
        } catch (IllegalArgumentException e) {
            path = uri;
        }
        if (path == null || path.isEmpty() || path.endsWith("/")) {
            return "index.html";
        }
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** Single-quotes a word for /bin/sh. */
    static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
