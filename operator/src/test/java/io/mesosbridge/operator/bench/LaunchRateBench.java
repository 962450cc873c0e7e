package io.mesosbridge.operator.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mesosbridge.mesos.media.MediaTypes;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.scheduler.Protos.Call;
import io.mesosbridge.mesos.v1.scheduler.Protos.Event;
import io.mesosbridge.operator.it.BridgeProcess;
import io.mesosbridge.operator.it.TestScheduler;
import io.mesosbridge.testcluster.RealCluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Launch rate of the bridge against the rate of creating the same Pods directly, on the same API server and the
 * same kwok nodes, in one run (the machines are shared and noisy: compare the ratio, not the absolute rates).
 *
 * <pre>bin/bench-launch [tasks] [nodes]</pre>
 */
public final class LaunchRateBench {

    private static final double TASK_CPUS = 0.1;
    private static final double TASK_MEM = 32;

    public static void main(String[] args) throws Exception {
        int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int nodes = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        RealCluster cluster = RealCluster.get();
        KubernetesClient client = cluster.client();
        List<String> nodeNames = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            String name = "bench-node-" + i;
            cluster.createKwokNode(name, Map.of("cpu", "64", "memory", "256Gi", "pods", "1000"),
                    Map.of("mesos-bridge-bench", "true"));
            nodeNames.add(name);
        }
        for (String name : nodeNames) {
            cluster.awaitNodeReady(name, Duration.ofMinutes(1));
        }

        double direct = directPodRate(client, nodeNames, tasks);
        double bridge = bridgeLaunchRate(cluster, tasks);

        System.out.printf("%n== launch rate, %d tasks on %d kwok nodes, one run ==%n", tasks, nodes);
        System.out.printf("direct Pod creation to Running : %8.1f pods/s%n", direct);
        System.out.printf("bridge ACCEPT to TASK_RUNNING  : %8.1f tasks/s%n", bridge);
        System.out.printf("ratio bridge / direct          : %8.2f%n", bridge / direct);

        for (String name : nodeNames) {
            client.nodes().withName(name).delete();
        }
        System.exit(0);
    }

    private static double directPodRate(KubernetesClient client, List<String> nodes, int count) throws Exception {
        String namespace = "bench-direct-" + System.currentTimeMillis();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
                .createOr(existing -> existing.update());
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            Pod pod = new PodBuilder()
                    .withNewMetadata().withName("direct-" + i).endMetadata()
                    .withNewSpec().withNodeName(nodes.get(i % nodes.size())).withRestartPolicy("Never")
                        .addNewContainer().withName("task").withImage("mesos-bridge/busybox:local")
                            .withCommand("/bin/sh", "-c", "sleep 3600")
                        .endContainer()
                    .endSpec().build();
            client.pods().inNamespace(namespace).resource(pod).create();
        }
        while (client.pods().inNamespace(namespace).list().getItems().stream()
                .filter(p -> "Running".equals(p.getStatus().getPhase())).count() < count) {
            Thread.sleep(50);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        client.namespaces().withName(namespace).delete();
        return count / seconds;
    }

    private static double bridgeLaunchRate(RealCluster cluster, int count) throws Exception {
        String namespace = "bench-bridge-" + System.currentTimeMillis();
        BridgeProcess bridge = BridgeProcess.start(cluster, namespace,
                Map.of("mesos-bridge.agent-node-selector", "mesos-bridge-bench=true"));
        try (TestScheduler scheduler = new TestScheduler(bridge.url(), MediaTypes.PROTOBUF)) {
            scheduler.subscribe(TestScheduler.frameworkInfo("bench").build());
            Set<String> usedOffers = new HashSet<>();
            int launched = 0;
            long start = 0;
            while (launched < count) {
                Protos.Offer offer = scheduler.awaitOffer(o -> !usedOffers.contains(o.getId().getValue()),
                        Duration.ofMinutes(2));
                usedOffers.add(offer.getId().getValue());
                if (start == 0) {
                    start = System.nanoTime();
                }
                double cpus = offer.getResourcesList().stream().filter(r -> r.getName().equals("cpus"))
                        .mapToDouble(r -> r.getScalar().getValue()).sum();
                int fits = Math.min(count - launched, (int) Math.floor(cpus / TASK_CPUS + 1e-9));
                List<Protos.TaskInfo> batch = new ArrayList<>();
                for (int i = 0; i < fits; i++) {
                    batch.add(TestScheduler.commandTask("t" + (launched + i), offer, "sleep 3600", TASK_CPUS, TASK_MEM)
                            .build());
                }
                scheduler.launch(offer, batch.toArray(Protos.TaskInfo[]::new));
                launched += fits;
            }
            Set<String> running = new HashSet<>();
            int seen = 0;
            while (running.size() < count) {
                List<Event> events = scheduler.events();
                for (int i = seen; i < events.size(); i++) {
                    Event event = events.get(i);
                    if (event.getType() == Event.Type.UPDATE) {
                        Protos.TaskStatus status = event.getUpdate().getStatus();
                        if (status.hasUuid()) {
                            scheduler.acknowledge(status);
                        }
                        if (status.getState() == TaskState.TASK_RUNNING) {
                            running.add(status.getTaskId().getValue());
                        }
                    }
                }
                seen = events.size();
                Thread.sleep(20);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            scheduler.call(Call.newBuilder().setType(Call.Type.TEARDOWN));
            return count / seconds;
        } finally {
            bridge.stop();
            cluster.client().namespaces().withName(namespace).delete();
        }
    }
}
