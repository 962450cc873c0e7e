package io.mesosbridge.operator.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mesosbridge.mesos.media.MediaTypes;
import io.mesosbridge.mesos.tasks.TaskStates;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.scheduler.Protos.Call;
import io.mesosbridge.mesos.v1.scheduler.Protos.Event;
import io.mesosbridge.operator.it.BridgeProcess;
import io.mesosbridge.operator.it.TestScheduler;
import io.mesosbridge.testcluster.RealCluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bridge at scale, in one run: kwok nodes that only this bridge sees, frameworks (v1 HTTP) that launch tasks
 * on them, and one report: idle CPU with the nodes and no framework, offer latency (SUBSCRIBED to the first OFFERS;
 * a task's end to the next offer of its agent), launch rate, allocation cycle time, the latency of
 * {@code /master/state} and {@code /metrics/snapshot}, heap per tracked task and CPU seconds per 1,000 tasks.
 *
 * <pre>bin/bench-scale [nodes] [frameworks] [tasks]</pre>
 */
public final class ScaleBench {

    private static final String NODE_LABEL = "perf-scale-bench";
    private static final double TASK_CPUS = 0.1;
    private static final double TASK_MEM = 32;
    private static final int ENDPOINT_REQUESTS = 50;
    private static final int TASK_END_SAMPLES = 20;
    private static final Duration IDLE_WINDOW = Duration.ofSeconds(30);
    private static final long CLOCK_TICKS_PER_SECOND = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RealCluster cluster;
    private final KubernetesClient client;
    private final int nodes;
    private final int frameworks;
    private final int tasks;
    private final List<String> report = new ArrayList<>();

    private ScaleBench(RealCluster cluster, int nodes, int frameworks, int tasks) {
        this.cluster = cluster;
        this.client = cluster.client();
        this.nodes = nodes;
        this.frameworks = frameworks;
        this.tasks = tasks;
    }

    public static void main(String[] args) throws Exception {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int frameworks = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int tasks = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        // room for 10,000 tasks at twice the heap per task last measured (about 100 KiB): the limit is not measured
        System.setProperty(BridgeProcess.MAX_HEAP_PROPERTY, "2g");
        ScaleBench bench = new ScaleBench(RealCluster.get(), nodes, frameworks, tasks);
        int status = 1;
        try {
            bench.run();
            status = 0;
        } catch (Exception e) {
            e.printStackTrace();
        } finally {
            bench.report.forEach(System.out::println);
            try {
                bench.deleteNodes();
            } catch (Exception e) {
                System.err.println("deleting the bench's nodes failed (delete nodes labelled " + NODE_LABEL
                        + "=true): " + e);
            }
        }
        System.exit(status);
    }

    private void run() throws Exception {
        deleteNodes();
        long nodesStart = System.nanoTime();
        createNodes();
        line("== bench-scale: %d kwok nodes, %d frameworks, %d tasks (%.1f cpus, %.0f MB each), one run ==",
                nodes, frameworks, tasks, TASK_CPUS, TASK_MEM);
        line("nodes created and Ready                : %8.1f s", seconds(nodesStart));
        String namespace = "perf-scale-bench-" + System.currentTimeMillis();
        BridgeProcess bridge = BridgeProcess.start(cluster, namespace,
                Map.of("mesos-bridge.agent-node-selector", NODE_LABEL + "=true"));
        try {
            measure(bridge);
        } finally {
            bridge.stop();
            client.namespaces().withName(namespace).delete();
        }
    }

    private void measure(BridgeProcess bridge) throws Exception {
        Endpoints endpoints = new Endpoints(bridge.url());
        endpoints.awaitAgents(nodes, Duration.ofMinutes(3));
        Thread.sleep(5_000);
        double idleCpu = cpuSeconds(bridge.pid());
        Thread.sleep(IDLE_WINDOW.toMillis());
        idleCpu = cpuSeconds(bridge.pid()) - idleCpu;
        line("idle CPU, %d nodes, no framework        : %8.3f s over %d s (%.1f%% of a core)", nodes, idleCpu,
                IDLE_WINDOW.toSeconds(), 100 * idleCpu / IDLE_WINDOW.toSeconds());

        List<TestScheduler> schedulers = new ArrayList<>();
        try {
            // the first framework alone, as a cluster's first scheduler: it gets every agent
            TestScheduler first = subscribe(bridge, 0);
            schedulers.add(first);
            line("SUBSCRIBED to first OFFERS, alone      : %8.0f ms", subscribedToFirstOffersMillis(first));
            declineAll(first);
            List<Future<TestScheduler>> others = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, frameworks - 1));
            for (int i = 1; i < frameworks; i++) {
                int index = i;
                others.add(pool.submit(() -> subscribe(bridge, index)));
            }
            for (Future<TestScheduler> other : others) {
                schedulers.add(other.get());
            }
            pool.shutdownNow();

            long heapBefore = usedHeapBytes(bridge.pid());
            double cpuBefore = cpuSeconds(bridge.pid());
            long launchStart = System.nanoTime();
            List<Launcher> launchers = launchAll(schedulers);
            double launchSeconds = seconds(launchStart);
            double launchCpu = cpuSeconds(bridge.pid()) - cpuBefore;
            line("launch, first ACCEPT to all RUNNING    : %8.1f tasks/s (%d tasks in %.1f s, %d relaunched)",
                    tasks / launchSeconds, tasks, launchSeconds,
                    launchers.stream().mapToInt(l -> l.relaunched).sum());
            line("bridge CPU per 1,000 tasks launched    : %8.2f s (%.1f s in all)", launchCpu * 1000 / tasks,
                    launchCpu);
            long heapAfter = usedHeapBytes(bridge.pid());
            line("heap per tracked task (after GC.run)   : %8.0f bytes (used heap %.1f MB -> %.1f MB)",
                    (heapAfter - heapBefore) / (double) tasks, heapBefore / 1e6, heapAfter / 1e6);
            for (String heaviest : heaviestClasses(bridge.pid(), 8)) {
                line("  %s", heaviest);
            }

            // the others were subscribed together while the first held offers: read once all have launched
            List<Double> subscribedToOffers = new ArrayList<>();
            for (TestScheduler other : schedulers.subList(1, schedulers.size())) {
                subscribedToOffers.add(subscribedToFirstOffersMillis(other));
            }
            if (!subscribedToOffers.isEmpty()) {
                line("SUBSCRIBED to first OFFERS, %d more     : %s", subscribedToOffers.size(),
                        summary(subscribedToOffers));
            }
            reportEndpoints(endpoints);
            reportAllocation(endpoints);
            reportTaskEndToOffer(launchers);
        } finally {
            for (TestScheduler scheduler : schedulers) {
                // no TEARDOWN: killing every task would take long; the namespace goes with the bridge
                scheduler.disconnect();
            }
        }
    }

    // ---------------------------------------------------------------- nodes

    private void createNodes() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> created = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                String name = String.format(Locale.ROOT, "perf-scale-node-%04d", i);
                created.add(pool.submit(() -> {
                    cluster.createKwokNode(name, Map.of("cpu", "32", "memory", "64Gi", "pods", "110"),
                            Map.of(NODE_LABEL, "true"));
                    cluster.awaitNodeReady(name, Duration.ofMinutes(3));
                }));
            }
            for (Future<?> node : created) {
                node.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void deleteNodes() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> deleted = new ArrayList<>();
            for (var node : client.nodes().withLabel(NODE_LABEL, "true").list().getItems()) {
                deleted.add(pool.submit(() -> client.nodes().withName(node.getMetadata().getName()).delete()));
            }
            for (Future<?> node : deleted) {
                node.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- launch

    /** One framework's share of the tasks: launched on its offers, a few per offer so they spread over the nodes. */
    private final class Launcher {
        private final TestScheduler scheduler;
        private final String prefix;
        private final int quota;
        private final int perOffer;
        private final Set<String> usedOffers = new HashSet<>();
        private final Set<String> running = new HashSet<>();
        private final Map<String, String> agentOfTask = new HashMap<>();
        private int launched;
        private int next;
        private int relaunched;
        private int seen;

        Launcher(TestScheduler scheduler, String prefix, int quota) {
            this.scheduler = scheduler;
            this.prefix = prefix;
            this.quota = quota;
            this.perOffer = Math.max(1, (int) Math.ceil(tasks / (double) nodes));
        }

        Launcher call() throws Exception {
            long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
            while (running.size() < quota) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(prefix + ": " + running.size() + " of " + quota + " running");
                }
                List<Event> events = scheduler.events();
                for (int i = seen; i < events.size(); i++) {
                    handle(events.get(i));
                }
                seen = events.size();
                Thread.sleep(20);
            }
            return this;
        }

        private void handle(Event event) throws Exception {
            if (event.getType() == Event.Type.OFFERS) {
                for (Protos.Offer offer : event.getOffers().getOffersList()) {
                    if (usedOffers.add(offer.getId().getValue()) && !launchOn(offer)) {
                        decline(scheduler, offer);
                    }
                }
            } else if (event.getType() == Event.Type.UPDATE) {
                Protos.TaskStatus status = event.getUpdate().getStatus();
                if (status.hasUuid()) {
                    scheduler.acknowledge(status);
                }
                String taskId = status.getTaskId().getValue();
                if (status.getState() == TaskState.TASK_RUNNING) {
                    running.add(taskId);
                } else if (TaskStates.isTerminal(status.getState()) && !running.contains(taskId)
                        && agentOfTask.remove(taskId) != null) {
                    // an offer rescinded before its ACCEPT arrived: the task is dropped, launched again
                    launched--;
                    relaunched++;
                }
            }
        }

        /** Launches what fits of this framework's remaining tasks; false when nothing is launched. */
        private boolean launchOn(Protos.Offer offer) throws IOException, InterruptedException {
            double cpus = scalar(offer, "cpus");
            double mem = scalar(offer, "mem");
            int fits = Math.min(Math.min(quota - launched, perOffer),
                    (int) Math.floor(Math.min(cpus / TASK_CPUS, mem / TASK_MEM) + 1e-9));
            if (fits <= 0) {
                return false;
            }
            List<Protos.TaskInfo> batch = new ArrayList<>();
            for (int i = 0; i < fits; i++) {
                String taskId = prefix + "-" + next++;
                agentOfTask.put(taskId, offer.getAgentId().getValue());
                batch.add(TestScheduler.commandTask(taskId, offer, "sleep 36000", TASK_CPUS, TASK_MEM).build());
            }
            scheduler.launch(offer, batch.toArray(Protos.TaskInfo[]::new));
            launched += fits;
            return true;
        }
    }

    private List<Launcher> launchAll(List<TestScheduler> schedulers) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(schedulers.size());
        try {
            List<Future<Launcher>> running = new ArrayList<>();
            for (int i = 0; i < schedulers.size(); i++) {
                int quota = tasks / schedulers.size() + (i < tasks % schedulers.size() ? 1 : 0);
                Launcher launcher = new Launcher(schedulers.get(i), "f" + i, quota);
                running.add(pool.submit(launcher::call));
            }
            List<Launcher> done = new ArrayList<>();
            for (Future<Launcher> launcher : running) {
                done.add(launcher.get());
            }
            return done;
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- offer latency

    private static TestScheduler subscribe(BridgeProcess bridge, int index) throws Exception {
        TestScheduler scheduler = new TestScheduler(bridge.url(), MediaTypes.PROTOBUF);
        scheduler.subscribe(TestScheduler.frameworkInfo("scale-" + index).build());
        return scheduler;
    }

    /** Declines every offer the framework holds, for a second, so the other frameworks are offered the agents. */
    private static void declineAll(TestScheduler scheduler) throws Exception {
        for (Event event : scheduler.events()) {
            if (event.getType() == Event.Type.OFFERS) {
                for (Protos.Offer offer : event.getOffers().getOffersList()) {
                    decline(scheduler, offer);
                }
            }
        }
    }

    private static void decline(TestScheduler scheduler, Protos.Offer offer) throws Exception {
        scheduler.call(Call.newBuilder().setType(Call.Type.DECLINE).setDecline(Call.Decline.newBuilder()
                .addOfferIds(offer.getId()).setFilters(Protos.Filters.newBuilder().setRefuseSeconds(1))));
    }

    private static double subscribedToFirstOffersMillis(TestScheduler scheduler) {
        scheduler.awaitOffer(offer -> true, Duration.ofMinutes(2));
        List<Event> events = scheduler.events();
        List<Long> arrivals = scheduler.arrivalNanos();
        long subscribed = -1;
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).getType() == Event.Type.SUBSCRIBED) {
                subscribed = arrivals.get(i);
            } else if (events.get(i).getType() == Event.Type.OFFERS && subscribed >= 0) {
                return (arrivals.get(i) - subscribed) / 1e6;
            }
        }
        throw new IllegalStateException("no OFFERS after SUBSCRIBED");
    }

    /**
     * Kills running tasks one at a time and measures from the framework's TASK_KILLED (its Pod has ended) to the
     * first offer, to any framework, of that task's agent that arrives after it.
     */
    private void reportTaskEndToOffer(List<Launcher> launchers) throws Exception {
        List<Double> latencies = new ArrayList<>();
        int missed = 0;
        for (int i = 0; i < TASK_END_SAMPLES; i++) {
            Launcher launcher = launchers.get(i % launchers.size());
            String taskId = launcher.running.stream().sorted().skip(i / launchers.size()).findFirst().orElseThrow();
            String agentId = launcher.agentOfTask.get(taskId);
            int[] marks = launchers.stream().mapToInt(l -> l.scheduler.events().size()).toArray();
            launcher.scheduler.kill(taskId);
            launcher.scheduler.awaitState(taskId, TaskState.TASK_KILLED, Duration.ofMinutes(1));
            long ended = arrivalOfUpdate(launcher.scheduler, taskId, TaskState.TASK_KILLED);
            long offered = awaitOfferOf(launchers, marks, agentId, ended, Duration.ofSeconds(10));
            if (offered < 0) {
                missed++;
            } else {
                latencies.add((offered - ended) / 1e6);
            }
        }
        line("task end (TASK_KILLED) to next offer   : %s of %d samples%s", summary(latencies), TASK_END_SAMPLES,
                missed == 0 ? "" : ", " + missed + " with no offer within 10 s");
    }

    private static long arrivalOfUpdate(TestScheduler scheduler, String taskId, TaskState state) {
        List<Event> events = scheduler.events();
        List<Long> arrivals = scheduler.arrivalNanos();
        for (int i = 0; i < events.size(); i++) {
            Event event = events.get(i);
            if (event.getType() == Event.Type.UPDATE && event.getUpdate().getStatus().getState() == state
                    && event.getUpdate().getStatus().getTaskId().getValue().equals(taskId)) {
                return arrivals.get(i);
            }
        }
        throw new IllegalStateException("no " + state + " of " + taskId);
    }

    /** When the first OFFERS event naming {@code agentId} arrived after {@code after} at any framework; -1: none. */
    private static long awaitOfferOf(List<Launcher> launchers, int[] marks, String agentId, long after,
                                     Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            long first = -1;
            for (int l = 0; l < launchers.size(); l++) {
                TestScheduler scheduler = launchers.get(l).scheduler;
                List<Event> events = scheduler.events();
                List<Long> arrivals = scheduler.arrivalNanos();
                for (int i = marks[l]; i < Math.min(events.size(), arrivals.size()); i++) {
                    boolean names = events.get(i).getType() == Event.Type.OFFERS && events.get(i).getOffers()
                            .getOffersList().stream().anyMatch(o -> o.getAgentId().getValue().equals(agentId));
                    if (names && arrivals.get(i) >= after && (first < 0 || arrivals.get(i) < first)) {
                        first = arrivals.get(i);
                    }
                }
            }
            if (first >= 0) {
                return first;
            }
            Thread.sleep(5);
        }
        return -1;
    }

    // ---------------------------------------------------------------- read paths and allocation

    private void reportEndpoints(Endpoints endpoints) throws Exception {
        for (String path : List.of("/master/state", "/metrics/snapshot")) {
            List<Double> millis = new ArrayList<>();
            int bytes = 0;
            for (int i = 0; i < ENDPOINT_REQUESTS; i++) {
                long start = System.nanoTime();
                bytes = endpoints.get(path).length();
                millis.add((System.nanoTime() - start) / 1e6);
            }
            line("%-39s: %s over %d requests (%d KB)", "GET " + path, summary(millis), ENDPOINT_REQUESTS,
                    bytes / 1024);
        }
    }

    private void reportAllocation(Endpoints endpoints) throws Exception {
        JsonNode metrics = JSON.readTree(endpoints.get("/metrics/snapshot"));
        String timer = "allocator/mesos/allocation_run_ms";
        line("allocation cycle (%s) : p50 %.1f ms, p99 %.1f ms, max %.1f ms over %d cycles", timer,
                metrics.path(timer + "/p50").asDouble(), metrics.path(timer + "/p99").asDouble(),
                metrics.path(timer + "/max").asDouble(), metrics.path("allocator/mesos/allocation_runs").asLong());
    }

    /** The bridge's HTTP endpoints, read as a monitoring script reads them. */
    private static final class Endpoints {
        private final URI base;
        private final HttpClient http = HttpClient.newHttpClient();

        Endpoints(URI base) {
            this.base = base;
        }

        String get(String path) throws IOException, InterruptedException {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + ": " + response.statusCode());
            }
            return response.body();
        }

        void awaitAgents(int count, Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (JSON.readTree(get("/metrics/snapshot")).path("master/slaves_connected").asInt() < count) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the bridge does not see " + count + " agents");
                }
                Thread.sleep(500);
            }
        }
    }

    // ---------------------------------------------------------------- the bridge's process

    /** User and system CPU time of a process, from {@code /proc/<pid>/stat}. */
    static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        // the fields after the command name, which is in parentheses and may hold spaces
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks / (double) CLOCK_TICKS_PER_SECOND;
    }

    /** The used heap after a full collection ({@code jcmd GC.run}, then {@code GC.heap_info}). */
    static long usedHeapBytes(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        Matcher used = Pattern.compile("used (\\d+)K").matcher(jcmd(pid, "GC.heap_info"));
        if (!used.find()) {
            throw new IllegalStateException("no used heap in jcmd GC.heap_info");
        }
        return Long.parseLong(used.group(1)) * 1024;
    }

    /** The classes whose live instances take the most heap ({@code jcmd GC.class_histogram}), heaviest first. */
    private List<String> heaviestClasses(long pid, int count) throws IOException, InterruptedException {
        Pattern row = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");
        List<String> heaviest = new ArrayList<>();
        for (String histogramLine : jcmd(pid, "GC.class_histogram").split("\n")) {
            Matcher matched = row.matcher(histogramLine);
            if (matched.find() && heaviest.size() < count) {
                heaviest.add(String.format(Locale.ROOT, "%8.0f bytes per task (all live %s instances of %s)",
                        Long.parseLong(matched.group(2)) / (double) tasks, matched.group(1), matched.group(3)));
            }
        }
        return heaviest;
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException("jcmd " + command + ": " + output);
        }
        return output;
    }

    // ---------------------------------------------------------------- the report

    private void line(String format, Object... args) {
        String text = String.format(Locale.ROOT, format, args);
        report.add(text);
        System.err.println(text);
    }

    private static String summary(List<Double> millis) {
        if (millis.isEmpty()) {
            return "none";
        }
        double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return String.format(Locale.ROOT, "p50 %.1f ms, p99 %.1f ms, max %.1f ms", percentile(sorted, 0.5),
                percentile(sorted, 0.99), sorted[sorted.length - 1]);
    }

    /** Nearest rank. */
    static double percentile(double[] sorted, double fraction) {
        int rank = (int) Math.ceil(fraction * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double scalar(Protos.Offer offer, String name) {
        return offer.getResourcesList().stream().filter(r -> r.getName().equals(name))
                .mapToDouble(r -> r.getScalar().getValue()).sum();
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
