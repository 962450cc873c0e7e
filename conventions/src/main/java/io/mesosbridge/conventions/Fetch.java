package io.mesosbridge.conventions;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The Mesos fetcher as an init container: each artifact is downloaded into the sandbox, unpacked when it is an
 * archive and {@code extract} is on (into the sandbox, as Mesos does), and made executable when asked; a file name
 * with directories gets them created. Only URIs a Pod can download by itself
 * ({@link #FETCHABLE_SCHEMES}) can be artifacts; the agent-side ones ({@code file://}, no scheme, {@code hdfs://}
 * and the others Mesos hands to the Hadoop client) are the caller's to report.
 */
public final class Fetch {

    public static final String CONTAINER_NAME = "fetch";
    /** The schemes the init container's {@code wget} downloads. */
    public static final Set<String> FETCHABLE_SCHEMES = Set.of("http", "https", "ftp");

    private Fetch() {
    }

    /** One file to fetch: its URI, its name in the sandbox, whether to unpack it and whether to make it executable. */
    public record Artifact(String uri, String fileName, boolean extract, boolean executable) {
    }

    /** The URI's scheme in lower case; {@code file} when it has none, as the Mesos fetcher reads such a URI. */
    public static String scheme(String uri) {
        return uri.contains("://") ? uri.substring(0, uri.indexOf("://")).toLowerCase(Locale.ROOT) : "file";
    }

    public static boolean fetchable(String uri) {
        return FETCHABLE_SCHEMES.contains(scheme(uri));
    }

    /** The init container that fetches {@code artifacts} into the sandbox; none for no artifacts. */
    public static Optional<Container> initContainer(List<Artifact> artifacts, String image, String pullPolicy,
                                                    String sandboxVolume, String sandboxPath) {
        if (artifacts.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder script = new StringBuilder("set -e\ncd " + sandboxPath + "\n");
        for (Artifact a : artifacts) {
            String file = quote(a.fileName());
            int slash = a.fileName().lastIndexOf('/');
            if (slash > 0) {
                script.append("mkdir -p ").append(quote(a.fileName().substring(0, slash))).append('\n');
            }
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

    /** The command that unpacks an archive named so, none for a file that is not one. */
    public static Optional<String> archiveCommand(String fileName) {
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

    /** The name a fetched URI gets in the sandbox when none is given: the last segment of its path. */
    public static String baseName(String uri) {
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
