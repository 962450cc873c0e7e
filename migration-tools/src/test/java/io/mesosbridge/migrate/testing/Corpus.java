package io.mesosbridge.migrate.testing;

import io.mesosbridge.migrate.input.InputReader;
import io.mesosbridge.migrate.input.Source;
import io.mesosbridge.migrate.marathon.MarathonConverter;
import io.mesosbridge.migrate.marathon.MarathonOptions;
import io.mesosbridge.migrate.report.Warnings;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The shared Marathon corpus (shared/corpus/marathon beside the checkout) and conversions of its files. */
public final class Corpus {

    private Corpus() {
    }

    public static Path root() {
        String configured = System.getProperty("marathon.corpus");
        Path path = configured != null ? Path.of(configured) : Path.of("../../shared/corpus/marathon");
        if (!Files.isDirectory(path)) {
            throw new IllegalStateException("Marathon corpus not found at " + path.toAbsolutePath()
                    + " (set -Dmarathon.corpus=...)");
        }
        return path.normalize();
    }

    public static Path file(String relative) {
        return root().resolve(relative);
    }

    /** Every JSON file of the corpus, in name order. */
    public static List<Path> allFiles() {
        try (Stream<Path> walk = Files.walk(root())) {
            return walk.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Source source(String relative) {
        return new InputReader(new ByteArrayInputStream(new byte[0])).readOne(file(relative).toString(), ".json").get(0);
    }

    public record Conversion(MarathonConverter.Result result, Warnings warnings) {
    }

    public static Conversion convert(String relative) {
        return convert(relative, MarathonOptions.defaults());
    }

    public static Conversion convert(String relative, MarathonOptions options) {
        Warnings warnings = new Warnings();
        return new Conversion(failOnError(new MarathonConverter(options).convert(List.of(source(relative)), warnings)),
                warnings);
    }

    public static Conversion convertText(String json) {
        Warnings warnings = new Warnings();
        MarathonConverter.Result result = new MarathonConverter(MarathonOptions.defaults())
                .convert(List.of(new Source("test.json", json)), warnings);
        return new Conversion(failOnError(result), warnings);
    }

    /** Tests of single inputs see a conversion error as the converter reports it, not as a shorter result. */
    private static MarathonConverter.Result failOnError(MarathonConverter.Result result) {
        if (!result.errors().isEmpty()) {
            throw result.errors().get(0);
        }
        return result;
    }
}
