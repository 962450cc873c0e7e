package io.mesosbridge.crds;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mesosbridge.testcluster.ProcessResult;
import io.mesosbridge.testcluster.RealCluster;
import io.mesosbridge.testcluster.WithRealCluster;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Our CRDs register with a real API server, become Established, and kubectl finds their objects. */
@WithRealCluster
class CrdRegistrationIT {

    @Test
    void theCrdsBecomeEstablishedAndKubectlListsTasksByShortNameAndCategory(RealCluster cluster) throws Exception {
        KubernetesClient client = cluster.client();
        CrdManifests.apply(client, 1, TimeUnit.MINUTES);

        for (var crd : CrdManifests.all()) {
            assertThat(CrdManifests.isEstablished(client.apiextensions().v1().customResourceDefinitions()
                    .withName(crd.getMetadata().getName()).get())).isTrue();
        }

        String namespace = "crd-registration-it";
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
                .createOr(existing -> existing.update());
        MesosTask task = new MesosTask();
        task.setMetadata(new ObjectMetaBuilder().withName("task-1").withNamespace(namespace).build());
        MesosTaskSpec spec = new MesosTaskSpec();
        spec.setFrameworkId("fw-1");
        spec.setTaskId("1");
        spec.setNodeName("kwok-node-0");
        spec.setTaskInfo(new ObjectMapper().readTree("{\"name\":\"task 1\",\"task_id\":{\"value\":\"1\"},\"x_unknown\":7}"));
        task.setSpec(spec);
        client.resources(MesosTask.class).inNamespace(namespace).resource(task).create();

        MesosTask stored = client.resources(MesosTask.class).inNamespace(namespace).withName("task-1").get();
        assertThat(stored.getSpec().getTaskInfo().get("x_unknown").asInt())
                .as("fields we do not model survive the round trip").isEqualTo(7);

        ProcessResult byShortName = cluster.kubectl("get", "mtask", "-n", namespace);
        assertThat(byShortName.exitCode()).as(byShortName.output()).isZero();
        assertThat(byShortName.output()).contains("task-1").contains("fw-1").contains("kwok-node-0");
        ProcessResult byCategory = cluster.kubectl("get", "mesos", "-n", namespace, "-o", "name");
        assertThat(byCategory.output()).contains("mesostask.mesos.mesosbridge.io/task-1");

        client.namespaces().withName(namespace).delete();
    }
}
