package io.mesosbridge.operator.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.mesosbridge.mesos.media.MediaTypes;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.scheduler.Protos.Call;
import io.mesosbridge.mesos.v1.scheduler.Protos.Event;
import io.mesosbridge.operator.it.BridgeProcess;
import io.mesosbridge.operator.it.TestScheduler;
import io.mesosbridge.testcluster.RealCluster;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Launch rate of the bridge against the rate of creating the same Pods directly, one after another and with many
 * requests in flight (the API server's limit on this machine), on the same API server and the same kwok nodes, in
 * one run (the machines are shared and noisy: compare the ratios, not the absolute rates). Each run's requests per
 * Pod or task are read off the API server's own counters.
 *
 * <pre>bin/bench-launch [tasks] [nodes] [concurrent creates]</pre>
 */
public final class LaunchRateBench {

    private static final double TASK_CPUS = 0.1;
    private static final double TASK_MEM = 32;
    private static final String NODE_PREFIX = "perf-launch-bench-";
    private static final String NODE_LABEL = "mesos-bridge-bench";

    public static void main(String[] args) throws Exception {
        int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int nodes = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        RealCluster cluster = RealCluster.get();
        KubernetesClient client = cluster.client();
        String nodeLabel = NODE_PREFIX + ProcessHandle.current().pid();
        List<String> nodeNames = new ArrayList<>();
        try {
            for (int i = 0; i < nodes; i++) {
                String name = nodeLabel + "-" + i;
                cluster.createKwokNode(name, Map.of("cpu", "64", "memory", "256Gi", "pods", "5000"),
                        Map.of(NODE_LABEL, nodeLabel));
                nodeNames.add(name);
            }
            for (String name : nodeNames) {
                cluster.awaitNodeReady(name, Duration.ofMinutes(1));
            }

            Run sequential = directPodRate(client, nodeNames, tasks, 1);
            Run concurrent = directPodRate(client, nodeNames, tasks, threads);
            Run bridge = bridgeLaunchRate(cluster, tasks, nodeLabel);

            System.out.printf("%n== launch rate, %d tasks on %d kwok nodes, one run ==%n", tasks, nodes);
            System.out.printf("direct Pod creation to Running, sequential      : %8.1f pods/s%n", sequential.rate());
            System.out.printf("direct Pod creation to Running, %2d concurrent   : %8.1f pods/s%n", threads,
                    concurrent.rate());
            System.out.printf("bridge ACCEPT to TASK_RUNNING                   : %8.1f tasks/s%n", bridge.rate());
            System.out.printf("ratio bridge / direct sequential               : %8.2f%n",
                    bridge.rate() / sequential.rate());
            System.out.printf("ratio bridge / direct concurrent               : %8.2f%n",
                    bridge.rate() / concurrent.rate());
            System.out.println();
            ApiServerRequests.print("direct, sequential", sequential.requests(), tasks);
            ApiServerRequests.print("direct, concurrent", concurrent.requests(), tasks);
            ApiServerRequests.print("bridge", bridge.requests(), tasks);
            System.out.printf("bridge's launch writes per task (POST mesostasks, POST pods, PUT mesostasks/status): "
                    + "%.2f; Events: %.2f%n", (bridge.requests().getOrDefault("POST mesostasks", 0.0)
                            + bridge.requests().getOrDefault("POST pods", 0.0)
                            + bridge.requests().getOrDefault("PUT mesostasks/status", 0.0)) / tasks,
                    bridge.requests().getOrDefault("POST events", 0.0) / tasks);
        } finally {
            for (String name : nodeNames) {
                client.nodes().withName(name).delete();
            }
        }
        System.exit(0);
    }

    private record Run(double rate, Map<String, Double> requests) {
    }

    private static Run directPodRate(KubernetesClient client, List<String> nodes, int count, int threads)
            throws Exception {
        String namespace = "bench-direct-" + System.currentTimeMillis();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
                .createOr(existing -> existing.update());
        Set<String> running = ConcurrentHashMap.newKeySet();
        CountDownLatch allRunning = new CountDownLatch(1);
        SharedIndexInformer<Pod> watch = client.pods().inNamespace(namespace).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                onUpdate(null, pod);
            }

            @Override
            public void onUpdate(Pod before, Pod pod) {
                if (pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase())
                        && running.add(pod.getMetadata().getName()) && running.size() >= count) {
                    allRunning.countDown();
                }
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
            }
        });
        ApiServerRequests requests = ApiServerRequests.since(client);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        try {
            List<Future<?>> creates = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Pod pod = new PodBuilder()
                        .withNewMetadata().withName("direct-" + i).endMetadata()
                        .withNewSpec().withNodeName(nodes.get(i % nodes.size())).withRestartPolicy("Never")
                            .addNewContainer().withName("task").withImage("mesos-bridge/busybox:local")
                                .withCommand("/bin/sh", "-c", "sleep 3600")
                            .endContainer()
                        .endSpec().build();
                creates.add(pool.submit(() -> client.pods().inNamespace(namespace).resource(pod).create()));
            }
            for (Future<?> create : creates) {
                create.get();
            }
            if (!allRunning.await(5, TimeUnit.MINUTES)) {
                throw new IllegalStateException(running.size() + " of " + count + " Pods Running after 5 minutes");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Run(count / seconds, requests.served());
        } finally {
            pool.shutdownNow();
            watch.close();
            client.namespaces().withName(namespace).delete();
            // the next run is measured on a quiet API server, not one still deleting these Pods
            client.namespaces().withName(namespace).waitUntilCondition(Objects::isNull, 3, TimeUnit.MINUTES);
        }
    }

    private static Run bridgeLaunchRate(RealCluster cluster, int count, String nodeLabel) throws Exception {
        String namespace = "bench-bridge-" + System.currentTimeMillis();
        BridgeProcess bridge = BridgeProcess.start(cluster, namespace,
                Map.of("mesos-bridge.agent-node-selector", NODE_LABEL + "=" + nodeLabel));
        try (TestScheduler scheduler = new TestScheduler(bridge.url(), MediaTypes.PROTOBUF)) {
            scheduler.subscribe(TestScheduler.frameworkInfo("bench").build());
            Set<String> usedOffers = new HashSet<>();
            ApiServerRequests requests = null;
            int launched = 0;
            long start = 0;
            while (launched < count) {
                Protos.Offer offer = scheduler.awaitOffer(o -> !usedOffers.contains(o.getId().getValue()),
                        Duration.ofMinutes(2));
                usedOffers.add(offer.getId().getValue());
                if (start == 0) {
                    requests = ApiServerRequests.since(cluster.client());
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
            ExecutorService acknowledgements = Executors.newFixedThreadPool(8);
            int seen = 0;
            while (running.size() < count) {
                List<Event> events = scheduler.events();
                for (int i = seen; i < events.size(); i++) {
                    Event event = events.get(i);
                    if (event.getType() == Event.Type.UPDATE) {
                        Protos.TaskStatus status = event.getUpdate().getStatus();
                        if (status.hasUuid()) {
                            // as a framework's driver does, not one acknowledgement after another
                            acknowledgements.execute(() -> acknowledge(scheduler, status));
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
            acknowledgements.shutdown();
            acknowledgements.awaitTermination(1, TimeUnit.MINUTES);
            Map<String, Double> served = requests.served();
            scheduler.call(Call.newBuilder().setType(Call.Type.TEARDOWN));
            return new Run(count / seconds, served);
        } finally {
            bridge.stop();
            cluster.client().namespaces().withName(namespace).delete();
        }
    }

    private static void acknowledge(TestScheduler scheduler, Protos.TaskStatus status) {
        try {
            scheduler.acknowledge(status);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("acknowledging " + status.getTaskId().getValue(), e);
        }
    }
}
