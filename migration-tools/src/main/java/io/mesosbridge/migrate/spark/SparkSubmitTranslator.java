package io.mesosbridge.migrate.spark;

import io.mesosbridge.migrate.agent.AttributeLabels;
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
    public record Options(String k8sMaster, String namespace, String serviceAccount) {
    }

    public record Translation(String script, List<String> mappings) {
    }

    private SparkSubmitTranslator() {
    }

    public static Translation translate(Source source, Options options, Warnings warnings) {
        Warnings.SourceWarnings w = warnings.forSource(source.name());
        String joined = source.text().replace("\\\r\n", " ").replace("\\\n", " ");
        String line = null;
        for (String candidate : joined.split("\n")) {
            String trimmed = candidate.trim();
            if (trimmed.startsWith("#") || trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.startsWith("export MESOS_NATIVE_JAVA_LIBRARY") || trimmed.startsWith("MESOS_NATIVE_JAVA_LIBRARY")) {
                w.warn("MESOS_NATIVE_JAVA_LIBRARY", "libmesos is not needed on Kubernetes; dropped");
                continue;
            }
            if (trimmed.contains("spark-submit") && ShellWords.split(trimmed, source.name()).stream().anyMatch(word -> word.endsWith("spark-submit"))) {
                if (line != null) {
                    throw new InputError(source.name(), null, "more than one spark-submit line; give one at a time");
                }
                line = trimmed;
            }
        }
        if (line == null) {
            throw new InputError(source.name(), null, "no spark-submit line found");
        }
        List<String> words = ShellWords.split(line, source.name());
        int start = 0;
        while (!words.get(start).endsWith("spark-submit")) {
            start++;
        }
        String program = words.get(start);

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
            if (word.startsWith("-")) {
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
                        throw new InputError(source.name(), "--conf " + value, "expected KEY=VALUE");
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
            throw new InputError(source.name(), "--master", "expected a mesos:// master, found " + master);
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
            if (!key.startsWith("spark.mesos.")) {
                outConf.put(key, value);
                continue;
            }
            switch (key) {
                case "spark.mesos.executor.docker.image" -> {
                    map(outConf, mappings, key, "spark.kubernetes.container.image", value);
                    w.warn(place, "image " + value + " was built for Mesos; Spark on Kubernetes needs an image with"
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
                            w.warn(place, "volume " + volumes[v] + " has no host path; not carried over");
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
                            w.warn(place, "constraint " + constraint + " is not ATTRIBUTE:VALUE with one value;"
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
                            w.warn(place, "label " + label + " is not KEY:VALUE; not carried over");
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
        if (coresMax != null) {
            int perExecutor = executorCores == null ? 1 : parsePositive(executorCores, "spark.executor.cores", source);
            int total = parsePositive(coresMax, "spark.cores.max", source);
            int instances = Math.max(1, (total + perExecutor - 1) / perExecutor);
            if (!outConf.containsKey("spark.executor.instances")
                    && submitOptions.stream().noneMatch(o -> o[0].equals("--num-executors"))) {
                outConf.put("spark.executor.instances", Integer.toString(instances));
                mappings.add("spark.cores.max=" + coresMax + " -> spark.executor.instances=" + instances + " (of "
                        + perExecutor + " core" + (perExecutor == 1 ? "" : "s") + " each; Kubernetes has no total-cores cap)");
            }
        }
        outConf.putIfAbsent("spark.kubernetes.namespace", options.namespace());
        outConf.putIfAbsent("spark.kubernetes.authenticate.driver.serviceAccountName", options.serviceAccount());
        if (primary == null) {
            throw new InputError(source.name(), null, "the spark-submit line names no application jar or file");
        }
        String resource = primary;
        if (deployMode.equals("cluster") && !primary.contains("://") && !primary.startsWith("/")) {
            resource = "local://" + (sparkHome.endsWith("/") ? sparkHome : sparkHome + "/") + primary;
            w.warn(primary, "a relative local path is not visible to the driver pod; rewritten to " + resource
                    + ", which must be in the image (or use spark.kubernetes.file.upload.path)");
        } else if (deployMode.equals("cluster") && primary.startsWith("/")) {
            w.warn(primary, "a local file is not visible to the driver pod: put it in the image and use local://"
                    + primary + ", or set spark.kubernetes.file.upload.path");
        }

        StringBuilder script = new StringBuilder("#!/bin/sh\n# Spark on Kubernetes: the driver's service account "
                + options.serviceAccount() + " in namespace " + options.namespace()
                + " must be allowed to create pods, services and configmaps.\n");
        for (String mapping : mappings) {
            script.append("# ").append(mapping).append('\n');
        }
        script.append(program);
        for (String[] option : outOptions) {
            script.append(" \\\n  ").append(option[0]);
            if (option[1] != null) {
                script.append(' ').append(ShellWords.quote(option[1]));
            }
        }
        for (Map.Entry<String, String> setting : outConf.entrySet()) {
            script.append(" \\\n  --conf ").append(ShellWords.quote(setting.getKey() + "=" + setting.getValue()));
        }
        script.append(" \\\n  ").append(ShellWords.quote(resource));
        for (String arg : appArgs) {
            script.append(' ').append(ShellWords.quote(arg));
        }
        script.append('\n');
        return new Translation(script.toString(), mappings);
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
