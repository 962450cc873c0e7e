package io.mesosbridge.agent.files;

import io.mesosbridge.agentlink.Sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The sandbox directories Mesos tools see, mapped onto the node: in a sandbox, {@code stdout} and {@code stderr}
 * are its container's logs and everything else is the Pod's sandbox emptyDir; a directory that holds other
 * sandboxes (a group's {@code tasks/}) lists them. A path resolves as Mesos's files process resolves it: the
 * longest sandbox directory that prefixes it, the rest canonicalized inside that sandbox and refused when it leads
 * out of it.
 */
public final class SandboxTree {

    public static final String STDOUT = "stdout";
    public static final String STDERR = "stderr";

    private final List<Sandbox> sandboxes;
    private final Path kubeletRootDir;
    private final CriLogs logs;

    public SandboxTree(List<Sandbox> sandboxes, Path kubeletRootDir, CriLogs logs) {
        this.sandboxes = sandboxes;
        this.kubeletRootDir = kubeletRootDir;
        this.logs = logs;
    }

    /** What a virtual path names. */
    public sealed interface Node permits Missing, Inaccessible, Directory, LogFile, HostFile {
    }

    public record Missing() implements Node {
    }

    /** A path that leads out of its sandbox, or cannot be canonicalized; the message is Mesos's. */
    public record Inaccessible(String message) implements Node {
    }

    /**
     * A directory: a sandbox (with its logs), one inside a sandbox's volume ({@code host}), or one that holds
     * sandboxes; {@code host} is null when no volume directory backs it.
     */
    public record Directory(String path, Sandbox sandbox, boolean sandboxRoot, Path host) implements Node {
    }

    public record LogFile(Path containerDirectory, String stream) implements Node {
    }

    public record HostFile(Path path) implements Node {
    }

    /** One entry of a listing, as Mesos's FileInfo: mode as {@code ls -l} prints it, mtime in seconds. */
    public record Entry(String path, long nlink, long size, double mtime, String mode, String uid, String gid) {
    }

    /** The sandbox directories and where each lives on the node (what {@code /files/debug} shows). */
    public Map<String, String> attached() {
        Map<String, String> attached = new TreeMap<>();
        for (Sandbox sandbox : sandboxes) {
            Path volume = volume(sandbox);
            attached.put(sandbox.getDirectory(), volume != null ? volume.toString()
                    : logDirectory(sandbox).toString());
        }
        return attached;
    }

    public Node resolve(String requested) {
        String path = stripTrailingSlashes(requested);
        Sandbox owner = null;
        for (Sandbox sandbox : sandboxes) {
            String directory = sandbox.getDirectory();
            if ((path.equals(directory) || path.startsWith(directory + "/"))
                    && (owner == null || directory.length() > owner.getDirectory().length())) {
                owner = sandbox;
            }
        }
        if (owner == null) {
            return new Missing();
        }
        if (path.equals(owner.getDirectory())) {
            Path volume = volume(owner);
            return new Directory(path, owner, true, volume != null && Files.isDirectory(volume) ? volume : null);
        }
        String suffix = path.substring(owner.getDirectory().length() + 1);
        if (suffix.equals(STDOUT) || suffix.equals(STDERR)) {
            return new LogFile(logDirectory(owner), suffix);
        }
        boolean holdsSandboxes = sandboxes.stream().anyMatch(s -> s.getDirectory().startsWith(path + "/"));
        Path volume = volume(owner);
        if (volume == null || !Files.isDirectory(volume)) {
            return holdsSandboxes ? new Directory(path, owner, false, null) : new Missing();
        }
        String joined = volume + "/" + suffix;
        Path real;
        try {
            real = Path.of(joined).toRealPath();
        } catch (NoSuchFileException missing) {
            return holdsSandboxes ? new Directory(path, owner, false, null) : new Missing();
        } catch (IOException | RuntimeException unresolvable) {
            return new Inaccessible("Failed to determine canonical path of '" + joined + "': "
                    + unresolvable.getMessage());
        }
        Path root;
        try {
            root = volume.toRealPath();
        } catch (IOException e) {
            return new Missing();
        }
        if (!real.startsWith(root)) {
            return new Inaccessible("'" + joined + "' is inaccessible");
        }
        if (Files.isDirectory(real)) {
            return new Directory(path, owner, false, real);
        }
        return new HostFile(real);
    }

    /** A directory's entries sorted by name: its logs, its volume files, the sandboxes it holds. */
    public List<Entry> list(Directory directory) throws IOException {
        Map<String, Entry> entries = new TreeMap<>();
        if (directory.host() != null) {
            try (Stream<Path> files = Files.list(directory.host())) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    String name = file.getFileName().toString();
                    try {
                        entries.put(name, hostEntry(directory.path() + "/" + name, file));
                    } catch (IOException vanished) {
                        // listed, then gone before its stat: Mesos leaves such an entry out too
                    }
                }
            }
        }
        for (Sandbox sandbox : sandboxes) {
            String child = sandbox.getDirectory();
            if (child.startsWith(directory.path() + "/")) {
                String name = child.substring(directory.path().length() + 1).split("/", 2)[0];
                entries.putIfAbsent(name, new Entry(directory.path() + "/" + name, 2, 4096,
                        System.currentTimeMillis() / 1000.0, "drwxr-xr-x", "root", "root"));
            }
        }
        if (directory.sandboxRoot()) {
            Path logDirectory = logDirectory(directory.sandbox());
            for (String stream : List.of(STDOUT, STDERR)) {
                var modified = CriLogs.lastModified(logDirectory);
                entries.put(stream, new Entry(directory.path() + "/" + stream, 1,
                        CriLogs.read(logDirectory, stream).length,
                        modified == null ? 0 : modified.toMillis() / 1000.0, "-rw-r--r--", "root", "root"));
            }
        }
        return List.copyOf(entries.values());
    }

    private Path logDirectory(Sandbox sandbox) {
        return logs.containerDirectory(sandbox.getPodNamespace(), sandbox.getPodName(), sandbox.getPodUid(),
                sandbox.getContainerName());
    }

    private Path volume(Sandbox sandbox) {
        if (!sandbox.hasVolumeName() || sandbox.getVolumeName().isEmpty()) {
            return null;
        }
        return kubeletRootDir.resolve("pods").resolve(sandbox.getPodUid()).resolve("volumes")
                .resolve("kubernetes.io~empty-dir").resolve(sandbox.getVolumeName());
    }

    private static Entry hostEntry(String virtualPath, Path file) throws IOException {
        PosixFileAttributes attributes = Files.readAttributes(file, PosixFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        Object nlink = Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
        char type = attributes.isDirectory() ? 'd' : attributes.isSymbolicLink() ? 'l'
                : attributes.isOther() ? 'p' : '-';
        return new Entry(virtualPath, ((Number) nlink).longValue(), attributes.size(),
                attributes.lastModifiedTime().toMillis() / 1000.0, type + permissions(attributes.permissions()),
                attributes.owner().getName(), attributes.group().getName());
    }

    static String permissions(Set<PosixFilePermission> permissions) {
        PosixFilePermission[] order = PosixFilePermission.values();
        StringBuilder text = new StringBuilder();
        String letters = "rwxrwxrwx";
        for (int i = 0; i < order.length; i++) {
            text.append(permissions.contains(order[i]) ? letters.charAt(i) : '-');
        }
        return text.toString();
    }

    private static String stripTrailingSlashes(String path) {
        String stripped = path;
        while (stripped.length() > 1 && stripped.endsWith("/")) {
            stripped = stripped.substring(0, stripped.length() - 1);
        }
        return stripped;
    }
}
