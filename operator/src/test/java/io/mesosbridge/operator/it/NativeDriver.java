package io.mesosbridge.operator.it;

import io.mesosbridge.testcluster.ProcessResult;
import io.mesosbridge.testcluster.RealCluster;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Python 2.7 program on the official Mesos 1.11 native scheduler driver (libmesos), run by the mesos-native client
 * beside the repository ({@code ../shared/clients/mesos-native/run.sh}, which installs the driver on first use): the
 * seed's example as it is, or our own {@code examples/native-framework/native_framework.py}.
 */
final class NativeDriver implements AutoCloseable {

    private final Process process;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final Thread reader;

    private NativeDriver(Process process) {
        this.process = process;
        this.reader = new Thread(this::copyOutput, "native-driver-output");
        reader.setDaemon(true);
        reader.start();
    }

    static Path client(RealCluster cluster) {
        Path runner = cluster.repositoryRoot().resolve("../shared/clients/mesos-native/run.sh").normalize();
        if (!Files.isExecutable(runner)) {
            throw new IllegalStateException("the mesos-native client is missing: expected " + runner);
        }
        return runner;
    }

    static Path seedExample(RealCluster cluster) {
        return client(cluster).resolveSibling("examples/seed_example.py");
    }

    static Path framework(RealCluster cluster) {
        return cluster.repositoryRoot().resolve("examples/native-framework/native_framework.py");
    }

    /** Starts {@code program} with {@code args}; its output is collected (and echoed for the test log). */
    static NativeDriver start(RealCluster cluster, Path program, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(client(cluster).toString(), program.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("LIBPROCESS_IP", "127.0.0.1");
        Process process = builder.start();
        process.getOutputStream().close();
        return new NativeDriver(process);
    }

    /** Runs {@code program} to its end (killed after {@code timeout}). */
    static ProcessResult run(RealCluster cluster, Duration timeout, Path program, String... args)
            throws IOException, InterruptedException {
        try (NativeDriver driver = start(cluster, program, args)) {
            return driver.await(timeout);
        }
    }

    /** The framework's own lines (its {@code NATIVE:} lines and the driver's log), so far. */
    String output() {
        synchronized (output) {
            return output.toString(StandardCharsets.UTF_8);
        }
    }

    /** Waits until the output holds {@code line}; fails when the program ended or {@code timeout} passed first. */
    void awaitLine(String line, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!output().contains(line)) {
            boolean givingUp = System.nanoTime() > deadline || !process.isAlive();
            Thread.sleep(200);
            if (givingUp && !output().contains(line)) {
                throw new AssertionError("no line '" + line + "' from the framework:\n" + output());
            }
        }
    }

    ProcessResult await(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        reader.join(10_000);
        String text = output();
        System.out.println(text);
        return new ProcessResult(process.exitValue(), text);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    private void copyOutput() {
        byte[] buffer = new byte[8192];
        try (InputStream in = process.getInputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                synchronized (output) {
                    output.write(buffer, 0, read);
                }
            }
        } catch (IOException closed) {
            // the process went away
        }
    }
}
