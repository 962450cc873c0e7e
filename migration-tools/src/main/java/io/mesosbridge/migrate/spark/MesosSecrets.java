package io.mesosbridge.migrate.spark;

import io.mesosbridge.migrate.kube.KubeNames;
import io.mesosbridge.migrate.report.Warnings;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Spark's Mesos secrets ({@code spark.mesos.ROLE.secret.names} or {@code .values}, zipped with {@code .envkeys} and
 * {@code .filenames}, ROLE being driver or executor) as Spark on Kubernetes secrets: an environment variable becomes
 * {@code spark.kubernetes.ROLE.secretKeyRef.ENV=SECRET:KEY}, a file becomes
 * {@code spark.kubernetes.ROLE.secrets.SECRET=DIRECTORY} (Kubernetes mounts the Secret as a directory, each key a
 * file). The Kubernetes Secret itself must be created from the Mesos secret store: a warning says which one.
 */
final class MesosSecrets {

    static final Pattern KEY = Pattern.compile("spark\\.mesos\\.(driver|executor)\\.secret\\.(names|values|envkeys|filenames)");

    /** Where a file secret with a relative name (in the Mesos sandbox, the working directory) is mounted instead. */
    static final String RELATIVE_FILE_MOUNT = "/mnt/secrets/";

    private MesosSecrets() {
    }

    static void translate(String role, Map<String, String> conf, Map<String, String> out, List<String> mappings,
                          Warnings.SourceWarnings warnings) {
        String prefix = "spark.mesos." + role + ".secret.";
        List<String> names = list(conf.get(prefix + "names"));
        List<String> values = list(conf.get(prefix + "values"));
        List<String> envKeys = list(conf.get(prefix + "envkeys"));
        List<String> fileNames = list(conf.get(prefix + "filenames"));
        boolean byValue = names.isEmpty();
        int count = byValue ? values.size() : names.size();
        if (!names.isEmpty() && !values.isEmpty()) {
            warnings.warn("--conf " + prefix + "values", "both " + prefix + "names and " + prefix + "values are set;"
                    + " the values are not carried over: give each secret by name");
        }
        for (String list : List.of("envkeys", "filenames")) {
            int size = list.equals("envkeys") ? envKeys.size() : fileNames.size();
            if (size > count) {
                warnings.warn("--conf " + prefix + list, "has " + size + " entries for " + count + " secrets;"
                        + " the entries past " + count + " are not carried over");
            }
        }
        for (int i = 0; i < count; i++) {
            String secret = byValue ? "spark-" + role + "-secret-" + i : KubeNames.fromPath(names.get(i).replaceFirst("^/+", ""));
            String fileName = i < fileNames.size() ? fileNames.get(i) : null;
            String key = fileName == null ? "value" : fileName.substring(fileName.lastIndexOf('/') + 1);
            String source = byValue ? "the value at index " + i + " of " + prefix + "values (not repeated here)"
                    : "the Mesos secret " + ShellWords.display(names.get(i));
            warnings.warn("--conf " + prefix + (byValue ? "values" : "names"), "create the Kubernetes Secret "
                    + secret + " with the key " + key + " holding " + source + ", e.g. kubectl create secret generic "
                    + secret + " --from-file=" + key + "=FILE");
            if (i < envKeys.size()) {
                String setting = "spark.kubernetes." + role + ".secretKeyRef." + envKeys.get(i);
                out.put(setting, secret + ":" + key);
                mappings.add(prefix + "envkeys[" + i + "] -> " + setting);
            }
            if (fileName != null) {
                String directory;
                if (fileName.startsWith("/")) {
                    directory = fileName.substring(0, Math.max(1, fileName.lastIndexOf('/')));
                    warnings.warn("--conf " + prefix + "filenames", "the Secret is mounted over the whole directory "
                            + ShellWords.display(directory) + " (its other files are hidden there) so that "
                            + ShellWords.display(fileName) + " exists");
                } else {
                    directory = RELATIVE_FILE_MOUNT + secret;
                    warnings.warn("--conf " + prefix + "filenames", ShellWords.display(fileName) + " was in the Mesos sandbox (the working"
                            + " directory, /mnt/mesos/sandbox); on Kubernetes it is " + directory + "/" + key
                            + ": change the paths that refer to it");
                }
                String setting = "spark.kubernetes." + role + ".secrets." + secret;
                out.put(setting, directory);
                mappings.add(prefix + "filenames[" + i + "] -> " + setting);
            }
            if (i >= envKeys.size() && fileName == null) {
                warnings.warn("--conf " + prefix + (byValue ? "values" : "names"), "secret " + i + " has neither an"
                        + " envkey nor a filename; set spark.kubernetes." + role + ".secretKeyRef.ENV or"
                        + " spark.kubernetes." + role + ".secrets." + secret);
            }
        }
    }

    private static List<String> list(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return List.of(value.trim().split("\\s*,\\s*"));
    }
}
