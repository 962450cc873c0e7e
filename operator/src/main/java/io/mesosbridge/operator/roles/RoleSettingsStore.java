package io.mesosbridge.operator.roles;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mesosbridge.conventions.KubernetesKeys;
import io.mesosbridge.mesos.json.MesosJson;
import io.mesosbridge.mesos.json.MesosJsonException;
import io.mesosbridge.mesos.v1.Protos.WeightInfo;
import io.mesosbridge.mesos.v1.master.Protos.Response;
import io.mesosbridge.mesos.v1.quota.Protos.QuotaConfig;
import io.mesosbridge.mesos.v1.quota.Protos.QuotaStatus;
import io.mesosbridge.operator.config.BridgeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The roles' weights and quotas, kept in the ConfigMap {@value #CONFIG_MAP} of the bridge's namespace so that they
 * survive a restart (Mesos keeps them in its registry). The leading master loads it when it starts allocating and is
 * its only writer; {@code mesos-bridge.weights} gives the weights of roles the ConfigMap does not name. Each change
 * (and the load) is projected onto ResourceQuotas ({@link ResourceQuotaProjection}).
 */
@ApplicationScoped
public class RoleSettingsStore {

    public static final String CONFIG_MAP = "mesos-bridge-roles";
    static final String WEIGHTS_KEY = "weights.json";
    static final String QUOTAS_KEY = "quotas.json";

    private static final Logger LOG = Logger.getLogger(RoleSettingsStore.class);

    private final KubernetesClient client;
    private final String namespace;
    private final Map<String, Double> flagWeights;
    private final ResourceQuotaProjection projection;
    private final List<Consumer<RoleSettings>> listeners = new CopyOnWriteArrayList<>();
    private volatile RoleSettings current;

    public RoleSettingsStore(KubernetesClient client, BridgeConfig config, ResourceQuotaProjection projection) {
        this.client = client;
        this.projection = projection;
        this.namespace = config.namespace();
        try {
            this.flagWeights = WeightsFlag.parse(config.weights().orElse(""));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Invalid mesos-bridge.weights: " + e.getMessage(), e);
        }
        this.current = new RoleSettings(flagWeights, Map.of());
    }

    public RoleSettings current() {
        return current;
    }

    /** Called with the new settings after each change (and after the load). */
    public void addListener(Consumer<RoleSettings> listener) {
        listeners.add(listener);
    }

    /** Reads the ConfigMap (an absent one holds nothing); what it cannot parse stops the start. */
    public synchronized void load() {
        ConfigMap stored = client.configMaps().inNamespace(namespace).withName(CONFIG_MAP).get();
        Map<String, String> data = stored == null || stored.getData() == null ? Map.of() : stored.getData();
        Map<String, Double> weights = new TreeMap<>(flagWeights);
        Map<String, Quota> quotas = new TreeMap<>();
        try {
            if (data.containsKey(WEIGHTS_KEY)) {
                for (WeightInfo info : MesosJson.parse(data.get(WEIGHTS_KEY), Response.GetWeights.newBuilder())
                        .getWeightInfosList()) {
                    weights.put(info.getRole(), info.getWeight());
                }
            }
            if (data.containsKey(QUOTAS_KEY)) {
                for (QuotaConfig config : MesosJson.parse(data.get(QUOTAS_KEY), QuotaStatus.newBuilder())
                        .getConfigsList()) {
                    quotas.put(config.getRole(), Quota.of(config));
                }
            }
        } catch (MesosJsonException e) {
            throw new IllegalStateException("ConfigMap " + namespace + "/" + CONFIG_MAP
                    + " does not hold weights and quotas as mesos-bridge writes them: " + e.getMessage(), e);
        }
        publish(new RoleSettings(weights, quotas));
        LOG.infof("roles: weights %s, quotas on %s", weights, quotas.keySet());
    }

    public synchronized void updateWeights(Map<String, Double> weights) {
        store(current.withWeights(weights));
    }

    public synchronized void updateQuotas(Map<String, Quota> quotas) {
        store(current.withQuotas(quotas));
    }

    private void store(RoleSettings updated) {
        Response.GetWeights.Builder weights = Response.GetWeights.newBuilder();
        new TreeMap<>(updated.weights()).forEach((role, weight) ->
                weights.addWeightInfos(WeightInfo.newBuilder().setRole(role).setWeight(weight)));
        QuotaStatus.Builder quotas = QuotaStatus.newBuilder();
        new TreeMap<>(updated.quotas()).forEach((role, quota) -> quotas.addConfigs(quota.toConfig(role)));
        ConfigMap configMap = new ConfigMapBuilder().withNewMetadata().withName(CONFIG_MAP).withNamespace(namespace)
                .addToLabels(KubernetesKeys.MANAGED_BY_LABEL, KubernetesKeys.MANAGED_BY_BRIDGE).endMetadata()
                .addToData(WEIGHTS_KEY, MesosJson.print(weights))
                .addToData(QUOTAS_KEY, MesosJson.print(quotas))
                .build();
        client.configMaps().inNamespace(namespace).resource(configMap).createOr(existing -> existing.update());
        publish(updated);
    }

    private void publish(RoleSettings settings) {
        current = settings;
        projection.project(settings);
        for (Consumer<RoleSettings> listener : listeners) {
            try {
                listener.accept(settings);
            } catch (RuntimeException e) {
                LOG.warn("a listener of the roles' weights and quotas failed", e);
            }
        }
    }
}
