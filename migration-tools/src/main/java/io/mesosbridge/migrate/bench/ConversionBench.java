package io.mesosbridge.migrate.bench;

import io.mesosbridge.migrate.input.Source;
import io.mesosbridge.migrate.kube.Manifests;
import io.mesosbridge.migrate.marathon.MarathonConverter;
import io.mesosbridge.migrate.marathon.MarathonOptions;
import io.mesosbridge.migrate.report.Warnings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Measures how fast a Marathon app list converts once the JVM is warm, and prints a report:
 * {@code java -cp migration-tools-*-cli.jar io.mesosbridge.migrate.bench.ConversionBench APPS.json [ROUNDS]}.
 * Two stages are timed: parse + convert to Kubernetes objects, and the same plus rendering the YAML stream.
 */
public final class ConversionBench {

    private ConversionBench() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: ConversionBench APPS.json [ROUNDS]");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Source source = new Source(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        MarathonConverter converter = new MarathonConverter(MarathonOptions.defaults());

        long jvmStartToFirst = System.nanoTime();
        int apps = converter.convert(List.of(source), new Warnings()).items().size();
        double firstMillis = (System.nanoTime() - jvmStartToFirst) / 1e6;

        for (int i = 0; i < rounds; i++) {
            Manifests.toYamlStream(converter.convert(List.of(source), new Warnings()).all());
        }
        double[] convertMillis = new double[rounds];
        double[] renderMillis = new double[rounds];
        long bytes = 0;
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            MarathonConverter.Result result = converter.convert(List.of(source), new Warnings());
            long converted = System.nanoTime();
            bytes = Manifests.toYamlStream(result.all()).length();
            long rendered = System.nanoTime();
            convertMillis[i] = (converted - start) / 1e6;
            renderMillis[i] = (rendered - start) / 1e6;
        }
        Arrays.sort(convertMillis);
        Arrays.sort(renderMillis);
        System.out.printf("input: %s (%d apps), %d measured rounds after %d warm-up rounds%n", file, apps, rounds, rounds);
        System.out.printf("first conversion (cold JVM, convert only): %.1f ms%n", firstMillis);
        report("parse + convert", apps, convertMillis);
        report("parse + convert + YAML", apps, renderMillis);
        System.out.printf("YAML output: %d characters%n", bytes);
    }

    private static void report(String stage, int apps, double[] sortedMillis) {
        double median = sortedMillis[sortedMillis.length / 2];
        double best = sortedMillis[0];
        System.out.printf("%-24s median %8.1f ms  best %8.1f ms  -> %,10.0f apps/s (median)%n",
                stage, median, best, apps / (median / 1000.0));
    }
}
