package io.mesosbridge.migrate.cli;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.mesosbridge.conventions.KubernetesKeys;
import io.mesosbridge.conventions.AttributeLabels;
import io.mesosbridge.migrate.input.Source;
import io.mesosbridge.migrate.kube.Manifests;
import io.mesosbridge.migrate.marathon.Converted;
import io.mesosbridge.migrate.marathon.MarathonConverter;
import io.mesosbridge.migrate.marathon.MarathonOptions;
import io.mesosbridge.migrate.marathon.PublicNodes;
import io.mesosbridge.migrate.output.OutputFile;
import io.mesosbridge.migrate.report.Warnings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "marathon", mixinStandardHelpOptions = true,
        description = {"Converts Marathon apps, groups and pods into Deployments, StatefulSets and Services.",
                "INPUT is a JSON file, a folder of them, - for standard input, or a Marathon URL such as"
                        + " http://marathon:8080/v2/groups or /v2/apps."})
public final class MarathonCommand implements Callable<Integer>, MesosMigrate.SessionAware {

    @Mixin
    CommonOptions common;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Files, folders, - or http(s) URLs.")
    List<String> inputs;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NAME",
            description = "Namespace for apps without a role (default: none, kubectl's current namespace).")
    String namespace;

    @Option(names = "--no-role-namespaces", negatable = false,
            description = "Do not derive namespaces from acceptedResourceRoles / role.")
    boolean noRoleNamespaces;

    @Option(names = "--default-image", paramLabel = "IMAGE", defaultValue = MarathonOptions.DEFAULT_IMAGE,
            description = "Image for apps that ran on the agent without one (default: ${DEFAULT-VALUE}).")
    String defaultImage;

    @Option(names = "--image-override", paramLabel = "IMAGE",
            description = "Use IMAGE for every container (e.g. a locally imported image on a cluster without a registry).")
    String imageOverride;

    @Option(names = "--image-pull-policy", paramLabel = "POLICY",
            description = "Always, IfNotPresent or Never for every container.")
    String imagePullPolicy;

    @Option(names = "--fetch-image", paramLabel = "IMAGE", defaultValue = MarathonOptions.DEFAULT_FETCH_IMAGE,
            description = "Image (with sh, wget, tar, unzip) of the init container for fetch URIs (default: ${DEFAULT-VALUE}).")
    String fetchImage;

    @Option(names = "--attribute-prefix", paramLabel = "PREFIX", defaultValue = KubernetesKeys.ATTRIBUTE_LABEL_PREFIX,
            description = "Node label prefix for agent attributes in constraints (default: ${DEFAULT-VALUE}).")
    String attributePrefix;

    @Option(names = "--attribute-label", paramLabel = "ATTRIBUTE=LABEL",
            description = "Map one attribute to a node label, e.g. rack=topology.kubernetes.io/zone.")
    Map<String, String> attributeLabels = Map.of();

    @Option(names = "--gpu-resource", paramLabel = "NAME", defaultValue = KubernetesKeys.GPU_RESOURCE,
            description = "Extended resource for gpus (default: ${DEFAULT-VALUE}).")
    String gpuResource;

    @Option(names = "--cpu-limits", description = "Also set CPU limits (Mesos enforces cpus only with CFS quotas).")
    boolean cpuLimits;

    @Option(names = "--dynamic-port-base", paramLabel = "PORT", defaultValue = "10000",
            description = "First container port for ports Marathon would have picked (default: ${DEFAULT-VALUE}).")
    int dynamicPortBase;

    @Option(names = "--public-node-selector", paramLabel = "KEY=VALUE", defaultValue = PublicNodes.DEFAULT_SELECTOR,
            description = "Node label of the nodes that stand for public agents: apps that accepted only role"
                    + " slave_public get it as nodeSelector (default: ${DEFAULT-VALUE}, as agent-config labels them).")
    String publicNodeSelector;

    @Option(names = "--public-node-taint", paramLabel = "KEY=VALUE:EFFECT", defaultValue = PublicNodes.DEFAULT_TAINT,
            description = "Taint of public nodes, tolerated by apps that accepted role slave_public; none if they are"
                    + " not tainted (default: ${DEFAULT-VALUE}, as agent-config taints them).")
    String publicNodeTaint;

    @Option(names = "--per-node-agents", paramLabel = "AGENTS",
            description = "The number of Mesos agents: an app with constraint hostname UNIQUE and that many instances"
                    + " ran one task per agent, and becomes a DaemonSet (one pod on every node) instead of a"
                    + " Deployment.")
    Integer perNodeAgents;

    private Session session;

    @Override
    public void session(Session session) {
        this.session = session;
    }

    MarathonOptions options() {
        return new MarathonOptions(namespace, !noRoleNamespaces, defaultImage, imageOverride, imagePullPolicy,
                fetchImage, new AttributeLabels(attributePrefix, attributeLabels), gpuResource, cpuLimits,
                dynamicPortBase, PublicNodes.parse(publicNodeSelector, publicNodeTaint), perNodeAgents);
    }

    @Override
    public Integer call() {
        List<Source> sources = session.reader().read(inputs, ".json");
        Warnings warnings = new Warnings();
        ProgressBar bar = session.progress(common, "apps");
        MarathonConverter.Result result = new MarathonConverter(options()).convert(sources, warnings, bar::start, bar::advance);
        List<OutputFile> files = new ArrayList<>();
        if (!result.namespaces().isEmpty()) {
            files.add(new OutputFile("00-namespaces.yaml", Manifests.toYamlStream(result.namespaces())));
        }
        Map<String, String> written = new HashMap<>();
        for (Converted item : result.items()) {
            for (HasMetadata resource : item.resources()) {
                String content = Manifests.toYamlStream(List.of(resource));
                String name = Manifests.fileName(resource);
                // Two apps may share one external volume: the same claim is written once.
                if (content.equals(written.get(name))) {
                    continue;
                }
                for (int n = 2; written.containsKey(name); n++) {
                    name = Manifests.fileName(resource).replace(".yaml", "-" + n + ".yaml");
                }
                written.put(name, content);
                files.add(new OutputFile(name, content));
            }
        }
        StringBuilder stream = new StringBuilder();
        files.forEach(f -> stream.append(f.content()));
        return session.finish(common, warnings, result.errors(), sources.size(), stream.toString(), files);
    }
}
