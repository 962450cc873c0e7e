package io.mesosbridge.migrate.marathon;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.mesosbridge.migrate.input.Node;
import io.mesosbridge.migrate.report.Warnings;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Marathon health and readiness checks as probes.
 *
 * <p>A health check with {@code maxConsecutiveFailures > 0} kills the task after that many failures: a liveness
 * probe with that failure threshold. Failures during {@code gracePeriodSeconds} are ignored until the first success:
 * a startup probe that tolerates {@code ceil(grace / interval)} failures (Kubernetes runs liveness only after the
 * startup probe has passed, and a pod is Ready only then, as Marathon counts a task healthy only then). With
 * {@code maxConsecutiveFailures == 0} Marathon never kills, so the check only gates readiness.
 */
public final class Probes {

    // Marathon's documented defaults for health checks.
    static final int DEFAULT_GRACE = 300;
    static final int DEFAULT_INTERVAL = 60;
    static final int DEFAULT_TIMEOUT = 20;
    static final int DEFAULT_MAX_FAILURES = 3;

    private Probes() {
    }

    /** The probes one container gets. Any may be null. */
    public record ContainerProbes(Probe liveness, Probe startup, Probe readiness) {
        static final ContainerProbes NONE = new ContainerProbes(null, null, null);
    }

    /** Resolves a port reference (index, name or number) to a container port. */
    interface PortLookup extends Function<Node, Optional<Integer>> {
    }

    static ContainerProbes fromHealthCheck(Node check, Probe action) {
        int grace = check.get("gracePeriodSeconds").integer(DEFAULT_GRACE);
        int interval = Math.max(1, check.get("intervalSeconds").integer(DEFAULT_INTERVAL));
        int timeout = Math.max(1, check.get("timeoutSeconds").integer(DEFAULT_TIMEOUT));
        int maxFailures = check.get("maxConsecutiveFailures").integer(DEFAULT_MAX_FAILURES);
        int delay = check.get("delaySeconds").integer(0);
        if (maxFailures <= 0) {
            Probe readiness = new ProbeBuilder(action).withInitialDelaySeconds(delay > 0 ? delay : null)
                    .withPeriodSeconds(interval).withTimeoutSeconds(timeout).withFailureThreshold(1).build();
            return new ContainerProbes(null, null, readiness);
        }
        Probe liveness = new ProbeBuilder(action).withPeriodSeconds(interval).withTimeoutSeconds(timeout)
                .withFailureThreshold(maxFailures).build();
        int startupFailures = Math.max(1, (grace + interval - 1) / interval);
        Probe startup = new ProbeBuilder(action).withInitialDelaySeconds(delay > 0 ? delay : null)
                .withPeriodSeconds(interval).withTimeoutSeconds(timeout)
                .withFailureThreshold(startupFailures).build();
        return new ContainerProbes(liveness, startup, null);
    }

    /** The handler of an app health check ({@code protocol} HTTP, HTTPS, TCP, COMMAND or a MESOS_ variant). */
    static Optional<Probe> appCheckAction(Node check, PortPlan ports, Warnings.SourceWarnings warnings) {
        String protocol = check.get("protocol").text("HTTP").toUpperCase(Locale.ROOT);
        if (check.get("ipProtocol").present() && !check.get("ipProtocol").text().equals("IPv4")) {
            warnings.warn(check.get("ipProtocol"), "ipProtocol " + check.get("ipProtocol").text()
                    + " is not a probe setting; the probe uses the pod IP");
        }
        if (check.get("ignoreHttp1xx").bool(false)) {
            warnings.warn(check.get("ignoreHttp1xx"), "ignoreHttp1xx has no probe equivalent; probes count 1xx as failure");
        }
        switch (protocol) {
            case "COMMAND" -> {
                Node command = check.get("command");
                String value = command.isText() ? command.text() : command.get("value").text();
                return Optional.of(new ProbeBuilder().withNewExec().withCommand(List.of("/bin/sh", "-c", value))
                        .endExec().build());
            }
            case "HTTP", "HTTPS", "MESOS_HTTP", "MESOS_HTTPS", "TCP", "MESOS_TCP" -> {
                Optional<Integer> port = checkPort(check, ports, warnings);
                if (port.isEmpty()) {
                    return Optional.empty();
                }
                if (protocol.endsWith("TCP")) {
                    return Optional.of(new ProbeBuilder().withNewTcpSocket().withPort(new IntOrString(port.get()))
                            .endTcpSocket().build());
                }
                return Optional.of(new ProbeBuilder().withNewHttpGet()
                        .withPath(check.get("path").text("/"))
                        .withPort(new IntOrString(port.get()))
                        .withScheme(protocol.endsWith("HTTPS") ? "HTTPS" : "HTTP")
                        .endHttpGet().build());
            }
            default -> {
                warnings.warn(check.get("protocol"), "unknown health check protocol " + protocol + "; not carried over");
                return Optional.empty();
            }
        }
    }

    private static Optional<Integer> checkPort(Node check, PortPlan ports, Warnings.SourceWarnings warnings) {
        if (check.get("port").present()) {
            return Optional.of(check.get("port").integer(0));
        }
        int index = check.get("portIndex").integer(0);
        Optional<PortSpec> port = ports.byIndex(index);
        if (port.isEmpty()) {
            warnings.warn(check, "health check refers to port index " + index + ", which the app does not have;"
                    + " not carried over");
            return Optional.empty();
        }
        return Optional.of(port.get().containerPort());
    }

    /** A readiness check (HTTP or HTTPS, on a named port) as a readiness probe. */
    static Optional<Probe> fromReadinessCheck(Node check, PortPlan ports, Warnings.SourceWarnings warnings) {
        String protocol = check.get("protocol").text("HTTP").toUpperCase(Locale.ROOT);
        String portName = check.get("portName").text("http-api");
        Optional<PortSpec> port = ports.byMarathonName(portName);
        if (port.isEmpty()) {
            warnings.warn(check.get("portName"), "readiness check refers to port " + portName
                    + ", which the app does not have; not carried over");
            return Optional.empty();
        }
        for (Node code : check.get("httpStatusCodesForReady").elements()) {
            int status = code.integer(200);
            if (status < 200 || status >= 400) {
                warnings.warn(code, "HTTP status " + status + " counts as ready in Marathon, but probes accept only"
                        + " 200-399");
            }
        }
        if (check.get("preserveLastResponse").bool(false)) {
            warnings.warn(check.get("preserveLastResponse"), "preserveLastResponse has no probe equivalent; dropped");
        }
        return Optional.of(new ProbeBuilder().withNewHttpGet()
                .withPath(check.get("path").text("/"))
                .withPort(new IntOrString(port.get().containerPort()))
                .withScheme(protocol.equals("HTTPS") ? "HTTPS" : "HTTP")
                .endHttpGet()
                .withPeriodSeconds(Math.max(1, check.get("intervalSeconds").integer(30)))
                .withTimeoutSeconds(Math.max(1, check.get("timeoutSeconds").integer(10)))
                .withFailureThreshold(1)
                .build());
    }
}
