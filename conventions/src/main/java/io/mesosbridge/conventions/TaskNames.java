package io.mesosbridge.conventions;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Deterministic Kubernetes names, label values and annotation keys for Mesos tasks.
 *
 * <p>Mesos ids are arbitrary strings (up to the framework), so they never appear verbatim in names or label
 * values: those carry a SHA-256 digest, and the exact ids live in annotations.
 */
public final class TaskNames {

    private static final char NUL = '\u0000';
    private static final int HASH_HEX_CHARS = 20;
    private static final int MAX_NAME_PART = 63;
    private static final Pattern NAME_PART = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern INVALID_CONTAINER_CHARS = Pattern.compile("[^-a-z0-9]");
    private static final Pattern INVALID_NAME_CHARS = Pattern.compile("[^-A-Za-z0-9_.]");

    private TaskNames() {
    }

    /**
     * The name of the MesosTask and its Pod: {@code mt-} and 20 hex digits of a SHA-256 digest of the two ids,
     * encoded so that no two (framework id, task id) pairs share an input. Ids without a NUL are hashed as
     * {@code frameworkId NUL taskId}, the encoding names have always had, so objects made before keep their names;
     * a pair where either id holds a NUL is prefixed with the framework id's length, which gives it at least three
     * NULs in all and so an input no NUL-free pair has. The lookup compares the stored ids as well
     * ({@code MesosTaskStore.find}), so even a digest collision never hands out another framework's task.
     */
    public static String objectName(String frameworkId, String taskId) {
        return "mt-" + hash(nameInput(frameworkId, taskId));
    }

    static String nameInput(String frameworkId, String taskId) {
        if (frameworkId.indexOf(NUL) < 0 && taskId.indexOf(NUL) < 0) {
            return frameworkId + NUL + taskId;
        }
        return frameworkId.length() + ":" + NUL + frameworkId + NUL + taskId;
    }

    /**
     * The name of the one Pod that runs a task group (the tasks of one default executor): {@code me-} and 20 hex
     * digits of the digest of the framework and executor ids, encoded as {@link #objectName} encodes its pair; the
     * prefix keeps it apart from every task's name. Also the value of {@link KubernetesKeys#EXECUTOR_LABEL}.
     */
    public static String executorPodName(String frameworkId, String executorId) {
        return "me-" + hash(nameInput(frameworkId, executorId));
    }

    /**
     * The name of a task's container in its task group's Pod: the task id itself when it is a DNS-1123 label (as
     * container names must be), else a readable prefix of it and a digest, so distinct ids stay distinct.
     */
    public static String containerName(String taskId) {
        if (DNS_LABEL.matcher(taskId).matches()) {
            return taskId;
        }
        String cleaned = INVALID_CONTAINER_CHARS.matcher(taskId.toLowerCase(Locale.ROOT)).replaceAll("-")
                .replaceAll("^-+", "");
        String head = cleaned.substring(0, Math.min(cleaned.length(), MAX_NAME_PART - HASH_HEX_CHARS - 2));
        return (head.isEmpty() ? "t" : head) + "-" + hash(taskId);
    }

    /** The value of {@link KubernetesKeys#FRAMEWORK_LABEL}: {@code fw-} and 20 hex digits of sha256(frameworkId). */
    public static String frameworkLabelValue(String frameworkId) {
        return "fw-" + hash(frameworkId);
    }

    /** The value of {@link KubernetesKeys#TASK_LABEL}: the object name, which already identifies framework and task. */
    public static String taskLabelValue(String frameworkId, String taskId) {
        return objectName(frameworkId, taskId);
    }

    /**
     * The labels every task Pod and MesosTask carries (managed-by, framework, task), in that order; also the
     * selector for a framework's or a task's objects. Unmodifiable.
     */
    public static Map<String, String> labels(String frameworkId, String taskId) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(KubernetesKeys.MANAGED_BY_LABEL, KubernetesKeys.MANAGED_BY_BRIDGE);
        labels.put(KubernetesKeys.FRAMEWORK_LABEL, frameworkLabelValue(frameworkId));
        labels.put(KubernetesKeys.TASK_LABEL, taskLabelValue(frameworkId, taskId));
        return Collections.unmodifiableMap(labels);
    }

    /**
     * The annotation key for a TaskInfo label. Keys that are not valid annotation names (Mesos allows any string)
     * are made valid: characters outside {@code [-A-Za-z0-9_.]} become {@code _}, and an over-long or still invalid
     * key becomes a readable prefix plus a digest, so distinct keys stay distinct. The exact labels remain in the
     * MesosTask's TaskInfo.
     */
    public static String labelAnnotationKey(String mesosLabelKey) {
        if (NAME_PART.matcher(mesosLabelKey).matches() && mesosLabelKey.length() <= MAX_NAME_PART) {
            return KubernetesKeys.TASK_LABEL_ANNOTATION_PREFIX + mesosLabelKey;
        }
        String cleaned = INVALID_NAME_CHARS.matcher(mesosLabelKey).replaceAll("_");
        String head = cleaned.substring(0, Math.min(cleaned.length(), MAX_NAME_PART - HASH_HEX_CHARS - 2));
        return KubernetesKeys.TASK_LABEL_ANNOTATION_PREFIX + "x" + head + "-" + hash(mesosLabelKey);
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_HEX_CHARS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
