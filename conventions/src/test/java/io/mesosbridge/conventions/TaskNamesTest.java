package io.mesosbridge.conventions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TaskNamesTest {

    private static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern LABEL_VALUE = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
    private static final Pattern ANNOTATION_NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");

    @Test
    void theObjectNameIsAStableDns1123LabelFromFrameworkAndTask() {
        String name = TaskNames.objectName("5c2a-0000", "web.b7 f/ä");

        assertThat(name).matches(DNS_1123_LABEL).startsWith("mt-").hasSize(23);
        assertThat(TaskNames.objectName("5c2a-0000", "web.b7 f/ä")).isEqualTo(name);
        assertThat(TaskNames.objectName("5c2a-0001", "web.b7 f/ä")).isNotEqualTo(name);
    }

    @Test
    void frameworkAndTaskIdsCannotRunIntoEachOther() {
        assertThat(TaskNames.objectName("ab", "c")).isNotEqualTo(TaskNames.objectName("a", "bc"));
    }

    @Test
    void aNulInEitherIdCannotMoveTheBoundaryBetweenThem() {
        List<List<String>> pairs = List.of(
                List.of("a\u0000b", "c"), List.of("a", "b\u0000c"), List.of("a\u0000", "b\u0000c"),
                List.of("a\u0000b\u0000", "c"), List.of("a", "\u0000b\u0000c"), List.of("a\u0000b\u0000c", ""),
                List.of("", "a\u0000b\u0000c"), List.of("a", "b"), List.of("1:", "a"));

        assertThat(pairs.stream().map(pair -> TaskNames.nameInput(pair.get(0), pair.get(1))))
                .doesNotHaveDuplicates();
        assertThat(pairs.stream().map(pair -> TaskNames.objectName(pair.get(0), pair.get(1))))
                .doesNotHaveDuplicates();
    }

    @Test
    void idsWithoutANulKeepTheNamesObjectsWereCreatedWith() throws Exception {
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                .digest("5c2a-0000\u0000web.1".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(TaskNames.objectName("5c2a-0000", "web.1"))
                .isEqualTo("mt-" + java.util.HexFormat.of().formatHex(digest).substring(0, 20));
    }

    @Test
    void aTaskGroupsPodNameIsAStableLabelApartFromEveryTasksName() {
        String pod = TaskNames.executorPodName("5c2a-0000", "default-executor");

        assertThat(pod).matches("me-[0-9a-f]{20}")
                .isEqualTo(TaskNames.executorPodName("5c2a-0000", "default-executor"));
        assertThat(pod.substring(3)).isEqualTo(TaskNames.objectName("5c2a-0000", "default-executor").substring(3));
        assertThat(TaskNames.executorPodName("5c2a-0000", "e"))
                .isNotEqualTo(TaskNames.executorPodName("5c2a-000", "0e"));
    }

    @Test
    void aContainerIsNamedAfterItsTaskOrAReadablePrefixAndADigest() {
        assertThat(TaskNames.containerName("web-1")).isEqualTo("web-1");
        assertThat(TaskNames.containerName("Web.1")).matches("web-1-[0-9a-f]{20}")
                .isNotEqualTo(TaskNames.containerName("web_1"));
        assertThat(TaskNames.containerName("--" + "x".repeat(100))).hasSizeLessThanOrEqualTo(63)
                .matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
        assertThat(TaskNames.containerName("ä/ö")).matches("t-[0-9a-f]{20}");
    }

    @Test
    void labelValuesAreLabelSafeWhateverTheIds() {
        String framework = TaskNames.frameworkLabelValue("___weird framework id / " + "x".repeat(300));
        String task = TaskNames.taskLabelValue("fw", "-task-");

        assertThat(framework).matches(LABEL_VALUE).hasSizeLessThanOrEqualTo(63).startsWith("fw-");
        assertThat(task).matches(LABEL_VALUE).isEqualTo(TaskNames.objectName("fw", "-task-"));
    }

    @Test
    void aValidMesosLabelKeyIsKeptUnderThePrefix() {
        assertThat(TaskNames.labelAnnotationKey("HAPROXY_GROUP"))
                .isEqualTo("label.mesos.mesosbridge.io/HAPROXY_GROUP");
    }

    @Test
    void anInvalidOrLongMesosLabelKeyBecomesADistinctValidName() {
        String spaced = nameOf(TaskNames.labelAnnotationKey("my key/with:colons"));
        String otherSpaced = nameOf(TaskNames.labelAnnotationKey("my key/with?colons"));
        String long1 = nameOf(TaskNames.labelAnnotationKey("k".repeat(70)));
        String long2 = nameOf(TaskNames.labelAnnotationKey("k".repeat(71)));

        assertThat(List.of(spaced, otherSpaced, long1, long2))
                .allSatisfy(name -> assertThat(name).matches(ANNOTATION_NAME).hasSizeLessThanOrEqualTo(63))
                .doesNotHaveDuplicates();
        assertThat(spaced).startsWith("xmy_key_with_colons-");
    }

    @Test
    void everyTaskObjectCarriesManagedByFrameworkAndTaskLabels() {
        Map<String, String> labels = TaskNames.labels("fw-id", "task-id");

        assertThat(labels).containsExactly(
                Map.entry("app.kubernetes.io/managed-by", "mesos-bridge"),
                Map.entry("mesos.mesosbridge.io/framework", TaskNames.frameworkLabelValue("fw-id")),
                Map.entry("mesos.mesosbridge.io/task", TaskNames.taskLabelValue("fw-id", "task-id")));
        assertThat(labels.values()).allSatisfy(value -> assertThat(value).matches(LABEL_VALUE));
    }

    private static String nameOf(String annotationKey) {
        assertThat(annotationKey).startsWith(KubernetesKeys.TASK_LABEL_ANNOTATION_PREFIX);
        return annotationKey.substring(KubernetesKeys.TASK_LABEL_ANNOTATION_PREFIX.length());
    }
}
