package io.mesosbridge.migrate.cli;

import io.mesosbridge.migrate.input.InputError;
import io.mesosbridge.migrate.input.InputReader;
import io.mesosbridge.migrate.output.OutputFile;
import io.mesosbridge.migrate.output.OutputWriter;
import io.mesosbridge.migrate.report.Warning;
import io.mesosbridge.migrate.report.Warnings;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** The streams and environment one run of the CLI works with, and the common way a subcommand finishes. */
public final class Session {

    /** Set by bin/mesos-migrate when standard error is a terminal (Java cannot tell by itself). */
    static final String STDERR_TTY_VARIABLE = "MESOS_MIGRATE_STDERR_TTY";
    /** Inputs with at least this many items show a progress bar on a terminal. */
    static final int PROGRESS_THRESHOLD = 50;

    final InputStream in;
    final PrintStream out;
    final PrintStream err;
    final Map<String, String> environment;

    Session(InputStream in, PrintStream out, PrintStream err, Map<String, String> environment) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.environment = environment;
    }

    InputReader reader() {
        return new InputReader(in);
    }

    ProgressBar progress(CommonOptions common, String unit) {
        boolean terminal = "1".equals(environment.get(STDERR_TTY_VARIABLE));
        boolean enabled = common.progress != null ? common.progress : terminal;
        return new ProgressBar(err, enabled, Boolean.TRUE.equals(common.progress), unit);
    }

    /**
     * Prints the warnings, then writes the output (to standard output or into the folder) unless --strict found
     * warnings. Returns the exit code.
     */
    int finish(CommonOptions common, Warnings warnings, String stdoutText, List<OutputFile> files) {
        return finish(common, warnings, List.of(), 0, stdoutText, files);
    }

    /**
     * As {@link #finish(CommonOptions, Warnings, String, List)}, for a run in which some of the {@code inputCount}
     * inputs could not be converted (whole or in part): each error is printed, what did convert is still written
     * (unless --strict), and a summary line and exit status 2 say that the output is incomplete.
     */
    int finish(CommonOptions common, Warnings warnings, List<InputError> errors, int inputCount, String stdoutText,
               List<OutputFile> files) {
        for (Warning warning : warnings.all()) {
            err.println("warning: " + warning.describe());
        }
        for (InputError error : errors) {
            err.println("error: " + error.describe());
        }
        if (common.strict && (!warnings.isEmpty() || !errors.isEmpty())) {
            err.println("error: " + (errors.isEmpty() ? "" : errors.size() + " error(s), ") + warnings.size()
                    + " warning(s) and --strict: nothing written");
            return errors.isEmpty() ? ExitCodes.WARNINGS_UNDER_STRICT : ExitCodes.BAD_INPUT;
        }
        if (common.outputDir != null) {
            try {
                OutputWriter.writeAll(common.outputDir, files);
            } catch (IOException e) {
                err.println("error: cannot write to " + common.outputDir + ": " + e.getMessage());
                return ExitCodes.CANNOT_WRITE;
            }
            err.println("wrote " + files.size() + " file(s) to " + common.outputDir);
        } else {
            out.print(stdoutText);
            out.flush();
        }
        if (!errors.isEmpty()) {
            long failedInputs = errors.stream().map(InputError::source).distinct().count();
            err.println("error: " + errors.size() + " error(s) in " + failedInputs + " of " + inputCount
                    + " input(s); what they could not give is missing from the output, the rest was converted");
            return ExitCodes.BAD_INPUT;
        }
        return ExitCodes.OK;
    }
}
