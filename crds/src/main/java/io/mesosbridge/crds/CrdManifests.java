package io.mesosbridge.crds;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The CRD manifests generated from this module's classes at build time, as they ship in the jar. */
public final class CrdManifests {

    private static final List<String> RESOURCES = List.of(
            "META-INF/fabric8/mesosframeworks." + MesosResources.GROUP + "-v1.yml",
            "META-INF/fabric8/mesostasks." + MesosResources.GROUP + "-v1.yml");

    private CrdManifests() {
    }

    public static List<CustomResourceDefinition> all() {
        return RESOURCES.stream().map(CrdManifests::load).toList();
    }

    /**
     * Creates or updates every CRD and waits until the API server reports each one Established. The CRDs are ours:
     * fields another manager set (say {@code kubectl apply} of the Helm chart's copies) are taken over, not refused.
     */
    public static void apply(KubernetesClient client, long timeout, TimeUnit unit) {
        for (CustomResourceDefinition crd : all()) {
            client.apiextensions().v1().customResourceDefinitions().resource(crd).forceConflicts().serverSideApply();
        }
        for (CustomResourceDefinition crd : all()) {
            client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
                    .waitUntilCondition(CrdManifests::isEstablished, timeout, unit);
        }
    }

    public static boolean isEstablished(CustomResourceDefinition crd) {
        return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream()
                        .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static CustomResourceDefinition load(String resource) {
        try (InputStream in = CrdManifests.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing generated CRD " + resource);
            }
            return Serialization.unmarshal(in, CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
