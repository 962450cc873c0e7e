package io.mesosbridge.migrate.marathon;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.mesosbridge.conventions.HealthCheckProbes;
import io.mesosbridge.conventions.UnsupportedHealthCheckException;
import io.mesosbridge.mesos.v1.Protos.CommandInfo;
import io.mesosbridge.mesos.v1.Protos.HealthCheck;
import io.mesosbridge.migrate.input.Node;
import io.mesosbridge.migrate.report.Warnings;

import java.util.Locale;
import java.util.Optional;

/**
 * Marathon health and readiness checks as probes.
 *
 * <p>A health check becomes the Mesos {@code HealthCheck} Marathon itself gives the task ({@code gracePeriodSeconds},
 * {@code intervalSeconds}, {@code timeoutSeconds}, {@code maxConsecutiveFailures} and {@code delaySeconds}, with
 * Marathon's defaults where absent), then the probes the bridge's operator gives a task with that check
 * ({@link HealthCheckProbes}): a startup probe covering the grace period, a liveness probe that kills after
 * {@code maxConsecutiveFailures} failures in a row, a readiness probe.
 *
 * <p>HTTP, HTTPS and TCP checks are Marathon-level: Marathon runs them itself, with no {@code delaySeconds}, and
 * kills the task on the failure after {@code maxConsecutiveFailures} ones in a row ({@code HealthCheckActor} kills
 * when the failures counted so far reach it), so the liveness probe allows one failure more than a Mesos check.
 * With {@code maxConsecutiveFailures: 0} Marathon never kills the task. Such a check keeps only its readiness
 * probe: the liveness probe is dropped, and so is the startup probe, which would kill the container at the end of
 * the grace period.
 */
public final class Probes {

    // Marathon's defaults for health checks (HealthCheck.scala, and the healthCheck type of its REST API).
    private static final int DEFAULT_GRACE = 300;
    private static final int DEFAULT_INTERVAL = 60;
    private static final int DEFAULT_TIMEOUT = 20;
    private static final int DEFAULT_MAX_FAILURES = 3;
    private static final int DEFAULT_DELAY = 15;

    /** No probes: the container has no health check, or it could not be carried over. */
    static final HealthCheckProbes.Probes NONE = new HealthCheckProbes.Probes(null, null, null);

    private Probes() {
    }

    /** An app's health check ({@code protocol} HTTP, HTTPS, TCP, COMMAND or a MESOS_ variant) as probes. */
    static HealthCheckProbes.Probes fromAppHealthCheck(Node check, PortPlan ports, Warnings.SourceWarnings warnings) {
        String protocol = check.get("protocol").text("HTTP").toUpperCase(Locale.ROOT);
        if (check.get("ipProtocol").present() && !check.get("ipProtocol").text().equals("IPv4")) {
            warnings.warn(check.get("ipProtocol"), "ipProtocol " + check.get("ipProtocol").text()
                    + " is not a probe setting; the probe uses the pod IP");
        }
        if (check.get("ignoreHttp1xx").bool(false)) {
            warnings.warn(check.get("ignoreHttp1xx"), "ignoreHttp1xx has no probe equivalent; probes count 1xx as failure");
        }
        HealthCheck.Builder mesosCheck = HealthCheck.newBuilder();
        switch (protocol) {
            case "COMMAND" -> {
                Node command = check.get("command");
                String value = command.isText() ? command.text() : command.get("value").text();
                mesosCheck.setType(HealthCheck.Type.COMMAND)
                        .setCommand(CommandInfo.newBuilder().setShell(true).setValue(value));
            }
            case "HTTP", "HTTPS", "MESOS_HTTP", "MESOS_HTTPS", "TCP", "MESOS_TCP" -> {
                Optional<Integer> port = checkPort(check, ports, warnings);
                if (port.isEmpty()) {
                    return NONE;
                }
                if (protocol.endsWith("TCP")) {
                    mesosCheck.setType(HealthCheck.Type.TCP)
                            .setTcp(HealthCheck.TCPCheckInfo.newBuilder().setPort(port.get()));
                } else {
                    HealthCheck.HTTPCheckInfo.Builder http = HealthCheck.HTTPCheckInfo.newBuilder().setPort(port.get())
                            .setScheme(protocol.endsWith("HTTPS") ? "https" : "http");
                    check.get("path").optionalText().ifPresent(http::setPath);
                    mesosCheck.setType(HealthCheck.Type.HTTP).setHttp(http);
                }
            }
            default -> {
                warnings.warn(check.get("protocol"), "unknown health check protocol " + protocol + "; not carried over");
                return NONE;
            }
        }
        boolean runByMarathon = !protocol.equals("COMMAND") && !protocol.startsWith("MESOS_");
        return probes(check, mesosCheck, runByMarathon, warnings);
    }

    /** A Mesos-level health check (as every pod container's is) whose type and action {@code mesosCheck} holds. */
    static HealthCheckProbes.Probes fromMesosHealthCheck(Node check, HealthCheck.Builder mesosCheck,
                                                         Warnings.SourceWarnings warnings) {
        return probes(check, mesosCheck, false, warnings);
    }

    private static HealthCheckProbes.Probes probes(Node check, HealthCheck.Builder mesosCheck, boolean runByMarathon,
                                                   Warnings.SourceWarnings warnings) {
        int maxFailures = check.get("maxConsecutiveFailures").integer(DEFAULT_MAX_FAILURES);
        mesosCheck.setGracePeriodSeconds(check.get("gracePeriodSeconds").integer(DEFAULT_GRACE))
                .setIntervalSeconds(check.get("intervalSeconds").integer(DEFAULT_INTERVAL))
                .setTimeoutSeconds(check.get("timeoutSeconds").integer(DEFAULT_TIMEOUT))
                .setConsecutiveFailures(maxFailures)
                .setDelaySeconds(runByMarathon ? 0 : check.get("delaySeconds").integer(DEFAULT_DELAY));
        HealthCheckProbes.Probes probes;
        try {
            probes = HealthCheckProbes.of(mesosCheck.build());
        } catch (UnsupportedHealthCheckException e) {
            warnings.warn(check, e.getMessage() + "; not carried over");
            return NONE;
        }
        if (runByMarathon && maxFailures == 0) {
            return new HealthCheckProbes.Probes(null, null, probes.readiness());
        }
        if (runByMarathon) {
            Probe liveness = new ProbeBuilder(probes.liveness()).withFailureThreshold(maxFailures + 1).build();
            return new HealthCheckProbes.Probes(probes.startup(), liveness, probes.readiness());
        }
        return probes;
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
