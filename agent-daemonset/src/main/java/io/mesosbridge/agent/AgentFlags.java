package io.mesosbridge.agent;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The agent's flags, loaded as a Mesos agent loads its own: {@code --name=value} on the command line, or the
 * environment variable {@code MESOS_NAME}; the command line wins. Names are Mesos agent flag names where Mesos
 * has the flag.
 */
public final class AgentFlags {

    /** Every flag the agent knows, with its default ("" when it has none). */
    private static final Map<String, String> DEFAULTS = defaults();

    private final Map<String, String> values;

    private AgentFlags(Map<String, String> values) {
        this.values = values;
    }

    private static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        // host:port of the operator's agent link (gRPC)
        defaults.put("master", "");
        defaults.put("ip", "0.0.0.0");
        defaults.put("port", "5051");
        // the address executors and Mesos tools reach this agent at (MESOS_AGENT_ENDPOINT, the agent's pid)
        defaults.put("advertise_ip", "");
        defaults.put("hostname", "");
        // the Kubernetes Node this agent serves (the downward API's spec.nodeName)
        defaults.put("node_name", "");
        defaults.put("work_dir", "/var/lib/mesos");
        defaults.put("kubelet_root_dir", "/var/lib/kubelet");
        defaults.put("pod_log_dir", "/var/log/pods");
        // the agent's resources and attributes, projected onto its Node; unset: from /etc/mesos-slave
        defaults.put("resources", "");
        defaults.put("attributes", "");
        return Collections.unmodifiableMap(defaults);
    }

    /**
     * @throws IllegalArgumentException with the Mesos wording for an unknown or malformed flag
     */
    public static AgentFlags load(String[] args, Map<String, String> environment) {
        Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
        environment.forEach((name, value) -> {
            if (name.startsWith("MESOS_")) {
                String flag = name.substring("MESOS_".length()).toLowerCase(java.util.Locale.ROOT);
                if (DEFAULTS.containsKey(flag)) {
                    values.put(flag, value);
                }
            }
        });
        if (values.get("node_name").isEmpty() && environment.containsKey("NODE_NAME")) {
            values.put("node_name", environment.get("NODE_NAME"));
        }
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("Failed to load flag '" + arg + "': flags start with '--'");
            }
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg.substring(2) : arg.substring(2, equals);
            if (!DEFAULTS.containsKey(name)) {
                throw new IllegalArgumentException("Failed to load unknown flag '" + name + "'");
            }
            if (equals < 0) {
                throw new IllegalArgumentException("Failed to load flag '" + name + "': missing value");
            }
            values.put(name, arg.substring(equals + 1));
        }
        return new AgentFlags(Collections.unmodifiableMap(values));
    }

    public String value(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("Unknown flag '" + name + "'");
        }
        return value;
    }

    public int port() {
        return Integer.parseInt(value("port"));
    }

    /** Every flag and its value, in declaration order (what {@code /flags} shows). */
    public Map<String, String> all() {
        return values;
    }
}
