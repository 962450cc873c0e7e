package io.mesosbridge.conventions;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.mesosbridge.mesos.v1.Protos.CommandInfo;
import io.mesosbridge.mesos.v1.Protos.HealthCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Mesos health check as the probes of the container that runs the task, with the same action (HTTP or HTTPS
 * {@code httpGet}, TCP {@code tcpSocket}, COMMAND {@code exec}, shell commands as {@code /bin/sh -c}) and timing:
 * {@code periodSeconds} is {@code interval_seconds} and {@code timeoutSeconds} is {@code timeout_seconds}, each
 * rounded up to at least one second. Unset fields have their Mesos defaults (delay 15 s, interval 10 s, timeout
 * 20 s, 3 consecutive failures, grace 10 s), as in Mesos.
 *
 * <p>Mesos ignores failures during {@code grace_period_seconds} (counted from the task's start) until the first
 * success, then kills the task after {@code consecutive_failures} failures in a row, and reports it unhealthy on its
 * first failed check; Marathon's own checks tolerate {@code maxConsecutiveFailures} failures after the grace period.
 * So:
 * <ul>
 * <li>with a grace period, a startup probe starting after {@code delay_seconds} does not kill before
 * {@code grace + max(1, consecutive_failures) * interval} seconds have passed since the container started, nor on
 * fewer than {@code max(1, consecutive_failures)} failures: Mesos kills on the check that ends the same budget, or
 * up to one interval sooner. Liveness and readiness run once it has passed, with no initial delay;
 * <li>without one, liveness and readiness start after {@code delay_seconds};
 * <li>liveness kills after {@code max(1, consecutive_failures)} failures (Mesos kills on the first failure when
 * {@code consecutive_failures} is 0);
 * <li>readiness turns the container not ready on the first failure ({@code failureThreshold} 1).
 * </ul>
 */
public final class HealthCheckProbes {

    /** The probes of one container; {@code startup} is null when the check has no grace period. */
    public record Probes(Probe startup, Probe liveness, Probe readiness) {
    }

    private HealthCheckProbes() {
    }

    /** @throws UnsupportedHealthCheckException for a check a probe cannot express */
    public static Probes of(HealthCheck check) {
        Probe action = action(check);
        int delay = wholeSeconds(check.getDelaySeconds());
        if (check.getGracePeriodSeconds() > 0) {
            Probe startup = new ProbeBuilder(action)
                    .withInitialDelaySeconds(delay)
                    .withFailureThreshold(startupFailures(check, delay, action.getPeriodSeconds()))
                    .build();
            return new Probes(startup, liveness(check, action, 0), readiness(action, 0));
        }
        return new Probes(null, liveness(check, action, delay), readiness(action, delay));
    }

    private static Probe liveness(HealthCheck check, Probe action, int initialDelay) {
        return new ProbeBuilder(action)
                .withInitialDelaySeconds(initialDelay)
                .withFailureThreshold(killingFailures(check))
                .build();
    }

    private static Probe readiness(Probe action, int initialDelay) {
        return new ProbeBuilder(action).withInitialDelaySeconds(initialDelay).withFailureThreshold(1).build();
    }

    /**
     * The startup probe's n-th failure, which kills, comes at {@code delay + (n - 1) * period}: the smallest n that
     * puts it at or after {@code grace + killingFailures * period}, and never fewer than the killing failures.
     */
    private static int startupFailures(HealthCheck check, int delay, int period) {
        int killing = killingFailures(check);
        int failures = killing + 1 + (int) Math.ceil((check.getGracePeriodSeconds() - delay) / period);
        return Math.max(killing, failures);
    }

    private static int killingFailures(HealthCheck check) {
        return Math.max(1, check.getConsecutiveFailures());
    }

    private static Probe action(HealthCheck check) {
        ProbeBuilder probe = new ProbeBuilder()
                .withPeriodSeconds(atLeastOneSecond(check.getIntervalSeconds()))
                .withTimeoutSeconds(atLeastOneSecond(check.getTimeoutSeconds()))
                .withSuccessThreshold(1);
        switch (check.getType()) {
            case HTTP -> {
                if (!check.hasHttp()) {
                    throw new UnsupportedHealthCheckException("An HTTP health check needs HealthCheck.http");
                }
                HealthCheck.HTTPCheckInfo http = check.getHttp();
                String scheme = http.hasScheme() ? http.getScheme().toUpperCase(Locale.ROOT) : "HTTP";
                if (!scheme.equals("HTTP") && !scheme.equals("HTTPS")) {
                    throw new UnsupportedHealthCheckException("HTTP health check scheme '" + http.getScheme()
                            + "' is not supported (http and https are)");
                }
                probe.withNewHttpGet()
                        .withPort(port(http.getPort()))
                        .withPath(http.hasPath() ? http.getPath() : "/")
                        .withScheme(scheme)
                        .endHttpGet();
            }
            case TCP -> {
                if (!check.hasTcp()) {
                    throw new UnsupportedHealthCheckException("A TCP health check needs HealthCheck.tcp");
                }
                probe.withNewTcpSocket().withPort(port(check.getTcp().getPort())).endTcpSocket();
            }
            case COMMAND -> probe.withNewExec().withCommand(argv(check.getCommand())).endExec();
            default -> throw new UnsupportedHealthCheckException(
                    "Health check type " + check.getType() + " is not supported (HTTP, TCP and COMMAND are)");
        }
        return probe.build();
    }

    /** A probe's port: Kubernetes takes 1-65535 only. */
    private static IntOrString port(int port) {
        if (port < 1 || port > 65535) {
            throw new UnsupportedHealthCheckException("health check port " + port
                    + " is not a port number (1-65535)");
        }
        return new IntOrString(port);
    }

    /** As Mesos runs a command: {@code /bin/sh -c value}, or {@code value} with {@code arguments} as argv. */
    private static List<String> argv(CommandInfo command) {
        if (!command.hasValue()) {
            throw new UnsupportedHealthCheckException("A COMMAND health check needs CommandInfo.value");
        }
        if (command.hasEnvironment() || command.getUrisCount() > 0 || command.hasUser()) {
            throw new UnsupportedHealthCheckException(
                    "Command health checks with environment, uris or user are not supported");
        }
        if (command.getShell()) {
            return List.of("/bin/sh", "-c", command.getValue());
        }
        List<String> argv = new ArrayList<>();
        argv.add(command.getValue());
        List<String> arguments = command.getArgumentsList();
        // arguments holds argv[0] too; the executable is value.
        argv.addAll(arguments.isEmpty() ? List.of() : arguments.subList(1, arguments.size()));
        return argv;
    }

    private static int atLeastOneSecond(double seconds) {
        return Math.max(1, (int) Math.ceil(seconds));
    }

    private static int wholeSeconds(double seconds) {
        return (int) Math.ceil(Math.max(0, seconds));
    }
}
