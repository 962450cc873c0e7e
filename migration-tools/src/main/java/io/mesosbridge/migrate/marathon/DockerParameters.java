package io.mesosbridge.migrate.marathon;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.mesosbridge.migrate.input.Node;
import io.mesosbridge.migrate.report.Warnings;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code docker run} options of a Docker container's {@code parameters} ({@code [{"key": "cap-add", "value":
 * "NET_ADMIN"}]}, passed by Mesos as {@code --key=value}) that have a Pod counterpart; each other one is warned about
 * by its field path. Shared by apps and jobs, which apply the result to their own container and Pod.
 */
public final class DockerParameters {

    /** docker's shm-size: a number and an optional binary unit (b, k, m, g, t, p), as go-units' RAMInBytes reads it. */
    /** A Pod's hostname is an RFC 1123 label. */
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?) ?([kmgtp])?i?b?", Pattern.CASE_INSENSITIVE);

    /**
     * What the parameters ask for: capabilities to add and drop (without docker's optional {@code CAP_} prefix), the
     * size of /dev/shm, the host's PID and IPC namespaces, the hostname, and environment variables.
     */
    public record Mapped(List<String> capabilitiesAdded, List<String> capabilitiesDropped, Quantity shmSize,
                         boolean hostPid, boolean hostIpc, String hostname, List<EnvVar> env) {
    }

    private DockerParameters() {
    }

    public static Mapped read(Node parameters, Warnings.SourceWarnings warnings) {
        List<String> added = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        Quantity shmSize = null;
        boolean hostPid = false;
        boolean hostIpc = false;
        String hostname = null;
        List<EnvVar> env = new ArrayList<>();
        for (Node parameter : parameters.elements()) {
            String key = parameter.get("key").text();
            String value = parameter.get("value").present() ? parameter.get("value").scalarText() : "";
            switch (key) {
                case "cap-add" -> added.add(capability(value));
                case "cap-drop" -> dropped.add(capability(value));
                case "shm-size" -> {
                    Quantity size = size(value);
                    if (size == null) {
                        warnings.warn(parameter, "shm-size " + value + " is not a size docker reads; not carried over");
                    } else {
                        shmSize = size;
                    }
                }
                case "pid", "ipc" -> {
                    if (value.equals("host")) {
                        hostPid |= key.equals("pid");
                        hostIpc |= key.equals("ipc");
                    } else {
                        warnings.warn(parameter, "docker parameter " + key + "=" + value + ": a Pod shares only the"
                                + " host's namespace (" + key + "=host), not another container's; not carried over");
                    }
                }
                case "hostname", "h" -> {
                    if (DNS_LABEL.matcher(value).matches()) {
                        hostname = value;
                    } else {
                        warnings.warn(parameter, "hostname " + value + " is not a DNS label, which a Pod's hostname"
                                + " must be; not carried over");
                    }
                }
                case "env", "e" -> {
                    int equals = value.indexOf('=');
                    if (equals > 0) {
                        env.add(new EnvVarBuilder().withName(value.substring(0, equals))
                                .withValue(value.substring(equals + 1)).build());
                    } else {
                        warnings.warn(parameter, "env " + value + " takes its value from the agent's environment,"
                                + " which a Pod does not have; not carried over");
                    }
                }
                default -> warnings.warn(parameter, "docker parameter " + key + "=" + value
                        + " has no Kubernetes equivalent; not carried over");
            }
        }
        return new Mapped(added, dropped, shmSize, hostPid, hostIpc, hostname, env);
    }

    private static String capability(String name) {
        String upper = name.trim().toUpperCase(Locale.ROOT);
        return upper.startsWith("CAP_") ? upper.substring(4) : upper;
    }

    private static Quantity size(String value) {
        Matcher m = SIZE.matcher(value.trim());
        if (!m.matches()) {
            return null;
        }
        String unit = m.group(2) == null ? "" : m.group(2).toUpperCase(Locale.ROOT) + "i";
        return new Quantity(m.group(1) + unit);
    }
}
