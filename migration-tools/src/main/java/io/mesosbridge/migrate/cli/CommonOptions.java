package io.mesosbridge.migrate.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Options every subcommand has. */
public final class CommonOptions {

    @Option(names = {"-o", "--output-dir"}, paramLabel = "DIR",
            description = "Write files into DIR instead of printing to standard output.")
    Path outputDir;

    @Option(names = "--strict", description = "Treat warnings as errors: exit 1 and write nothing if there are any.")
    boolean strict;

    @Option(names = "--progress", negatable = true,
            description = "Show a progress bar on standard error (default: only when it is a terminal).")
    Boolean progress;
}
