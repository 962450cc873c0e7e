package io.mesosbridge.migrate.cli;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.mesosbridge.conventions.KubernetesKeys;
import io.mesosbridge.conventions.AttributeLabels;
import io.mesosbridge.migrate.input.Source;
import io.mesosbridge.migrate.jobs.JobConverter;
import io.mesosbridge.migrate.kube.Manifests;
import io.mesosbridge.migrate.marathon.MarathonOptions;
import io.mesosbridge.migrate.output.OutputFile;
import io.mesosbridge.migrate.report.Warnings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "jobs", mixinStandardHelpOptions = true,
        description = {"Converts Metronome and Chronos job definitions into CronJobs and Jobs.",
                "INPUT is a JSON file (one job or an array), a folder, - or a URL such as"
                        + " http://metronome:9000/v1/jobs?embed=activeRuns&embed=schedules."})
public final class JobsCommand implements Callable<Integer>, MesosMigrate.SessionAware {

    @Mixin
    CommonOptions common;

    @Parameters(arity = "1..*", paramLabel = "INPUT")
    List<String> inputs;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NAME", description = "Namespace of the jobs.")
    String namespace;

    @Option(names = "--default-image", paramLabel = "IMAGE", defaultValue = MarathonOptions.DEFAULT_IMAGE,
            description = "Image for jobs that ran without one (default: ${DEFAULT-VALUE}).")
    String defaultImage;

    @Option(names = "--image-override", paramLabel = "IMAGE", description = "Use IMAGE for every container.")
    String imageOverride;

    @Option(names = "--image-pull-policy", paramLabel = "POLICY", description = "Pull policy of every container.")
    String imagePullPolicy;

    @Option(names = "--attribute-prefix", paramLabel = "PREFIX", defaultValue = KubernetesKeys.ATTRIBUTE_LABEL_PREFIX,
            description = "Node label prefix for agent attributes in constraints (default: ${DEFAULT-VALUE}).")
    String attributePrefix;

    @Option(names = "--attribute-label", paramLabel = "ATTRIBUTE=LABEL", description = "Map one attribute to a node label.")
    Map<String, String> attributeLabels = Map.of();

    private Session session;

    @Override
    public void session(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        MarathonOptions options = new MarathonOptions(namespace, false, defaultImage, imageOverride, imagePullPolicy,
                MarathonOptions.DEFAULT_FETCH_IMAGE, new AttributeLabels(attributePrefix, attributeLabels),
                KubernetesKeys.GPU_RESOURCE, false, MarathonOptions.DEFAULT_DYNAMIC_PORT_BASE);
        Warnings warnings = new Warnings();
        List<Source> sources = session.reader().read(inputs, ".json");
        JobConverter.Result result = new JobConverter(options, namespace).convert(sources, warnings);
        List<OutputFile> files = new ArrayList<>();
        for (HasMetadata resource : result.resources()) {
            files.add(new OutputFile(Manifests.fileName(resource), Manifests.toYamlStream(List.of(resource))));
        }
        return session.finish(common, warnings, result.errors(), sources.size(),
                Manifests.toYamlStream(result.resources()), files);
    }
}
