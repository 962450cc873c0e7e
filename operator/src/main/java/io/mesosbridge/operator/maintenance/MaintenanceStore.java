package io.mesosbridge.operator.maintenance;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mesosbridge.mesos.json.MesosJson;
import io.mesosbridge.mesos.json.MesosJsonException;
import io.mesosbridge.mesos.v1.maintenance.Protos.ClusterStatus;
import io.mesosbridge.mesos.v1.maintenance.Protos.Schedule;
import io.mesosbridge.operator.config.BridgeConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;

/**
 * The maintenance state in one ConfigMap of the bridge's namespace, as a Mesos master keeps it in its registry: the
 * schedule (Mesos JSON) and the machines that are DOWN (a ClusterStatus with only {@code down_machines}). The leading
 * master is its only writer.
 */
@ApplicationScoped
public class MaintenanceStore {

    public static final String CONFIG_MAP = "mesos-bridge-maintenance";
    static final String SCHEDULE_KEY = "schedule.json";
    static final String DOWN_KEY = "down-machines.json";

    private final KubernetesClient client;
    private final String namespace;

    public MaintenanceStore(KubernetesClient client, BridgeConfig config) {
        this.client = client;
        this.namespace = config.namespace();
    }

    public MaintenanceState load() {
        ConfigMap map = client.configMaps().inNamespace(namespace).withName(CONFIG_MAP).get();
        if (map == null || map.getData() == null) {
            return MaintenanceState.EMPTY;
        }
        return decode(map.getData());
    }

    public void save(MaintenanceState state) {
        client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder()
                .withNewMetadata().withName(CONFIG_MAP).withNamespace(namespace)
                .addToLabels("app.kubernetes.io/managed-by", "mesos-bridge").endMetadata()
                .withData(encode(state)).build()).createOr(existing -> existing.update());
    }

    static Map<String, String> encode(MaintenanceState state) {
        return Map.of(SCHEDULE_KEY, MesosJson.print(state.schedule()),
                DOWN_KEY, MesosJson.print(ClusterStatus.newBuilder().addAllDownMachines(state.down())));
    }

    static MaintenanceState decode(Map<String, String> data) {
        try {
            Schedule schedule = MesosJson.parse(data.getOrDefault(SCHEDULE_KEY, "{}"), Schedule.newBuilder()).build();
            ClusterStatus down = MesosJson.parse(data.getOrDefault(DOWN_KEY, "{}"), ClusterStatus.newBuilder())
                    .build();
            return new MaintenanceState(schedule, down.getDownMachinesList());
        } catch (MesosJsonException e) {
            throw new IllegalStateException("ConfigMap " + CONFIG_MAP + " does not hold a maintenance schedule: "
                    + e.getMessage(), e);
        }
    }
}
