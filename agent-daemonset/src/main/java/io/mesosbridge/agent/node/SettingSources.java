package io.mesosbridge.agent.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the agent's {@code --resources} or {@code --attributes} come from. The flag first: its value, or with
 * {@code file://} the content of the file it names, as every Mesos flag allows. Without the flag, the legacy
 * agent's configuration folder ({@code /etc/mesos-slave}, mounted from the host), as the Mesos packages' init
 * wrapper reads it: a file {@code resources} holding the value, or a folder {@code resources/} of files, each
 * holding one entry's value under the entry's name ({@code attributes/rack} holding {@code r1} is {@code rack:r1}).
 */
final class SettingSources {

    private static final String FILE_PREFIX = "file://";

    /** A setting's text and where it came from, for messages ({@code --resources}, a file's path). */
    record Setting(String origin, String text) {
    }

    private SettingSources() {
    }

    /**
     * @throws IllegalArgumentException with Mesos's wording when a {@code file://} value or a legacy file cannot be
     *                                  read
     */
    static Optional<Setting> read(String name, String flagValue, Path legacyFolder) {
        if (!flagValue.isEmpty()) {
            if (flagValue.startsWith(FILE_PREFIX)) {
                Path file = Path.of(flagValue.substring(FILE_PREFIX.length()));
                return Optional.of(new Setting(file.toString(), readFile(name, file)));
            }
            return Optional.of(new Setting("--" + name, flagValue));
        }
        Path legacy = legacyFolder.resolve(name);
        if (Files.isRegularFile(legacy)) {
            return Optional.of(new Setting(legacy.toString(), readFile(name, legacy).strip()));
        }
        if (Files.isDirectory(legacy)) {
            return entriesFolder(name, legacy);
        }
        return Optional.empty();
    }

    /** The init wrapper skips empty files and joins the others, in name order, with {@code ;}. */
    private static Optional<Setting> entriesFolder(String name, Path folder) {
        List<String> entries = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String value = readFile(name, file).strip();
                if (!value.isEmpty()) {
                    entries.add(file.getFileName() + ":" + value);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("Failed to load flag '" + name + "': Error reading folder '" + folder
                    + "': " + e.getMessage(), e);
        }
        return entries.isEmpty() ? Optional.empty() : Optional.of(new Setting(folder.toString(), String.join(";", entries)));
    }

    private static String readFile(String name, Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("Failed to load flag '" + name + "': Error reading file '" + file
                    + "': " + reason(e), e);
        }
    }

    private static String reason(IOException e) {
        return e instanceof java.nio.file.NoSuchFileException ? "No such file or directory" : String.valueOf(e.getMessage());
    }
}
