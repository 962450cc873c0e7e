package io.mesosbridge.migrate.cli;

import io.mesosbridge.migrate.input.Source;
import io.mesosbridge.migrate.output.OutputFile;
import io.mesosbridge.migrate.report.Warnings;
import io.mesosbridge.migrate.spark.SparkSubmitTranslator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "spark", mixinStandardHelpOptions = true,
        description = {"Turns a spark-submit --master mesos://... line into the line for Spark on Kubernetes.",
                "INPUT is a file holding the line (a shell script is fine), or - for standard input;"
                        + " or give the line itself with --line."})
public final class SparkCommand implements Callable<Integer>, MesosMigrate.SessionAware {

    @Mixin
    CommonOptions common;

    @Parameters(arity = "0..1", paramLabel = "INPUT")
    String input;

    @Option(names = "--line", paramLabel = "COMMAND", description = "The spark-submit line itself.")
    String line;

    @Option(names = "--k8s-master", paramLabel = "URL", defaultValue = "k8s://https://kubernetes.default.svc",
            description = "The Kubernetes master URL for spark-submit (default: ${DEFAULT-VALUE}).")
    String k8sMaster;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NAME", defaultValue = "default",
            description = "Namespace of the driver and executors (default: ${DEFAULT-VALUE}).")
    String namespace;

    @Option(names = "--service-account", paramLabel = "NAME", defaultValue = "spark",
            description = "The driver's service account (default: ${DEFAULT-VALUE}).")
    String serviceAccount;

    @Option(names = "--agent-cpus", paramLabel = "N", defaultValue = "" + SparkSubmitTranslator.DEFAULT_AGENT_CPUS,
            description = "The CPUs a Mesos agent offered to Spark: without spark.executor.cores an executor took a"
                    + " whole offer, up to spark.cores.max (default: ${DEFAULT-VALUE}).")
    int agentCpus;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private Session session;

    @Override
    public void session(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        if (agentCpus < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--agent-cpus must be at least 1");
        }
        Source source;
        if (line != null) {
            source = new Source("--line", line);
        } else if (input != null) {
            source = session.reader().readOne(input, "").get(0);
        } else {
            source = session.reader().readOne("-", "").get(0);
        }
        Warnings warnings = new Warnings();
        SparkSubmitTranslator.Translation translation = SparkSubmitTranslator.translate(source,
                new SparkSubmitTranslator.Options(k8sMaster, namespace, serviceAccount, agentCpus), warnings);
        return session.finish(common, warnings, translation.script(),
                List.of(new OutputFile("spark-submit.sh", translation.script())));
    }
}
