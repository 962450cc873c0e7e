package io.mesosbridge.operator.it;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.mesosbridge.mesos.media.MediaTypes;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;
import io.mesosbridge.mesos.v1.scheduler.Protos.Call;
import io.mesosbridge.mesos.v1.scheduler.Protos.Event;
import io.mesosbridge.testcluster.RealCluster;
import io.mesosbridge.testcluster.WithRealCluster;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bridge killed (SIGKILL) at random points while it launches 1,000 tasks on kwok nodes, started again each
 * time: in the end every task runs, each in the one Pod it was created with once, and the framework was told each
 * task's updates in order (at least once: a restart may tell an acknowledged update again, never a new state
 * twice).
 */
@WithRealCluster
class LaunchCrashIT {

    private static final int TASKS = 1000;
    private static final int KILLS = 20;
    private static final int NODES = 4;
    private static final int BATCH = 40;
    private static final String NAMESPACE = "it-launch-crash";
    /** Each restart takes the bridge's start-up (about 10 s on the shared 2-core machine): the kills bound the run. */
    private static final Duration AFTER_LAST_KILL = Duration.ofMinutes(3);
    private static final Duration AT_MOST = Duration.ofMinutes(10);
    private static final List<TaskState> LIFECYCLE = List.of(TaskState.TASK_STAGING, TaskState.TASK_STARTING,
            TaskState.TASK_RUNNING);

    @Test
    void noTaskIsLostOrLaunchedTwiceAndEveryUpdateArrivesInOrderThroughTwentyCrashes(RealCluster cluster)
            throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        String nodeLabel = "perf-launch-crash-" + ProcessHandle.current().pid();
        List<String> nodes = new ArrayList<>();
        Map<String, Set<String>> podUids = new ConcurrentHashMap<>();
        SharedIndexInformer<Pod> pods = null;
        BridgeProcess bridge = null;
        Thread killer = null;
        try {
            for (int i = 0; i < NODES; i++) {
                String name = nodeLabel + "-" + i;
                cluster.createKwokNode(name, Map.of("cpu", "64", "memory", "256Gi", "pods", "2000"),
                        Map.of("perf-launch-crash", nodeLabel));
                nodes.add(name);
            }
            for (String name : nodes) {
                cluster.awaitNodeReady(name, Duration.ofMinutes(1));
            }
            bridge = BridgeProcess.start(cluster, NAMESPACE, Map.of(
                    "mesos-bridge.agent-node-selector", "perf-launch-crash=" + nodeLabel,
                    "mesos-bridge.update-retry-initial-millis", "1000",
                    // one process at a time, each started after the last was killed: no Lease to wait out
                    "mesos-bridge.leader-election", "false"));
            pods = cluster.client().pods().inNamespace(NAMESPACE).inform(new ResourceEventHandler<>() {
                @Override
                public void onAdd(Pod pod) {
                    podUids.computeIfAbsent(pod.getMetadata().getName(), name -> ConcurrentHashMap.newKeySet())
                            .add(pod.getMetadata().getUid());
                }

                @Override
                public void onUpdate(Pod before, Pod pod) {
                    onAdd(pod);
                }

                @Override
                public void onDelete(Pod pod, boolean finalStateUnknown) {
                }
            });

            Crashes crashes = new Crashes(bridge, random);
            killer = new Thread(crashes, "launch-crash-killer");
            killer.start();
            Framework framework = new Framework(bridge);
            framework.run(crashes);
            killer.join();
            assertThat(crashes.error).as("killing and starting the bridge").isNull();
            assertThat(crashes.kills.get()).isEqualTo(KILLS);

            assertThat(framework.lostAfterAccept).as("tasks unknown after their ACCEPT was answered").isEmpty();
            assertThat(framework.running).as("every task runs (seed %d)", seed).hasSize(TASKS);
            for (int i = 0; i < TASKS; i++) {
                String taskId = "t" + i;
                List<List<TaskStatus>> told = framework.updates.getOrDefault(taskId, List.of());
                Map<TaskState, Set<String>> uuidsByState = new HashMap<>();
                for (List<TaskStatus> connection : told) {
                    int rank = -1;
                    for (TaskStatus status : connection) {
                        int next = LIFECYCLE.indexOf(status.getState());
                        assertThat(next).as("task %s: only launch states, told %s", taskId, told).isNotNegative();
                        assertThat(next).as("task %s: in order on each connection, told %s", taskId, told)
                                .isGreaterThanOrEqualTo(rank);
                        rank = next;
                        if (status.hasUuid()) {
                            uuidsByState.computeIfAbsent(status.getState(), state -> new HashSet<>())
                                    .add(Base64.getEncoder().encodeToString(status.getUuid().toByteArray()));
                        }
                    }
                }
                assertThat(uuidsByState.get(TaskState.TASK_STARTING)).as("task %s told STARTING once", taskId)
                        .hasSize(1);
                assertThat(uuidsByState.get(TaskState.TASK_RUNNING)).as("task %s told RUNNING once", taskId)
                        .hasSize(1);
            }
            Set<String> seenPods = new HashSet<>();
            podUids.forEach((name, uids) -> {
                assertThat(uids).as("Pod %s created once", name).hasSize(1);
                seenPods.add(name);
            });
            assertThat(seenPods).as("one Pod per task").hasSize(TASKS);
            System.out.printf("LaunchCrashIT: %d tasks, %d kills (seed %d), %d relaunched after reconciliation%n",
                    TASKS, crashes.kills.get(), seed, framework.relaunched);
        } finally {
            // no bridge may be started again once the test is over
            if (killer != null) {
                killer.interrupt();
                killer.join();
            }
            if (pods != null) {
                pods.close();
            }
            if (bridge != null) {
                bridge.stopAndRemoveNamespace();
            }
            for (String name : nodes) {
                cluster.client().nodes().withName(name).delete();
            }
        }
    }

    /** Kills the bridge at random moments and starts it again; each restart is a new generation. */
    private static final class Crashes implements Runnable {
        private final BridgeProcess bridge;
        private final Random random;
        private final AtomicInteger kills = new AtomicInteger();
        private final AtomicInteger generation = new AtomicInteger();
        private volatile Throwable error;
        private volatile long doneAtNanos;

        Crashes(BridgeProcess bridge, Random random) {
            this.bridge = bridge;
            this.random = random;
        }

        @Override
        public void run() {
            try {
                for (int i = 0; i < KILLS && !Thread.currentThread().isInterrupted(); i++) {
                    Thread.sleep(500 + random.nextInt(3000));
                    bridge.kill();
                    kills.incrementAndGet();
                    bridge.launch();
                    generation.incrementAndGet();
                }
            } catch (Throwable e) {
                error = e;
            } finally {
                doneAtNanos = System.nanoTime();
                generation.set(Integer.MAX_VALUE / 2 + generation.get());
            }
        }

        boolean done() {
            return generation.get() >= Integer.MAX_VALUE / 2;
        }

        boolean timeLeft(long startNanos) {
            long now = System.nanoTime();
            return now - startNanos < AT_MOST.toNanos()
                    && (!done() || now - doneAtNanos < AFTER_LAST_KILL.toNanos());
        }
    }

    /**
     * The framework: launches the tasks in batches as offers come, acknowledges every update, and after each
     * restart of the master subscribes again with its id and reconciles the tasks it has not seen run; a task the
     * master does not know (its ACCEPT died with the master) is launched again.
     */
    private static final class Framework {
        private final BridgeProcess bridge;
        private final Map<String, List<List<TaskStatus>>> updates = new HashMap<>();
        private final Set<String> running = new HashSet<>();
        private final Deque<String> unlaunched = new ArrayDeque<>();
        private final Set<String> launched = new HashSet<>();
        /** Tasks whose ACCEPT the master answered 202: it answers once they are stored. */
        private final Set<String> accepted = new HashSet<>();
        private final Set<String> lostAfterAccept = new HashSet<>();
        private int relaunched;

        Framework(BridgeProcess bridge) {
            this.bridge = bridge;
            for (int i = 0; i < TASKS; i++) {
                unlaunched.add("t" + i);
            }
        }

        void run(Crashes crashes) throws Exception {
            long start = System.nanoTime();
            Protos.FrameworkInfo.Builder info = TestScheduler.frameworkInfo("launch-crash").setFailoverTimeout(3600);
            while (crashes.timeLeft(start) && (running.size() < TASKS || !crashes.done())) {
                int generation = crashes.generation.get();
                TestScheduler scheduler = new TestScheduler(bridge.url(), MediaTypes.PROTOBUF);
                try {
                    scheduler.subscribe(info.build());
                } catch (IOException | RuntimeException | AssertionError masterGone) {
                    Thread.sleep(200);
                    continue;
                }
                if (scheduler.frameworkId() == null) {
                    Thread.sleep(200);
                    continue;
                }
                info.setId(Protos.FrameworkID.newBuilder().setValue(scheduler.frameworkId()));
                Map<String, List<TaskStatus>> connection = new HashMap<>();
                try {
                    reconcile(scheduler);
                } catch (IOException masterGone) {
                    scheduler.disconnect();
                    continue;
                }
                int seen = 0;
                while (crashes.generation.get() == generation && crashes.timeLeft(start)
                        && (running.size() < TASKS || !crashes.done())) {
                    List<Event> events = scheduler.events();
                    for (int i = seen; i < events.size(); i++) {
                        handle(scheduler, events.get(i), connection);
                    }
                    seen = events.size();
                    Thread.sleep(20);
                }
                connection.forEach((taskId, told) ->
                        updates.computeIfAbsent(taskId, id -> new ArrayList<>()).add(told));
                scheduler.disconnect();
            }
        }

        private void handle(TestScheduler scheduler, Event event, Map<String, List<TaskStatus>> connection) {
            try {
                if (event.getType() == Event.Type.UPDATE) {
                    TaskStatus status = event.getUpdate().getStatus();
                    String taskId = status.getTaskId().getValue();
                    if (status.getState() == TaskState.TASK_UNKNOWN) {
                        if (accepted.contains(taskId)) {
                            lostAfterAccept.add(taskId);
                        }
                        if (launched.remove(taskId)) {
                            unlaunched.addFirst(taskId);
                            relaunched++;
                        }
                        return;
                    }
                    if (status.hasUuid()) {
                        connection.computeIfAbsent(taskId, id -> new ArrayList<>()).add(status);
                        scheduler.acknowledge(status);
                    }
                    if (status.getState() == TaskState.TASK_RUNNING) {
                        running.add(taskId);
                    }
                } else if (event.getType() == Event.Type.OFFERS) {
                    for (Protos.Offer offer : event.getOffers().getOffersList()) {
                        launch(scheduler, offer);
                    }
                }
            } catch (IOException | InterruptedException masterGone) {
                // the master died under this call: what it did not do is found by reconciliation
            }
        }

        private void launch(TestScheduler scheduler, Protos.Offer offer) throws IOException, InterruptedException {
            List<Protos.TaskInfo> batch = new ArrayList<>();
            while (batch.size() < BATCH && !unlaunched.isEmpty()) {
                String taskId = unlaunched.poll();
                launched.add(taskId);
                batch.add(TestScheduler.commandTask(taskId, offer, "sleep 3600", 0.01, 4).build());
            }
            if (batch.isEmpty()) {
                scheduler.call(Call.newBuilder().setType(Call.Type.DECLINE)
                        .setDecline(Call.Decline.newBuilder().addOfferIds(offer.getId())));
                return;
            }
            if (scheduler.launch(offer, batch.toArray(Protos.TaskInfo[]::new)).statusCode() == 202) {
                batch.forEach(task -> accepted.add(task.getTaskId().getValue()));
            }
        }

        /** Explicit reconciliation of every task launched and not yet seen running. */
        private void reconcile(TestScheduler scheduler) throws IOException, InterruptedException {
            Call.Reconcile.Builder reconcile = Call.Reconcile.newBuilder();
            for (String taskId : launched) {
                if (!running.contains(taskId)) {
                    reconcile.addTasks(Call.Reconcile.Task.newBuilder()
                            .setTaskId(Protos.TaskID.newBuilder().setValue(taskId)));
                }
            }
            if (reconcile.getTasksCount() > 0) {
                scheduler.call(Call.newBuilder().setType(Call.Type.RECONCILE).setReconcile(reconcile));
            }
        }
    }
}
