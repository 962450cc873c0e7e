package io.mesosbridge.migrate.marathon;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.mesosbridge.migrate.input.Node;
import io.mesosbridge.migrate.kube.KubeNames;
import io.mesosbridge.migrate.report.Warnings;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The ports of one app or pod. Every pod has its own IP in Kubernetes, so a port Marathon would have picked at
 * random ({@code 0}) gets a fixed container port, the same one on every run, and {@code $PORT0} says which.
 */
public final class PortPlan {

    /** The name Marathon gives the port of an app that declares none. */
    static final String DEFAULT_PORT_NAME = "default";

    private final List<PortSpec> ports;

    private PortPlan(List<PortSpec> ports) {
        this.ports = ports;
    }

    public List<PortSpec> ports() {
        return ports;
    }

    public boolean isEmpty() {
        return ports.isEmpty();
    }

    public Optional<PortSpec> byIndex(int index) {
        return index >= 0 && index < ports.size() ? Optional.of(ports.get(index)) : Optional.empty();
    }

    public Optional<PortSpec> byMarathonName(String name) {
        return ports.stream().filter(p -> name.equals(p.marathonName())).findFirst();
    }

    /** Candidate port as read from input, before dynamic ports are filled in. */
    record Declared(String name, int port, Integer hostPort, String protocol, Node at) {
    }

    /** Ports of a Marathon app, from whichever of its four ways of declaring them it uses. */
    static PortPlan forApp(Node app, int dynamicBase, Warnings.SourceWarnings warnings) {
        Node container = app.get("container");
        Node mappings = container.get("portMappings").present() ? container.get("portMappings")
                : container.get("docker").get("portMappings");
        boolean requirePorts = app.get("requirePorts").bool(false);
        List<Declared> declared = new ArrayList<>();
        if (mappings.present() && !mappings.elements().isEmpty()) {
            for (Node m : mappings.elements()) {
                int containerPort = m.get("containerPort").integer(0);
                int hostPort = m.get("hostPort").integer(0);
                Integer requiredHostPort = hostPort != 0 ? hostPort : null;
                declared.add(new Declared(m.get("name").optionalText().orElse(null),
                        containerPort != 0 ? containerPort : hostPort, requiredHostPort,
                        m.get("protocol").text("tcp"), m));
                if (m.get("labels").present() && m.get("labels").fields().keySet().stream()
                        .anyMatch(k -> k.toUpperCase(Locale.ROOT).startsWith("VIP"))) {
                    warnings.warn(m.get("labels"), "VIP labels are not carried over: clients should use the Service's"
                            + " DNS name instead");
                }
            }
        } else if (app.get("portDefinitions").present()) {
            for (Node d : app.get("portDefinitions").elements()) {
                int port = d.get("port").integer(0);
                declared.add(new Declared(d.get("name").optionalText().orElse(null), port,
                        requirePorts && port != 0 ? port : null, d.get("protocol").text("tcp"), d));
                if (d.get("labels").present() && d.get("labels").fields().keySet().stream()
                        .anyMatch(k -> k.toUpperCase(Locale.ROOT).startsWith("VIP"))) {
                    warnings.warn(d.get("labels"), "VIP labels are not carried over: clients should use the Service's"
                            + " DNS name instead");
                }
            }
        } else if (app.get("ipAddress").get("discovery").get("ports").present()) {
            for (Node p : app.get("ipAddress").get("discovery").get("ports").elements()) {
                declared.add(new Declared(p.get("name").optionalText().orElse(null), p.get("number").integer(0),
                        null, p.get("protocol").text("tcp"), p));
            }
        } else if (app.get("ports").present()) {
            for (Node p : app.get("ports").elements()) {
                int port = p.integer(0);
                declared.add(new Declared(null, port, requirePorts && port != 0 ? port : null, "tcp", p));
            }
        } else if (onHostNetwork(app)) {
            // Marathon's default for host networking: portDefinitions [{"port": 0, "name": "default"}].
            declared.add(new Declared(DEFAULT_PORT_NAME, 0, null, "tcp", app.get("portDefinitions")));
        }
        return assign(declared, dynamicBase, warnings);
    }

    /**
     * Whether the app's tasks share the agent's network, as Marathon decides it: no network other than
     * {@code host} in {@code networks}, and, for apps written before {@code networks}, no {@code ipAddress} and a
     * Docker network that is HOST or unset.
     */
    private static boolean onHostNetwork(Node app) {
        List<Node> networks = app.get("networks").elements();
        if (!networks.isEmpty()) {
            return networks.stream().allMatch(n -> n.get("mode").text("container").equalsIgnoreCase("host"));
        }
        if (app.has("ipAddress")) {
            return false;
        }
        return app.get("container").get("docker").get("network").text("HOST").equalsIgnoreCase("HOST");
    }

    /** Ports of the endpoints of every container of a Marathon pod, in container order. */
    static PortPlan forPodContainer(List<Declared> declared, int dynamicBase, Set<Integer> taken,
                                    Warnings.SourceWarnings warnings) {
        return assign(declared, dynamicBase, warnings, taken);
    }

    private static PortPlan assign(List<Declared> declared, int dynamicBase, Warnings.SourceWarnings warnings) {
        return assign(declared, dynamicBase, warnings, new HashSet<>());
    }

    private static PortPlan assign(List<Declared> declared, int dynamicBase, Warnings.SourceWarnings warnings,
                                   Set<Integer> taken) {
        for (Declared d : declared) {
            if (d.port() != 0) {
                taken.add(d.port());
            }
        }
        Set<String> names = new HashSet<>();
        List<PortSpec> result = new ArrayList<>();
        int next = dynamicBase;
        for (int i = 0; i < declared.size(); i++) {
            Declared d = declared.get(i);
            int port = d.port();
            if (port == 0) {
                while (taken.contains(next)) {
                    next++;
                }
                port = next;
                taken.add(port);
            }
            if (port < 1 || port > 65535) {
                throw d.at().error("port " + port + " is outside 1-65535");
            }
            String name = KubeNames.portName(d.name(), i);
            String unique = name;
            for (int n = 2; names.contains(unique); n++) {
                String suffix = "-" + n;
                unique = name.substring(0, Math.min(name.length(), 15 - suffix.length())) + suffix;
            }
            names.add(unique);
            List<String> protocols = new ArrayList<>();
            for (String protocol : d.protocol().split(",")) {
                String p = protocol.trim().toUpperCase(Locale.ROOT);
                switch (p) {
                    case "TCP", "UDP", "SCTP" -> protocols.add(p);
                    case "HTTP", "HTTP2", "GRPC", "" -> protocols.add("TCP");
                    default -> {
                        warnings.warn(d.at().get("protocol"), "unknown protocol " + protocol + "; used TCP");
                        protocols.add("TCP");
                    }
                }
            }
            result.add(new PortSpec(i, d.name(), unique, port, d.hostPort(), protocols.stream().distinct().toList(), d.at()));
        }
        return new PortPlan(result);
    }

    public List<ContainerPort> containerPorts() {
        List<ContainerPort> result = new ArrayList<>();
        for (PortSpec p : ports) {
            for (String protocol : p.protocols()) {
                result.add(new ContainerPortBuilder()
                        .withName(protocol.equals(p.protocols().get(0)) ? p.name() : suffixed(p.name(), protocol))
                        .withContainerPort(p.containerPort())
                        .withHostPort(p.hostPort())
                        .withProtocol(protocol)
                        .build());
            }
        }
        return result;
    }

    public List<ServicePort> servicePorts() {
        List<ServicePort> result = new ArrayList<>();
        for (PortSpec p : ports) {
            for (String protocol : p.protocols()) {
                String name = protocol.equals(p.protocols().get(0)) ? p.name() : suffixed(p.name(), protocol);
                result.add(new ServicePortBuilder()
                        .withName(name)
                        .withPort(p.containerPort())
                        .withTargetPort(new IntOrString(p.containerPort()))
                        .withProtocol(protocol)
                        .build());
            }
        }
        return result;
    }

    /** {@code PORT0..n}, {@code PORT_NAME}, {@code PORT} and {@code PORTS}, as Marathon sets them for apps. */
    public List<EnvVar> appEnvironment() {
        List<EnvVar> env = new ArrayList<>();
        if (ports.isEmpty()) {
            return env;
        }
        for (PortSpec p : ports) {
            env.add(new EnvVarBuilder().withName("PORT" + p.index()).withValue(Integer.toString(p.containerPort())).build());
            if (p.marathonName() != null && !p.marathonName().isEmpty()) {
                env.add(new EnvVarBuilder().withName("PORT_" + KubeNames.envSuffix(p.marathonName()))
                        .withValue(Integer.toString(p.containerPort())).build());
            }
        }
        env.add(new EnvVarBuilder().withName("PORT").withValue(Integer.toString(ports.get(0).containerPort())).build());
        env.add(new EnvVarBuilder().withName("PORTS").withValue(ports.stream()
                .map(p -> Integer.toString(p.containerPort())).collect(Collectors.joining(","))).build());
        return env;
    }

    private static String suffixed(String name, String protocol) {
        String suffix = "-" + protocol.toLowerCase(Locale.ROOT);
        return name.substring(0, Math.min(name.length(), 15 - suffix.length())) + suffix;
    }
}
