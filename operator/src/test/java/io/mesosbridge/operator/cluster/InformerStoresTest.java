package io.mesosbridge.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerImageBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import org.junit.jupiter.api.Test;

class InformerStoresTest {

    @Test
    void aPodIsKeptWhole_lessItsManagedFields() {
        ItemStore<Pod> store = InformerStores.pods();
        Pod pod = new PodBuilder().withNewMetadata().withNamespace("ns").withName("p").withResourceVersion("7")
                .withManagedFields(new ManagedFieldsEntryBuilder().withManager("kubelet").build()).endMetadata()
                .withNewSpec().withNodeName("node-1").endSpec().build();

        store.put(store.getKey(pod), pod);

        Pod kept = store.get("ns/p");
        assertThat(kept.getMetadata().getManagedFields()).isNullOrEmpty();
        assertThat(kept.getSpec().getNodeName()).isEqualTo("node-1");
        assertThat(kept.getMetadata().getResourceVersion()).isEqualTo("7");
    }

    @Test
    void aNodeIsKeptLessItsManagedFieldsAndItsImages() {
        ItemStore<Node> store = InformerStores.nodes();
        Node node = new NodeBuilder().withNewMetadata().withName("node-1")
                .withManagedFields(new ManagedFieldsEntryBuilder().withManager("kubelet").build()).endMetadata()
                .withNewStatus().withImages(new ContainerImageBuilder().withNames("busybox").build())
                .addToAllocatable("cpu", new Quantity("4")).endStatus().build();

        store.put(store.getKey(node), node);

        Node kept = store.get("node-1");
        assertThat(kept.getMetadata().getManagedFields()).isNullOrEmpty();
        assertThat(kept.getStatus().getImages()).isNullOrEmpty();
        assertThat(kept.getStatus().getAllocatable()).containsKey("cpu");
    }
}
