package io.mesosbridge.migrate.cli;

import io.mesosbridge.migrate.input.InputError;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;

/** {@code mesos-migrate}: from Marathon and Mesos to plain Kubernetes. */
@Command(name = "mesos-migrate", mixinStandardHelpOptions = true, version = "mesos-migrate 0.1.0",
        description = "Converts Marathon apps, Mesos agent settings, Metronome/Chronos jobs and spark-submit lines"
                + " into Kubernetes manifests, and reports on a running Mesos master.",
        subcommands = {MarathonCommand.class, AgentConfigCommand.class, JobsCommand.class, SparkCommand.class,
                InventoryCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit status: 0 done; 1 warnings under --strict; 2 bad input or usage; 3 cannot write output."})
public final class MesosMigrate implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand");
    }

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err, System.getenv()));
    }

    /** Runs one command line against the given streams and returns the exit status. */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
        Session session = new Session(in, out, err, env);
        CommandLine commandLine = new CommandLine(new MesosMigrate(), new SessionFactory(session));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setExecutionExceptionHandler((exception, line, parseResult) -> {
            if (exception instanceof InputError inputError) {
                err.println("error: " + inputError.describe());
                return ExitCodes.BAD_INPUT;
            }
            err.println("internal error: " + exception);
            if (env.containsKey("MESOS_MIGRATE_DEBUG")) {
                exception.printStackTrace(err);
            }
            return ExitCodes.INTERNAL_ERROR;
        });
        return commandLine.execute(args);
    }

    /** Hands each subcommand the session it runs in. */
    private record SessionFactory(Session session) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (SessionAware.class.isAssignableFrom(type)) {
                K instance = CommandLine.defaultFactory().create(type);
                ((SessionAware) instance).session(session);
                return instance;
            }
            return CommandLine.defaultFactory().create(type);
        }
    }

    interface SessionAware {
        void session(Session session);
    }
}
