package io.mesosbridge.migrate.marathon;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPathBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRuleBuilder;
import io.mesosbridge.migrate.input.Node;
import io.mesosbridge.migrate.report.Warnings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * marathon-lb's {@code HAPROXY_n_VHOST} label (virtual host names, comma-separated, for the app's n-th service
 * port) and {@code HAPROXY_n_PATH} (a path prefix on them) as an Ingress to the app's Service, as Kubernetes
 * exposes HTTP virtual hosts. The other HAPROXY_* labels tune marathon-lb itself and are warned about.
 */
final class VhostIngress {

    private static final Pattern VHOST = Pattern.compile("HAPROXY_(\\d+)_VHOST");
    private static final Pattern PATH = Pattern.compile("HAPROXY_(\\d+)_PATH");

    private VhostIngress() {
    }

    /** True for the labels this class converts; {@link WorkloadParts#carryLabels} warns about the others. */
    static boolean converts(String label) {
        return VHOST.matcher(label).matches() || PATH.matcher(label).matches();
    }

    static Optional<Ingress> from(Node labels, String name, String namespace, Map<String, String> objectLabels,
                                  List<ServicePort> servicePorts, Warnings.SourceWarnings warnings) {
        Map<Integer, String> paths = new TreeMap<>();
        Map<Integer, Node> vhosts = new TreeMap<>();
        for (Map.Entry<String, Node> label : labels.fields().entrySet()) {
            Matcher vhost = VHOST.matcher(label.getKey());
            Matcher path = PATH.matcher(label.getKey());
            if (vhost.matches()) {
                vhosts.put(Integer.parseInt(vhost.group(1)), label.getValue());
            } else if (path.matches()) {
                paths.put(Integer.parseInt(path.group(1)), label.getValue().scalarText());
            }
        }
        List<IngressRule> rules = new ArrayList<>();
        for (Map.Entry<Integer, Node> vhost : vhosts.entrySet()) {
            int index = vhost.getKey();
            if (index >= servicePorts.size()) {
                warnings.warn(vhost.getValue(), "HAPROXY_" + index + "_VHOST names service port " + index
                        + ", which the app does not have; not carried over");
                continue;
            }
            ServicePort port = servicePorts.get(index);
            String path = paths.getOrDefault(index, "/");
            for (String host : vhost.getValue().scalarText().split(",")) {
                if (host.isBlank()) {
                    continue;
                }
                rules.add(new IngressRuleBuilder().withHost(host.trim()).withNewHttp()
                        .addToPaths(new HTTPIngressPathBuilder().withPath(path).withPathType("Prefix")
                                .withNewBackend().withNewService().withName(name).withNewPort()
                                .withNumber(port.getPort()).endPort().endService().endBackend().build())
                        .endHttp().build());
            }
        }
        if (rules.isEmpty()) {
            return Optional.empty();
        }
        warnings.warn(labels, "HAPROXY_n_VHOST became Ingress " + name + ", served by the cluster's default ingress"
                + " class: which marathon-lb (HAPROXY_GROUP) served it has no counterpart; set spec.ingressClassName"
                + " to choose another");
        return Optional.of(new IngressBuilder()
                .withMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace)
                        .withLabels(new TreeMap<>(objectLabels)).build())
                .withNewSpec().withRules(rules).endSpec()
                .build());
    }
}
