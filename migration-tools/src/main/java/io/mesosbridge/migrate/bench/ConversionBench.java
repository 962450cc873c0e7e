package io.mesosbridge.migrate.bench;

import io.mesosbridge.migrate.input.Source;
import io.mesosbridge.migrate.kube.Manifests;
import io.mesosbridge.migrate.marathon.MarathonConverter;
import io.mesosbridge.migrate.marathon.MarathonOptions;
import io.mesosbridge.migrate.report.Warnings;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Measures how fast a Marathon app list converts once the JVM is warm, and prints a report:
 * {@code java -cp migration-tools-*-cli.jar io.mesosbridge.migrate.bench.ConversionBench APPS.json [ROUNDS]}.
 * Two stages are timed: parse + convert to Kubernetes objects, and the same plus rendering the YAML stream; first
 * once in the cold JVM (as one run of {@code mesos-migrate} does it, on wall clock and on the main thread's CPU, which
 * the JIT compiler threads and other processes do not add to), then warm.
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

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long uptimeBeforeConversion = ManagementFactory.getRuntimeMXBean().getUptime();
        long coldStart = System.nanoTime();
        long coldStartCpu = threads.getCurrentThreadCpuTime();
        MarathonConverter.Result first = converter.convert(List.of(source), new Warnings());
        long coldConverted = System.nanoTime();
        long coldConvertedCpu = threads.getCurrentThreadCpuTime();
        Manifests.toYamlStream(first.all());
        long coldRendered = System.nanoTime();
        long coldRenderedCpu = threads.getCurrentThreadCpuTime();
        int apps = first.items().size();

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
        System.out.printf("JVM uptime before the first conversion (start, reading the file): %d ms%n",
                uptimeBeforeConversion);
        System.out.printf("cold, parse + convert:        %8.1f ms (main thread CPU %8.1f ms)%n",
                (coldConverted - coldStart) / 1e6, (coldConvertedCpu - coldStartCpu) / 1e6);
        System.out.printf("cold, parse + convert + YAML: %8.1f ms (main thread CPU %8.1f ms)%n",
                (coldRendered - coldStart) / 1e6, (coldRenderedCpu - coldStartCpu) / 1e6);
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
