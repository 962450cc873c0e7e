package io.mesosbridge.agent.node;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.mesosbridge.agent.AgentFlags;
import io.mesosbridge.agent.node.SettingSources.Setting;
import io.mesosbridge.conventions.AgentNode;
import io.mesosbridge.conventions.AgentNode.Located;
import io.mesosbridge.conventions.AgentSettings;
import io.mesosbridge.conventions.AttributeLabels;
import io.mesosbridge.mesos.resources.ResourceParseException;
import io.mesosbridge.mesos.v1.Protos.Attribute;
import io.mesosbridge.mesos.v1.Protos.Resource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The agent's legacy settings ({@code --resources}, {@code --attributes}, or {@code /etc/mesos-slave}) on its own
 * Node, projected by the conventions module's {@link AgentNode} exactly as {@code mesos-migrate agent-config}
 * projects them: attribute labels, the ports annotation, a role's or the GPUs' taint. A malformed setting stops
 * the agent before it serves anything, as a Mesos agent does not start with wrong settings.
 */
public final class NodeSettings {

    /** The legacy agent's configuration folder, mounted read-only from the host. */
    public static final Path LEGACY_CONFIG_FOLDER = Path.of("/etc/mesos-slave");

    private NodeSettings() {
    }

    /**
     * Projects the settings onto the Node {@code --node_name}; does nothing without settings.
     *
     * @throws IllegalArgumentException for a malformed setting, naming the setting and its entry
     * @throws IllegalStateException    when the Node cannot be patched
     */
    public static void projectOntoNode(AgentFlags flags) {
        Optional<AgentNode> node = project(flags, LEGACY_CONFIG_FOLDER, System.err::println);
        if (node.isEmpty()) {
            return;
        }
        String nodeName = flags.value("node_name");
        try (KubernetesClient client = new KubernetesClientBuilder().build()) {
            new NodePatch(client).apply(nodeName, node.get());
        } catch (KubernetesClientException e) {
            throw new IllegalStateException("Failed to put the agent's resources and attributes on node '" + nodeName
                    + "': " + e.getMessage(), e);
        }
        System.out.println("Node " + nodeName + " has the agent's labels " + node.get().labels() + " and annotations "
                + node.get().annotations());
    }

    /** What the settings make of the Node, empty without any; what is not carried over goes to {@code log}. */
    static Optional<AgentNode> project(AgentFlags flags, Path legacyFolder, Consumer<String> log) {
        Optional<Setting> resources = SettingSources.read("resources", flags.value("resources"), legacyFolder);
        Optional<Setting> attributes = SettingSources.read("attributes", flags.value("attributes"), legacyFolder);
        if (resources.isEmpty() && attributes.isEmpty()) {
            return Optional.empty();
        }
        String nodeName = flags.value("node_name");
        if (nodeName.isEmpty()) {
            throw new IllegalArgumentException("Failed to determine the agent's node: --node_name (or $NODE_NAME) is"
                    + " needed to put its resources and attributes on it");
        }
        List<Located<Resource>> resourceList = resources.map(NodeSettings::resources).orElse(List.of());
        List<Located<Attribute>> attributeList = attributes.map(NodeSettings::attributes).orElse(List.of());
        AgentNode node = AgentNode.project(nodeName, resourceList, attributeList, AttributeLabels.defaults(),
                (place, message) -> log.accept(resources.get().origin() + ": " + place + ": " + message),
                (place, message) -> log.accept(attributes.get().origin() + ": " + place + ": " + message));
        node.notes().forEach(log);
        if (!node.localVolumes().isEmpty()) {
            log.accept("the agent does not create the local PersistentVolumes of its MOUNT disks;"
                    + " mesos-migrate agent-config writes them");
        }
        return Optional.of(node);
    }

    private static List<Located<Resource>> resources(Setting setting) {
        String text = setting.text().strip();
        if (text.startsWith("[")) {
            List<Located<Resource>> located = new ArrayList<>();
            for (Resource resource : parse("resources", setting, text, AgentSettings::resources)) {
                located.add(new Located<>(resource, "resource " + (located.size() + 1)));
            }
            return located;
        }
        return entries("resources", setting, AgentSettings.resourceEntries(text), AgentSettings::resources);
    }

    private static List<Located<Attribute>> attributes(Setting setting) {
        return entries("attributes", setting, AgentSettings.attributeEntries(setting.text().strip()),
                AgentSettings::attributes);
    }

    private static <T> List<Located<T>> entries(String name, Setting setting, List<String> entries,
                                                 Function<String, ? extends Iterable<T>> parse) {
        List<Located<T>> located = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i);
            String place = "entry " + (i + 1) + " (" + entry.strip() + ")";
            for (T value : parse(name, new Setting(setting.origin() + ": " + place, entry), entry, parse)) {
                located.add(new Located<>(value, place));
            }
        }
        return located;
    }

    /** Mesos's agent exits with "Failed to determine agent resources: ..." for resources it cannot parse. */
    private static <T> Iterable<T> parse(String name, Setting setting, String text,
                                         Function<String, ? extends Iterable<T>> parse) {
        try {
            return parse.apply(text);
        } catch (ResourceParseException e) {
            throw new IllegalArgumentException("Failed to determine agent " + name + ": " + setting.origin() + ": "
                    + e.getMessage(), e);
        }
    }
}
