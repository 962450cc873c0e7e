package io.mesosbridge.migrate.jobs;

import java.util.ArrayList;
import java.util.List;

/**
 * A task's Mesos {@code CommandInfo} ({@code shell}, {@code value}, {@code arguments}) and how the agent starts it,
 * as a container's {@code command} and {@code args}. Mesos runs a shell command as {@code /bin/sh -c value} and
 * ignores the arguments. Otherwise it runs {@code execlp(value, arguments[0], arguments[1], ...)}: the first argument
 * is the program's name (argv[0]), not an argument. The Docker containerizer is the exception: it runs
 * {@code docker run IMAGE value arguments...}, so the image's ENTRYPOINT is kept and every argument is passed. Without
 * a value, a Mesos container with an image runs its ENTRYPOINT with the arguments, as Docker does.
 *
 * @param value the executable, or the shell command; null when unset
 */
record MesosCommand(boolean shell, String value, List<String> arguments) {

    /** What starts the task. */
    enum Runtime {
        /** The command executor on the agent's own filesystem (no image). */
        AGENT,
        /** The Docker containerizer ({@code docker} in Metronome, type DOCKER in Chronos). */
        DOCKER,
        /** The Mesos containerizer with an image ({@code ucr} in Metronome, type MESOS in Chronos). */
        MESOS
    }

    /** The container's command and args; null ones keep the image's ENTRYPOINT and CMD. */
    record Launch(List<String> command, List<String> args) {
    }

    Launch launch(Runtime runtime) {
        if (shell) {
            return new Launch(List.of("/bin/sh", "-c", value), null);
        }
        if (runtime == Runtime.DOCKER || value == null) {
            List<String> args = new ArrayList<>();
            if (value != null) {
                args.add(value);
            }
            args.addAll(arguments);
            return new Launch(null, args.isEmpty() ? null : args);
        }
        List<String> command = new ArrayList<>();
        command.add(value);
        command.addAll(arguments.subList(Math.min(1, arguments.size()), arguments.size()));
        return new Launch(command, null);
    }

    /**
     * The first argument when Mesos passes it as the program's name only (so the program never sees it) and it does
     * not name the program: a sign that the definition expected it to be an argument.
     */
    String argumentTakenAsProgramName(Runtime runtime) {
        if (shell || runtime == Runtime.DOCKER || value == null || arguments.isEmpty()) {
            return null;
        }
        String first = arguments.get(0);
        String program = value.substring(value.lastIndexOf('/') + 1);
        return first.equals(value) || first.equals(program) ? null : first;
    }
}
