package io.mesosbridge.migrate.cli;

import io.mesosbridge.conventions.KubernetesKeys;
import io.mesosbridge.migrate.agent.AgentInput;
import io.mesosbridge.conventions.AttributeLabels;
import io.mesosbridge.migrate.agent.NodeProjection;
import io.mesosbridge.migrate.input.InputError;
import io.mesosbridge.migrate.input.Source;
import io.mesosbridge.migrate.kube.Manifests;
import io.mesosbridge.migrate.output.OutputFile;
import io.mesosbridge.migrate.report.Warnings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "agent-config", mixinStandardHelpOptions = true,
        description = {"Turns Mesos agent settings (resources, attributes) into node labels, taints and the bridge's"
                + " port settings, as kubectl commands or a JSON patch of the node.",
                "Give one agent's settings (inline, files, or its /etc/mesos-slave folder), or --from-state for all"
                        + " agents of a running master."})
public final class AgentConfigCommand implements Callable<Integer>, MesosMigrate.SessionAware {

    enum Format { kubectl, patch }

    @Mixin
    CommonOptions common;

    @Option(names = "--resources", paramLabel = "SPEC", description = "e.g. 'cpus:4;mem:8192;disk:100000;ports:[8000-9000]'.")
    String resources;

    @Option(names = "--resources-file", paramLabel = "FILE", description = "e.g. /etc/mesos-slave/resources (text or JSON).")
    Path resourcesFile;

    @Option(names = "--attributes", paramLabel = "SPEC", description = "e.g. 'rack:rack1;datacenter:dc1'.")
    String attributes;

    @Option(names = "--attributes-file", paramLabel = "FILE", description = "e.g. /etc/mesos-slave/attributes.")
    Path attributesFile;

    @Option(names = "--config-dir", paramLabel = "DIR",
            description = "An agent's configuration folder (/etc/mesos-slave): reads resources, attributes, hostname.")
    Path configDir;

    @Option(names = "--from-state", paramLabel = "INPUT",
            description = "A master's /master/state (file, - or URL such as http://master:5050/master/state): every agent"
                    + " in it, each node named after the agent's hostname.")
    String fromState;

    @Option(names = "--node", paramLabel = "NAME", description = "The Kubernetes node (default: the hostname file in --config-dir).")
    String node;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "kubectl",
            description = "kubectl (a shell script) or patch (a JSON patch that adds to the node's labels, annotations and taints,"
                    + " and one for a node without taints). Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--attribute-prefix", paramLabel = "PREFIX", defaultValue = KubernetesKeys.ATTRIBUTE_LABEL_PREFIX,
            description = "Label prefix for attributes (default: ${DEFAULT-VALUE}).")
    String attributePrefix;

    @Option(names = "--attribute-label", paramLabel = "ATTRIBUTE=LABEL",
            description = "Map one attribute to a label, e.g. rack=topology.kubernetes.io/zone.")
    Map<String, String> attributeLabels = Map.of();

    private Session session;

    @Override
    public void session(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        if (fromState != null) {
            return callForState();
        }
        Source resourceSource = pick("--resources", resources, resourcesFile, "resources");
        Source attributeSource = pick("--attributes", attributes, attributesFile, "attributes");
        if (resourceSource == null && attributeSource == null) {
            throw new InputError("agent-config", null, "give --resources, --attributes (or their -file forms) or --config-dir");
        }
        String nodeName = node;
        if (nodeName == null && configDir != null && Files.isRegularFile(configDir.resolve("hostname"))) {
            nodeName = read(configDir.resolve("hostname")).text().trim();
        }
        if (nodeName == null || nodeName.isEmpty()) {
            throw new InputError("agent-config", null, "name the node with --node (no hostname file to read it from)");
        }
        Warnings warnings = new Warnings();
        NodeProjection projection = NodeProjection.project(nodeName,
                resourceSource == null ? List.of() : AgentInput.resources(resourceSource),
                attributeSource == null ? List.of() : AgentInput.attributes(attributeSource),
                new AttributeLabels(attributePrefix, attributeLabels),
                resourceSource == null ? "" : resourceSource.name(), attributeSource == null ? "" : attributeSource.name(),
                warnings);
        List<OutputFile> files = render(nodeName, projection);
        return session.finish(common, warnings, joined(files), files);
    }

    private Integer callForState() {
        Source state = session.reader().readOne(fromState, ".json").get(0);
        Warnings warnings = new Warnings();
        AttributeLabels labels = new AttributeLabels(attributePrefix, attributeLabels);
        List<OutputFile> files = new java.util.ArrayList<>();
        for (AgentInput.StateAgent agent : AgentInput.fromMasterState(state)) {
            NodeProjection projection = NodeProjection.project(agent.hostname(), agent.resources(), agent.attributes(),
                    labels, state.name(), state.name(), warnings);
            files.addAll(render(agent.hostname(), projection));
        }
        return session.finish(common, warnings, joined(files), files);
    }

    /** The files as one text for standard output; patches are one document each, so they are separated. */
    private String joined(List<OutputFile> files) {
        StringBuilder all = new StringBuilder();
        for (OutputFile file : files) {
            if (format == Format.patch && all.length() > 0) {
                all.append("---\n");
            }
            all.append(file.content());
        }
        return all.toString();
    }

    private List<OutputFile> render(String nodeName, NodeProjection projection) {
        List<OutputFile> files = new java.util.ArrayList<>(renderNode(nodeName, projection));
        // The kubectl script applies the volumes itself.
        if (format == Format.patch && !projection.localVolumes().isEmpty()) {
            files.add(new OutputFile("node-" + nodeName + "-volumes.yaml", "# The agent's MOUNT disks, as local"
                    + " PersistentVolumes of node " + nodeName + "; apply with: kubectl apply -f node-" + nodeName
                    + "-volumes.yaml\n" + Manifests.toYamlStream(projection.localVolumes())));
        }
        return files;
    }

    private List<OutputFile> renderNode(String nodeName, NodeProjection projection) {
        if (format == Format.kubectl) {
            return List.of(new OutputFile("node-" + nodeName + ".sh", projection.kubectlScript()));
        }
        String patchFile = "node-" + nodeName + "-patch.yaml";
        String untaintedFile = "node-" + nodeName + "-patch-untainted.yaml";
        StringBuilder header = new StringBuilder();
        projection.notes().forEach(n -> header.append("# ").append(n).append('\n'));
        header.append("# A JSON patch: labels and annotations are added to the node's own");
        if (projection.taints().isEmpty()) {
            header.append(".\n");
        } else {
            header.append(", the taints are appended to the node's taints.\n")
                    .append("# A node without any taint has no list to append to: the API server refuses the whole")
                    .append(" patch and\n# changes nothing; apply ").append(untaintedFile)
                    .append(" the same way instead.\n");
        }
        List<OutputFile> files = new java.util.ArrayList<>();
        files.add(new OutputFile(patchFile, header + "# apply with: kubectl patch node " + nodeName
                + " --type json --patch-file " + patchFile + "\n" + jsonLines(projection.jsonPatch())));
        if (!projection.taints().isEmpty()) {
            files.add(new OutputFile(untaintedFile, "# For node " + nodeName + " while it has no taint: it tests that"
                    + " the node still has none, then adds the list.\n# apply with: kubectl patch node " + nodeName
                    + " --type json --patch-file " + untaintedFile + "\n"
                    + jsonLines(projection.jsonPatchForUntaintedNode())));
        }
        return files;
    }

    /** A JSON patch one operation a line; JSON is YAML's flow style, so the comments above it are allowed. */
    private static String jsonLines(List<Map<String, Object>> operations) {
        StringBuilder json = new StringBuilder("[\n");
        for (int i = 0; i < operations.size(); i++) {
            json.append("  ").append(Manifests.serialization().asJson(operations.get(i)))
                    .append(i + 1 < operations.size() ? ",\n" : "\n");
        }
        return json.append("]\n").toString();
    }

    private Source pick(String flag, String inline, Path file, String fileInConfigDir) {
        if (inline != null) {
            return new Source(flag, inline);
        }
        if (file != null) {
            return read(file);
        }
        if (configDir != null && Files.isRegularFile(configDir.resolve(fileInConfigDir))) {
            return read(configDir.resolve(fileInConfigDir));
        }
        return null;
    }

    private static Source read(Path file) {
        try {
            return new Source(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new InputError(file.toString(), null, "cannot read: " + e.getMessage());
        }
    }
}
