package io.mesosbridge.migrate.kube;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.util.List;
import java.util.Locale;

/** Renders Kubernetes objects as YAML, in the order given, as kubectl reads them. */
public final class Manifests {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Manifests() {
    }

    /** One object as YAML: fabric8's serialization makes the tree, {@link YamlWriter} writes it. */
    public static String toYaml(HasMetadata resource) {
        StringBuilder out = new StringBuilder(2048);
        new YamlWriter(out).document(tree(resource));
        return out.toString();
    }

    /** A multi-document YAML stream, each document introduced by {@code ---}. */
    public static String toYamlStream(List<? extends HasMetadata> resources) {
        StringBuilder out = new StringBuilder(resources.size() * 2048);
        YamlWriter writer = new YamlWriter(out);
        for (HasMetadata resource : resources) {
            out.append("---\n");
            writer.document(tree(resource));
        }
        return out.toString();
    }

    static JsonNode tree(HasMetadata resource) {
        return SERIALIZATION.convertValue(resource, JsonNode.class);
    }

    public static KubernetesSerialization serialization() {
        return SERIALIZATION;
    }

    /** A file name for one object: {@code web-app-deployment.yaml}. */
    public static String fileName(HasMetadata resource) {
        return resource.getMetadata().getName() + "-" + resource.getKind().toLowerCase(Locale.ROOT) + ".yaml";
    }
}
