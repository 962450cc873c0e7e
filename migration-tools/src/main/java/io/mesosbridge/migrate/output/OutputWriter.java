package io.mesosbridge.migrate.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes output files into a folder so that nothing is ever half-written: every file goes to a temporary file
 * in the same folder first, and only when all of them are written are they moved into place, each atomically.
 */
public final class OutputWriter {

    private OutputWriter() {
    }

    public static void writeAll(Path folder, List<OutputFile> files) throws IOException {
        Set<String> names = new HashSet<>();
        for (OutputFile file : files) {
            if (!names.add(file.name())) {
                throw new IllegalArgumentException("two output files are named " + file.name());
            }
            if (file.name().contains("/") || file.name().startsWith(".")) {
                throw new IllegalArgumentException("output file name must be a plain name: " + file.name());
            }
        }
        Files.createDirectories(folder);
        List<Path> temporaries = new ArrayList<>();
        try {
            for (OutputFile file : files) {
                Path temporary = Files.createTempFile(folder, "." + file.name() + ".", ".tmp");
                temporaries.add(temporary);
                Files.writeString(temporary, file.content(), StandardCharsets.UTF_8);
            }
            for (int i = 0; i < files.size(); i++) {
                Path target = folder.resolve(files.get(i).name());
                try {
                    Files.move(temporaries.get(i), target, StandardCopyOption.REPLACE_EXISTING,
                            StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporaries.get(i), target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } finally {
            for (Path temporary : temporaries) {
                Files.deleteIfExists(temporary);
            }
        }
    }
}
