package io.mesosbridge.conventions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mesosbridge.mesos.json.MesosJson;
import io.mesosbridge.mesos.json.MesosJsonException;
import io.mesosbridge.mesos.resources.ResourceParseException;
import io.mesosbridge.mesos.resources.ReservationFormats;
import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.v1.Protos.Resource;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reserved resources as a Node annotation holds them ({@link KubernetesKeys#STATIC_RESERVATIONS_ANNOTATION},
 * {@link KubernetesKeys#RESERVED_RESOURCES_ANNOTATION}): a JSON array of Mesos {@code Resource}s in the refined
 * reservation format, as a Mesos master's endpoints print them.
 */
public final class ReservedResources {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReservedResources() {
    }

    public static String annotationValue(Resources resources) {
        return resources.toList().stream().map(MesosJson::print).collect(Collectors.joining(",", "[", "]"));
    }

    /**
     * The resources of an annotation value; every one must be reserved.
     *
     * @throws ResourceParseException for text that is not such an array
     */
    public static Resources parse(String value) {
        JsonNode array;
        try {
            array = JSON.readTree(value);
        } catch (JsonProcessingException e) {
            throw new ResourceParseException("not JSON: " + e.getOriginalMessage(), e);
        }
        if (array == null || !array.isArray()) {
            throw new ResourceParseException("expecting a JSON array of resources");
        }
        List<Resource> resources = new ArrayList<>();
        for (JsonNode element : array) {
            if (!element.isObject()) {
                throw new ResourceParseException("expecting a resource object, not " + element.getNodeType());
            }
            Resource resource;
            try {
                resource = ReservationFormats.upgrade(MesosJson.parse(element.toString(), Resource.newBuilder())
                        .build());
            } catch (MesosJsonException e) {
                throw new ResourceParseException(e.getMessage(), e);
            }
            if (Resources.reservationRole(resource) == null) {
                throw new ResourceParseException("resource " + resource.getName() + " is not reserved");
            }
            resources.add(resource);
        }
        try {
            return Resources.of(resources);
        } catch (IllegalArgumentException e) {
            throw new ResourceParseException(e.getMessage(), e);
        }
    }

    /** The PersistentVolumeClaim, in the role's namespace, of the persistent volume {@code persistenceId}. */
    public static String persistentVolumeClaimName(String persistenceId) {
        String raw = "mesos-pv-" + persistenceId;
        return LabelNames.dnsLabel(raw.toLowerCase(Locale.ROOT), raw, "pv");
    }

    /**
     * The PersistentVolume of the persistent volume {@code persistenceId} of the bridge whose namespace is
     * {@code namespace}: PersistentVolumes are cluster-wide, so the name says whose it is.
     */
    public static String persistentVolumeName(String namespace, String persistenceId) {
        String raw = "mesos-pv-" + namespace + "-" + persistenceId;
        return LabelNames.dnsLabel(raw.toLowerCase(Locale.ROOT), raw, "pv");
    }

    /** The resources under {@code key} of a Node's annotations; empty without it. */
    public static Resources of(Map<String, String> annotations, String key) {
        String value = annotations == null ? null : annotations.get(key);
        return value == null ? Resources.empty() : parse(value);
    }
}
