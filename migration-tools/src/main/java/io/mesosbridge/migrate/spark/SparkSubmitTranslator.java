package io.mesosbridge.migrate.spark;

import io.mesosbridge.conventions.AttributeLabels;
import io.mesosbridge.migrate.input.InputError;
import io.mesosbridge.migrate.input.Source;
import io.mesosbridge.migrate.report.Warnings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@code spark-submit --master mesos://...} line as the equivalent line for Spark on Kubernetes. Every
 * {@code spark.mesos.*} setting is either mapped to its Kubernetes counterpart (listed as a comment above the new
 * line) or reported as a warning with what to do instead.
 */
public final class SparkSubmitTranslator {

    /** spark-submit options that take a value. */
    private static final Set<String> VALUED = Set.of("--master", "--deploy-mode", "--class", "--name", "--jars",
            "--packages", "--exclude-packages", "--repositories", "--py-files", "--files", "--archives", "--conf", "-c",
            "--properties-file", "--driver-memory", "--driver-java-options", "--driver-library-path",
            "--driver-class-path", "--executor-memory", "--proxy-user", "--driver-cores", "--total-executor-cores",
            "--executor-cores", "--num-executors", "--principal", "--keytab", "--queue");

    /** Mesos settings that exist only to talk to Mesos, and have nothing to become. */
    private static final Map<String, String> DROPPED = Map.ofEntries(
            Map.entry("spark.mesos.coarse", "Spark on Kubernetes always runs coarse-grained executors"),
            Map.entry("spark.mesos.executor.home", "the Spark image sets SPARK_HOME (/opt/spark in Spark's images)"),
            Map.entry("spark.mesos.principal", "authentication to the Mesos master; Kubernetes uses a service account"),
            Map.entry("spark.mesos.principal.file", "authentication to the Mesos master; Kubernetes uses a service account"),
            Map.entry("spark.mesos.secret", "authentication to the Mesos master; Kubernetes uses a service account"),
            Map.entry("spark.mesos.secret.file", "authentication to the Mesos master; Kubernetes uses a service account"),
            Map.entry("spark.mesos.containerizer", "Kubernetes runs containers with its own runtime"),
            Map.entry("spark.mesos.fetcherCache.enable", "there is no Mesos fetcher"),
            Map.entry("spark.mesos.rejectOfferDuration", "there are no offers"),
            Map.entry("spark.mesos.rejectOfferDurationForUnmetConstraints", "there are no offers"),
            Map.entry("spark.mesos.rejectOfferDurationForReachedMaxCores", "there are no offers"),
            Map.entry("spark.mesos.extra.cores", "executor cores are requested exactly"),
            Map.entry("spark.mesos.mesosExecutor.cores", "fine-grained mode does not exist on Kubernetes"),
            Map.entry("spark.mesos.maxDrivers", "a dispatcher setting; there is no dispatcher"),
            Map.entry("spark.mesos.retainedDrivers", "a dispatcher setting; there is no dispatcher"),
            Map.entry("spark.mesos.driver.webui.url", "reach the driver UI with kubectl port-forward"),
            Map.entry("spark.mesos.proxy.baseURL", "reach the driver UI with kubectl port-forward"),
            Map.entry("spark.mesos.network.name", "pods join the cluster's pod network"),
            Map.entry("spark.mesos.network.labels", "pods join the cluster's pod network"),
            Map.entry("spark.mesos.executor.docker.portmaps", "executors need no host port mappings on the pod network"),
            Map.entry("spark.mesos.executor.docker.parameters", "docker parameters have no pod equivalent"),
            Map.entry("spark.mesos.uris", "use --files or spark.kubernetes.file.upload.path"),
            Map.entry("spark.mesos.gpus.max", "use spark.executor.resource.gpu.amount with a discovery script"),
            Map.entry("spark.mesos.role", "roles become namespaces: set --namespace"),
            Map.entry("spark.mesos.dispatcher.queue", "a dispatcher setting; there is no dispatcher"),
            Map.entry("spark.mesos.cluster.retry.wait.max", "a dispatcher setting; there is no dispatcher"));

    /**
     * @param k8sMaster      e.g. {@code k8s://https://kubernetes.default.svc}
     * @param namespace      the namespace the driver and executors run in
     * @param serviceAccount the driver's service account (it creates the executor pods)
     */
    public record Options(String k8sMaster, String namespace, String serviceAccount, int agentCpus) {
    }

    /** The CPUs of a Mesos agent's offer that {@code --agent-cpus} defaults to. */
    public static final int DEFAULT_AGENT_CPUS = 4;

    private static final String EXECUTOR_URI_ADVICE = "Mesos fetched this Spark distribution for the executors;"
            + " on Kubernetes they run spark.kubernetes.container.image, which must hold that Spark (build it with"
            + " docker-image-tool.sh from the distribution): not carried over";

    /** spark-submit options whose value is a comma-separated list of files that spark-submit hands to the driver. */
    private static final Set<String> LOCAL_FILE_LISTS = Set.of("--jars", "--files", "--py-files", "--archives");

    public record Translation(String script, List<String> mappings) {
    }

    private SparkSubmitTranslator() {
    }

    public static Translation translate(Source source, Options options, Warnings warnings) {
        Warnings.SourceWarnings w = warnings.forSource(source.name());
        List<String> lines = logicalLines(source.text());
        int submitLine = -1;
        ShellWords.Command command = null;
        for (int n = 0; n < lines.size(); n++) {
            String joined = joinContinuations(lines.get(n));
            if (joined.contains("spark-submit")) {
                ShellWords.Command candidate = ShellWords.read(joined.trim(), source.name());
                if (candidate.words().stream().anyMatch(SparkSubmitTranslator::isSparkSubmit)) {
                    if (command != null) {
                        throw new InputError(source.name(), null, "more than one spark-submit line; give one at a time");
                    }
                    command = candidate;
                    submitLine = n;
                }
            }
        }
        if (command == null) {
            throw new InputError(source.name(), null, "no spark-submit line found");
        }
        boolean[] kept = new boolean[lines.size()];
        for (int n = 0; n < lines.size(); n++) {
            kept[n] = n != submitLine && keepLine(lines.get(n), n + 1, w);
        }
        List<String> words = command.words();
        int start = 0;
        while (!isSparkSubmit(words.get(start))) {
            start++;
        }
        String program = words.get(start);
        List<String> commandPrefix = new ArrayList<>();
        for (String word : words.subList(0, start)) {
            String name = word.contains("=") ? word.substring(0, word.indexOf('=')) : "";
            if (name.equals("MESOS_NATIVE_JAVA_LIBRARY")) {
                w.warn(name, "libmesos is not needed on Kubernetes; dropped");
            } else {
                if (name.equals("SPARK_EXECUTOR_URI")) {
                    w.warn(name, EXECUTOR_URI_ADVICE);
                }
                commandPrefix.add(word);
            }
        }

        List<String[]> submitOptions = new ArrayList<>();
        Map<String, String> conf = new LinkedHashMap<>();
        String primary = null;
        List<String> appArgs = new ArrayList<>();
        List<String> flags = new ArrayList<>();
        for (int i = start + 1; i < words.size(); i++) {
            String word = words.get(i);
            if (primary != null) {
                appArgs.add(word);
                continue;
            }
            if (ShellWords.isSplitExpansion(word)) {
                w.warn(ShellWords.display(word), "expands when the script runs, to words the converter cannot see:"
                        + " kept as is; if it holds spark-submit options, convert their spark.mesos.* settings too");
                flags.add(word);
            } else if (word.startsWith("-")) {
                String name = word;
                String value = null;
                int eq = word.indexOf('=');
                if (word.startsWith("--") && eq > 0 && VALUED.contains(word.substring(0, eq))) {
                    name = word.substring(0, eq);
                    value = word.substring(eq + 1);
                } else if (VALUED.contains(word)) {
                    if (i + 1 >= words.size()) {
                        throw new InputError(source.name(), word, "option needs a value");
                    }
                    value = words.get(++i);
                }
                if (value == null) {
                    flags.add(name);
                } else if (name.equals("--conf") || name.equals("-c")) {
                    int split = value.indexOf('=');
                    if (split <= 0) {
                        throw new InputError(source.name(), "--conf " + ShellWords.display(value), "expected KEY=VALUE");
                    }
                    conf.put(value.substring(0, split), value.substring(split + 1));
                } else {
                    submitOptions.add(new String[]{name, value});
                }
            } else {
                primary = word;
            }
        }
        String master = submitOptions.stream().filter(o -> o[0].equals("--master")).map(o -> o[1]).findFirst().orElse(null);
        if (master == null || !master.startsWith("mesos://")) {
            throw new InputError(source.name(), "--master", "expected a mesos:// master, found "
                    + (master == null ? null : ShellWords.display(master)));
        }

        List<String> mappings = new ArrayList<>();
        List<String[]> outOptions = new ArrayList<>();
        Map<String, String> outConf = new LinkedHashMap<>();
        String deployMode = "client";
        String executorCores = conf.get("spark.executor.cores");
        String coresMax = conf.get("spark.cores.max");
        String sparkHome = conf.getOrDefault("spark.mesos.executor.home", "/opt/spark");
        for (String[] option : submitOptions) {
            switch (option[0]) {
                case "--master" -> {
                    outOptions.add(new String[]{"--master", options.k8sMaster()});
                    mappings.add("--master " + option[1] + " -> " + options.k8sMaster());
                }
                case "--deploy-mode" -> {
                    deployMode = option[1];
                    outOptions.add(option);
                }
                case "--total-executor-cores" -> coresMax = option[1];
                case "--executor-cores" -> {
                    executorCores = option[1];
                    outOptions.add(option);
                }
                case "--properties-file" -> {
                    w.warn("--properties-file", "the settings in " + ShellWords.display(option[1]) + " are not"
                            + " converted: convert its spark.mesos.* settings too (kept as is)");
                    outOptions.add(option);
                }
                default -> outOptions.add(option);
            }
        }
        for (String flag : flags) {
            if (flag.equals("--supervise")) {
                w.warn("--supervise", "Spark on Kubernetes has no driver supervision; dropped (the driver pod's"
                        + " restart policy is Never)");
            } else {
                outOptions.add(new String[]{flag, null});
            }
        }
        for (Map.Entry<String, String> setting : conf.entrySet()) {
            String key = setting.getKey();
            String value = setting.getValue();
            String place = "--conf " + key;
            if (key.equals("spark.cores.max")) {
                continue;
            }
            if (key.equals("spark.executor.uri")) {
                w.warn(place, EXECUTOR_URI_ADVICE);
                continue;
            }
            if (!key.startsWith("spark.mesos.")) {
                outConf.put(key, value);
                continue;
            }
            if (MesosSecrets.KEY.matcher(key).matches()) {
                continue;
            }
            switch (key) {
                case "spark.mesos.executor.docker.image" -> {
                    map(outConf, mappings, key, "spark.kubernetes.container.image", value);
                    w.warn(place, "image " + ShellWords.display(value) + " was built for Mesos; Spark on Kubernetes needs an image with"
                            + " Spark's Kubernetes entrypoint (built with docker-image-tool.sh)");
                }
                case "spark.mesos.executor.docker.forcePullImage" ->
                        map(outConf, mappings, key, "spark.kubernetes.container.image.pullPolicy",
                                Boolean.parseBoolean(value) ? "Always" : "IfNotPresent");
                case "spark.mesos.executor.memoryOverhead" -> map(outConf, mappings, key, "spark.executor.memoryOverhead", value + "m");
                case "spark.mesos.driver.memoryOverhead" -> map(outConf, mappings, key, "spark.driver.memoryOverhead", value + "m");
                case "spark.mesos.executor.docker.volumes" -> {
                    String[] volumes = value.split(",");
                    for (int v = 0; v < volumes.length; v++) {
                        String[] parts = volumes[v].trim().split(":");
                        if (parts.length < 2) {
                            w.warn(place, "volume " + ShellWords.display(volumes[v]) + " has no host path; not carried over");
                            continue;
                        }
                        String prefix = "spark.kubernetes.executor.volumes.hostPath.mesos-volume-" + v;
                        map(outConf, mappings, key, prefix + ".mount.path", parts[1]);
                        outConf.put(prefix + ".options.path", parts[0]);
                        if (parts.length > 2 && parts[2].equalsIgnoreCase("ro")) {
                            outConf.put(prefix + ".mount.readOnly", "true");
                        }
                    }
                }
                case "spark.mesos.constraints", "spark.mesos.driver.constraints" -> {
                    String prefix = key.equals("spark.mesos.constraints") ? "spark.kubernetes.node.selector."
                            : "spark.kubernetes.driver.node.selector.";
                    for (String constraint : value.split(";")) {
                        String[] kv = constraint.trim().split(":", 2);
                        if (kv.length != 2 || kv[1].contains(",") || kv[1].isEmpty()) {
                            w.warn(place, "constraint " + ShellWords.display(constraint) + " is not ATTRIBUTE:VALUE with one value;"
                                    + " a node selector needs exactly one value: not carried over");
                            continue;
                        }
                        String label = AttributeLabels.defaults().labelKey(kv[0].trim());
                        map(outConf, mappings, key, prefix + label, kv[1].trim());
                    }
                }
                case "spark.mesos.driver.labels", "spark.mesos.task.labels" -> {
                    String prefix = key.equals("spark.mesos.driver.labels") ? "spark.kubernetes.driver.label."
                            : "spark.kubernetes.executor.label.";
                    for (String label : value.split(",")) {
                        String[] kv = label.trim().split(":", 2);
                        if (kv.length != 2) {
                            w.warn(place, "label " + ShellWords.display(label) + " is not KEY:VALUE; not carried over");
                            continue;
                        }
                        map(outConf, mappings, key, prefix + kv[0].trim(), kv[1].trim());
                    }
                }
                default -> {
                    if (key.startsWith("spark.mesos.driverEnv.")) {
                        map(outConf, mappings, key, "spark.kubernetes.driverEnv." + key.substring("spark.mesos.driverEnv.".length()), value);
                    } else if (key.startsWith("spark.mesos.dispatcher.driverDefault.")) {
                        outConf.put(key.substring("spark.mesos.dispatcher.driverDefault.".length()), value);
                        mappings.add(key + " -> " + key.substring("spark.mesos.dispatcher.driverDefault.".length()));
                    } else if (DROPPED.containsKey(key)) {
                        if (key.equals("spark.mesos.coarse") && Boolean.parseBoolean(value)) {
                            mappings.add(key + "=true -> (dropped) " + DROPPED.get(key));
                        } else {
                            w.warn(place, "dropped: " + DROPPED.get(key));
                        }
                    } else {
                        w.warn(place, "no Kubernetes counterpart known for " + key + "; dropped");
                    }
                }
            }
        }
        MesosSecrets.translate("driver", conf, outConf, mappings, w);
        MesosSecrets.translate("executor", conf, outConf, mappings, w);
        boolean instancesGiven = outConf.containsKey("spark.executor.instances")
                || submitOptions.stream().anyMatch(o -> o[0].equals("--num-executors"));
        if (coresMax != null && (ShellWords.hasExpansion(coresMax)
                || (executorCores != null && ShellWords.hasExpansion(executorCores)))) {
            w.warn("spark.cores.max", "is " + ShellWords.display(coresMax) + " with spark.executor.cores "
                    + (executorCores == null ? "unset" : ShellWords.display(executorCores)) + ", known only when the"
                    + " script runs: set spark.executor.instances and spark.executor.cores for them");
        } else if (coresMax != null && executorCores != null) {
            translateFixedExecutors(coresMax, executorCores, instancesGiven, outConf, mappings, w, source);
        } else if (coresMax != null && executorCores == null) {
            translateOfferSizedExecutors(coresMax, options.agentCpus(), instancesGiven, outConf, mappings, w, source);
        } else if (coresMax == null && !instancesGiven && !outConf.containsKey("spark.dynamicAllocation.enabled")) {
            w.warn("spark.cores.max", "not set: on Mesos the application took every CPU offered to it; on Kubernetes"
                    + " it gets spark.executor.instances executors (default 2) of spark.executor.cores CPUs (default"
                    + " 1): set them");
        }
        outConf.putIfAbsent("spark.kubernetes.namespace", options.namespace());
        outConf.putIfAbsent("spark.kubernetes.authenticate.driver.serviceAccountName", options.serviceAccount());
        if (primary == null) {
            throw new InputError(source.name(), null, "the spark-submit line names no application jar or file");
        }
        String resource = primary;
        if (deployMode.equals("cluster")) {
            resource = clusterModeResource(primary, sparkHome, w);
            for (String[] option : outOptions) {
                if (LOCAL_FILE_LISTS.contains(option[0])) {
                    for (String entry : option[1].split(",")) {
                        if (isSubmitterLocal(entry.trim())) {
                            w.warn(option[0], ShellWords.display(entry.trim()) + " is a file on the submitting"
                                    + " machine, which the driver pod cannot read: set spark.kubernetes.file.upload.path"
                                    + " (spark-submit uploads it there) or use local:// for a file in the image");
                        }
                    }
                }
            }
        } else if (!outConf.containsKey("spark.driver.host")) {
            w.warn("--deploy-mode client", "the driver runs where spark-submit runs, and the executor pods must"
                    + " connect back to it: set spark.driver.host (and spark.driver.port) to an address that pods can"
                    + " reach (a headless Service when the driver runs in a pod, with spark.kubernetes.driver.pod.name),"
                    + " or use --deploy-mode cluster");
        } else {
            mappings.add("spark.driver.host=" + ShellWords.display(outConf.get("spark.driver.host"))
                    + " kept (client mode): it must be reachable from the executor pods");
        }

        StringBuilder submission = new StringBuilder();
        String indent = lines.get(submitLine).substring(0, lines.get(submitLine).length()
                - lines.get(submitLine).stripLeading().length());
        submission.append(indent);
        for (String word : commandPrefix) {
            submission.append(ShellWords.quote(word)).append(' ');
        }
        submission.append(ShellWords.quote(program));
        for (String[] option : outOptions) {
            submission.append(" \\\n").append(indent).append("  ").append(ShellWords.quote(option[0]));
            if (option[1] != null) {
                submission.append(' ').append(ShellWords.quote(option[1]));
            }
        }
        for (Map.Entry<String, String> setting : outConf.entrySet()) {
            submission.append(" \\\n").append(indent).append("  --conf ")
                    .append(ShellWords.quote(setting.getKey() + "=" + setting.getValue()));
        }
        submission.append(" \\\n").append(indent).append("  ").append(ShellWords.quote(resource));
        for (String arg : appArgs) {
            submission.append(' ').append(ShellWords.quote(arg));
        }
        if (!command.rest().isEmpty()) {
            submission.append(' ').append(command.rest());
        }

        StringBuilder script = new StringBuilder();
        int first = 0;
        if (!lines.isEmpty() && lines.get(0).startsWith("#!")) {
            script.append(lines.get(0)).append('\n');
            first = 1;
        } else {
            script.append("#!/bin/sh\n");
        }
        script.append("# Spark on Kubernetes: the driver's service account ").append(options.serviceAccount())
                .append(" in namespace ").append(options.namespace())
                .append(" must be allowed to create pods, services and configmaps.\n");
        for (String mapping : mappings) {
            script.append("# ").append(ShellWords.display(mapping)).append('\n');
        }
        for (int n = first; n < lines.size(); n++) {
            if (n == submitLine) {
                script.append(submission).append('\n');
            } else if (kept[n]) {
                script.append(lines.get(n)).append('\n');
            }
        }
        return new Translation(script.toString(), mappings);
    }

    private static boolean isSparkSubmit(String word) {
        return ShellWords.display(word).endsWith("spark-submit");
    }

    /** The script's lines, a line ending in a backslash continued by the next one (each as written). */
    private static List<String> logicalLines(String text) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String physical : text.replace("\r\n", "\n").split("\n", -1)) {
            line.append(physical);
            if (physical.endsWith("\\") && !physical.endsWith("\\\\")) {
                line.append('\n');
            } else {
                lines.add(line.toString());
                line.setLength(0);
            }
        }
        if (!line.isEmpty()) {
            lines.add(line.toString());
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    private static String joinContinuations(String line) {
        return line.replace("\\\n", " ");
    }

    /**
     * Whether a line of the script other than the spark-submit line stays in the output: all do but the libmesos
     * setting (not needed), and each that refers to Mesos is reported.
     */
    private static boolean keepLine(String line, int number, Warnings.SourceWarnings w) {
        String trimmed = line.trim();
        if (trimmed.startsWith("#") || trimmed.isEmpty()) {
            return true;
        }
        if (trimmed.matches("(export\\s+)?MESOS_NATIVE_JAVA_LIBRARY=.*")) {
            w.warn("MESOS_NATIVE_JAVA_LIBRARY", "libmesos is not needed on Kubernetes; dropped");
            return false;
        }
        if (trimmed.matches("(export\\s+)?SPARK_EXECUTOR_URI=.*")) {
            w.warn("line " + number + ": SPARK_EXECUTOR_URI", EXECUTOR_URI_ADVICE.replace("not carried over", "kept, unused"));
        } else if (trimmed.toLowerCase(java.util.Locale.ROOT).contains("mesos") || trimmed.contains("LIBPROCESS_")) {
            w.warn("line " + number, "refers to Mesos and is kept as is: check what it does on Kubernetes: "
                    + joinContinuations(trimmed));
        }
        return true;
    }

    /**
     * The application resource of a cluster-mode submission: on Mesos the dispatcher's driver read a local path or
     * file:// on its agent; on Kubernetes the driver pod reads local:// from its image, or spark-submit uploads a
     * file of the submitting machine to spark.kubernetes.file.upload.path.
     */
    private static String clusterModeResource(String primary, String sparkHome, Warnings.SourceWarnings w) {
        String shown = ShellWords.display(primary);
        String path;
        if (primary.startsWith("file://")) {
            path = primary.substring("file://".length());
        } else if (primary.startsWith("/")) {
            path = primary;
        } else if (!primary.contains("://") && !ShellWords.hasExpansion(primary)) {
            path = (sparkHome.endsWith("/") ? sparkHome : sparkHome + "/") + primary;
        } else {
            if (ShellWords.hasExpansion(primary) && !primary.contains("://")) {
                w.warn(shown, "known only when the script runs: a local file there is not visible to the driver"
                        + " pod: use local:// for a file in the image, or set spark.kubernetes.file.upload.path");
            }
            return primary;
        }
        String resource = "local://" + path;
        w.warn(shown, "a file of the Mesos agent is not visible to the driver pod; rewritten to "
                + ShellWords.display(resource) + ", which must be in the image (or keep the local file and set"
                + " spark.kubernetes.file.upload.path, where spark-submit uploads it)");
        return resource;
    }

    private static boolean isSubmitterLocal(String entry) {
        return entry.startsWith("file://") || entry.startsWith("/")
                || (!entry.contains("://") && !entry.isEmpty() && !ShellWords.hasExpansion(entry));
    }

    /** Mesos with spark.executor.cores: executors of that size until spark.cores.max, rounded down to a multiple. */
    private static void translateFixedExecutors(String coresMax, String executorCores, boolean instancesGiven,
                                                Map<String, String> outConf, List<String> mappings,
                                                Warnings.SourceWarnings w, Source source) {
        int perExecutor = parsePositive(executorCores, "spark.executor.cores", source);
        int total = parsePositive(coresMax, "spark.cores.max", source);
        int instances = total / perExecutor;
        if (instances == 0) {
            w.warn("spark.cores.max", "is " + total + ", less than spark.executor.cores " + perExecutor
                    + ": Mesos launched no executor; one executor is asked for");
            instances = 1;
        }
        if (!instancesGiven) {
            outConf.put("spark.executor.instances", Integer.toString(instances));
            mappings.add("spark.cores.max=" + coresMax + " -> spark.executor.instances=" + instances + " (of "
                    + perExecutor + " core" + (perExecutor == 1 ? "" : "s") + " each, as Mesos launched them;"
                    + " Kubernetes has no total-cores cap)");
        }
    }

    /**
     * Mesos without spark.executor.cores (MesosCoarseGrainedSchedulerBackend): each executor takes all the CPUs of an
     * offer, up to what is left of spark.cores.max. On Kubernetes: as many executors as agents of
     * {@code agentCpus} it took, the cap shared evenly between them (never above it).
     */
    private static void translateOfferSizedExecutors(String coresMax, int agentCpus, boolean instancesGiven,
                                                     Map<String, String> outConf, List<String> mappings,
                                                     Warnings.SourceWarnings w, Source source) {
        int total = parsePositive(coresMax, "spark.cores.max", source);
        int instances = (total + agentCpus - 1) / agentCpus;
        int perExecutor = total / instances;
        outConf.put("spark.executor.cores", Integer.toString(perExecutor));
        mappings.add("spark.cores.max=" + coresMax + " -> spark.executor.cores=" + perExecutor
                + (instancesGiven ? "" : " and spark.executor.instances=" + instances) + " (on Mesos an executor took"
                + " a whole offer, up to spark.cores.max; offers of " + agentCpus + " CPUs assumed)");
        if (!instancesGiven) {
            outConf.put("spark.executor.instances", Integer.toString(instances));
        }
        w.warn("spark.cores.max", "without spark.executor.cores each Mesos executor took all the CPUs of an offer;"
                + " assuming agents offered " + agentCpus + " CPUs (--agent-cpus): " + instances + " executor"
                + (instances == 1 ? "" : "s") + " of " + perExecutor + " cores");
    }

    private static void map(Map<String, String> out, List<String> mappings, String from, String to, String value) {
        out.put(to, value);
        mappings.add(from + " -> " + to);
    }

    private static int parsePositive(String value, String what, Source source) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new InputError(source.name(), what, "expected a positive whole number, found " + value);
    }

}
