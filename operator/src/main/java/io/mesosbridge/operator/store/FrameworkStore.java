package io.mesosbridge.operator.store;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.mesosbridge.crds.MesosFramework;
import io.mesosbridge.operator.config.BridgeConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** The MesosFramework objects that let registered frameworks survive a restart of the master. */
@ApplicationScoped
public class FrameworkStore {

    private final KubernetesClient client;
    private final String namespace;

    public FrameworkStore(KubernetesClient client, BridgeConfig config) {
        this.client = client;
        this.namespace = config.namespace();
    }

    public List<MesosFramework> list() {
        return client.resources(MesosFramework.class).inNamespace(namespace).list().getItems();
    }

    /** Writes the framework's spec (server-side apply) and then its status. */
    public void save(MesosFramework framework) {
        framework.getMetadata().setNamespace(namespace);
        client.resources(MesosFramework.class).inNamespace(namespace).resource(framework)
                .forceConflicts().serverSideApply();
        client.resources(MesosFramework.class).inNamespace(namespace).resource(framework).patchStatus();
    }

    public void delete(String name) {
        client.resources(MesosFramework.class).inNamespace(namespace).withName(name).delete();
    }
}
