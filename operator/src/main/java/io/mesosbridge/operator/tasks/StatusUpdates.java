package io.mesosbridge.operator.tasks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.mesosbridge.crds.MesosTask;
import io.mesosbridge.crds.MesosTaskStatus;
import io.mesosbridge.crds.MesosTaskStatus.StatusUpdateRecord;
import io.mesosbridge.mesos.json.MesosJson;
import io.mesosbridge.mesos.json.MesosJsonException;
import io.mesosbridge.mesos.tasks.TaskStates;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;
import io.mesosbridge.operator.config.BridgeConfig;
import io.mesosbridge.operator.counters.MasterCounters;
import io.mesosbridge.operator.frameworks.Framework;
import io.mesosbridge.operator.frameworks.FrameworkEvents;
import io.mesosbridge.operator.frameworks.FrameworkRegistry;
import io.mesosbridge.operator.logging.LogText;
import io.mesosbridge.operator.pods.ObservedTaskState;
import io.mesosbridge.operator.store.MesosTaskStore;
import io.mesosbridge.operator.threads.BridgeThreads;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Reliable status updates, as a Mesos agent's status update manager gives them: each update gets a uuid and is
 * written to the MesosTask's status before it is sent; only the oldest unacknowledged update of a task is in flight;
 * it is resent with exponential backoff until the framework acknowledges it; then the next one goes. Once a terminal
 * update is acknowledged the MesosTask is deleted (its Pod follows by garbage collection) and the task is kept in
 * the completed history.
 */
@ApplicationScoped
public class StatusUpdates {

    private static final Logger LOG = Logger.getLogger(StatusUpdates.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int HISTORY_LIMIT = 20;

    private final MesosTaskStore store;
    private final BridgeConfig config;
    private final FrameworkRegistry frameworks;
    private final CompletedTasks completed;
    private final MasterCounters counters;
    private final BridgeThreads threads;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final Map<String, InFlight> inFlight = new ConcurrentHashMap<>();

    public StatusUpdates(MesosTaskStore store, BridgeConfig config, FrameworkRegistry frameworks,
                         CompletedTasks completed, MasterCounters counters, BridgeThreads threads) {
        this.store = store;
        this.config = config;
        this.frameworks = frameworks;
        this.completed = completed;
        this.counters = counters;
        this.threads = threads;
    }

    public void start() {
        threads.scheduled("status-update-retries")
                .scheduleWithFixedDelay(this::resendDue, 500, 500, TimeUnit.MILLISECONDS);
    }

    /** Number of updates sent and not yet acknowledged. */
    public int pendingAcknowledgements() {
        return inFlight.size();
    }

    /**
     * Records a new state of the task (persisted first), then sends it if nothing else of the task is in flight.
     * Returns the task as persisted, or nothing when the stored status already tells that state or a terminal one.
     */
    public Optional<MesosTask> record(MesosTask task, ObservedTaskState observed) {
        return record(task, null, List.of(observed)).map(Recorded::task);
    }

    /** The task as persisted and the states that one write recorded, in order. */
    public record Recorded(MesosTask task, List<ObservedTaskState> states) {
    }

    /**
     * Records the states the task went through, in order, in one write (with the name of its Pod, when that is not
     * recorded yet), then sends the first if nothing else of the task is in flight. A state the stored status
     * already tells, or one after a terminal state, is left out; nothing is written when none is left.
     */
    public Optional<Recorded> record(MesosTask task, String podName, List<ObservedTaskState> states) {
        String name = task.getMetadata().getName();
        synchronized (lockFor(name)) {
            Instant now = Instant.now();
            List<TaskStatus> statuses = new ArrayList<>();
            List<StatusUpdateRecord> updates = new ArrayList<>();
            for (ObservedTaskState observed : states) {
                TaskStatus status = TaskStatuses.of(observed, task.getSpec().getTaskId(), task.getSpec().getAgentId(),
                        MesosTaskStore.executorIdOf(task), UUID.randomUUID(), now);
                statuses.add(status);
                updates.add(updateRecord(status, observed.state(), observed.reason(), observed.message(), now));
            }
            List<Integer> recorded = new ArrayList<>();
            MesosTask persisted = store.editStatus(task, current -> {
                recorded.clear();
                for (int i = 0; i < updates.size(); i++) {
                    if (isNews(current.getState(), states.get(i).state())) {
                        recorded.add(i);
                        append(current, updates.get(i));
                    }
                }
                if (recorded.isEmpty()) {
                    return false;
                }
                if (podName != null && current.getPodName() == null) {
                    current.setPodName(podName);
                }
                return true;
            });
            if (recorded.isEmpty()) {
                return Optional.empty();
            }
            for (int i : recorded) {
                countAndSend(persisted, statuses.get(i));
            }
            return Optional.of(new Recorded(persisted, recorded.stream().map(states::get).toList()));
        }
    }

    /**
     * Records a status update a custom executor sent for its task, as the agent's status update manager does: kept
     * with the executor's own uuid (the framework acknowledges that one), written to the MesosTask's status before
     * anything is sent, then sent if nothing else of the task is in flight. An update already recorded (the
     * executor resends what was never acknowledged to it) and any update after a terminal one are not recorded
     * again. Returns once the update is durable, or known to be a repeat.
     */
    public void recordFromExecutor(MesosTask task, TaskStatus sent) {
        String name = task.getMetadata().getName();
        synchronized (lockFor(name)) {
            Instant now = Instant.now();
            TaskStatus.Builder builder = sent.toBuilder()
                    .setTaskId(io.mesosbridge.mesos.v1.Protos.TaskID.newBuilder().setValue(task.getSpec().getTaskId()))
                    .setAgentId(io.mesosbridge.mesos.v1.Protos.AgentID.newBuilder()
                            .setValue(task.getSpec().getAgentId()))
                    .setExecutorId(io.mesosbridge.mesos.v1.Protos.ExecutorID.newBuilder()
                            .setValue(MesosTaskStore.executorIdOf(task)));
            if (!builder.hasSource()) {
                builder.setSource(TaskStatus.Source.SOURCE_EXECUTOR);
            }
            if (!builder.hasTimestamp()) {
                builder.setTimestamp(TaskStatuses.seconds(now));
            }
            if (builder.getUuid().isEmpty()) {
                builder.setUuid(TaskStatuses.uuidBytes(UUID.randomUUID()));
            }
            TaskStatus status = builder.build();
            StatusUpdateRecord update = updateRecord(status, status.getState(),
                    status.hasReason() ? status.getReason() : null, status.hasMessage() ? status.getMessage() : null,
                    now);
            boolean[] recorded = new boolean[1];
            MesosTask persisted = store.editStatus(task, current -> {
                boolean seen = current.getHistory().stream().anyMatch(old -> update.getUuid().equals(old.getUuid()));
                recorded[0] = !seen
                        && (current.getState() == null || !TaskStates.isTerminal(TaskState.valueOf(current.getState())));
                if (recorded[0]) {
                    append(current, update);
                }
                return recorded[0];
            });
            if (recorded[0]) {
                countAndSend(persisted, status);
            }
        }
    }

    private static StatusUpdateRecord updateRecord(TaskStatus status, TaskState state, TaskStatus.Reason reason,
                                                   String message, Instant now) {
        StatusUpdateRecord update = new StatusUpdateRecord();
        update.setState(state.name());
        update.setReason(reason == null ? null : reason.name());
        update.setMessage(message);
        update.setUuid(Base64.getEncoder().encodeToString(status.getUuid().toByteArray()));
        update.setTimestamp(now.toString());
        try {
            update.setTaskStatus(JSON.readTree(MesosJson.print(status)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return update;
    }

    /** The update as the task's latest state, queued to be sent and kept in its bounded history. */
    private static void append(MesosTaskStatus current, StatusUpdateRecord update) {
        current.setState(update.getState());
        current.setReason(update.getReason());
        current.setMessage(update.getMessage());
        current.getPendingUpdates().add(update);
        current.getHistory().add(withoutTaskStatus(update));
        while (current.getHistory().size() > HISTORY_LIMIT) {
            current.getHistory().remove(0);
        }
    }

    /** The master's counters for a recorded update, then the update on its way if nothing is in flight. */
    private void countAndSend(MesosTask persisted, TaskStatus status) {
        counters.increment("master/messages_status_update");
        Framework framework = frameworks.get(persisted.getSpec().getFrameworkId()).orElse(null);
        counters.taskTransition(framework, status);
        counters.increment(framework != null && framework.isConnected()
                ? "master/valid_status_updates" : "master/invalid_status_updates");
        sendHead(persisted, false);
    }

    /**
     * Whether an observed state is worth an update given the state stored last: not when it is the same, nor after a
     * terminal one. The reconciler may work from a cache older than the stored status, so this is decided on the
     * status just read, and no state is ever told twice.
     */
    static boolean isNews(String storedState, TaskState observed) {
        if (storedState == null) {
            return true;
        }
        TaskState stored = TaskState.valueOf(storedState);
        return stored != observed && !TaskStates.isTerminal(stored);
    }

    /** Sets the task's Pod name in its status (recorded before the Pod is created, so it is never created twice). */
    public MesosTask recordPod(MesosTask task, String podName) {
        synchronized (lockFor(task.getMetadata().getName())) {
            return store.editStatus(task, current -> {
                if (podName.equals(current.getPodName())) {
                    return false;
                }
                current.setPodName(podName);
                if (current.getState() == null) {
                    current.setState(TaskState.TASK_STAGING.name());
                }
                return true;
            });
        }
    }

    /**
     * ACKNOWLEDGE: removes the acknowledged head update; deletes the task after its terminal update, or sends the
     * next update. An acknowledgement of anything but the head is ignored, as Mesos ignores it. Only the deletion
     * is written at once: the removal of a non-terminal update goes with the task's next status write (see
     * {@link MesosTaskStore#acknowledge}), so a restart before then sends that update again, as at-least-once allows.
     */
    public void acknowledge(String frameworkId, String taskId, ByteString uuid) {
        Optional<MesosTask> found = store.find(frameworkId, taskId);
        if (found.isEmpty()) {
            LOG.debugf("ignoring acknowledgement for unknown task %s of framework %s", LogText.escape(taskId),
                    LogText.escape(frameworkId));
            counters.increment("master/invalid_status_update_acknowledgements");
            return;
        }
        String name = found.get().getMetadata().getName();
        String acknowledgedUuid = Base64.getEncoder().encodeToString(uuid.toByteArray());
        synchronized (lockFor(name)) {
            MesosTask current = store.byName(name).orElse(found.get());
            if (!isHead(current, acknowledgedUuid)) {
                // the store's model holds every update this master wrote: no API request can find it elsewhere
                LOG.debugf("ignoring acknowledgement of an update that is not in flight for task %s",
                        LogText.escape(taskId));
                counters.increment("master/invalid_status_update_acknowledgements");
                return;
            }
            TaskStatus acknowledged = taskStatusOf(current.getStatus().getPendingUpdates().get(0));
            counters.increment("master/valid_status_update_acknowledgements");
            inFlight.remove(name);
            if (current.getStatus().getPendingUpdates().size() == 1 && TaskStates.isTerminal(acknowledged.getState())) {
                complete(current, acknowledged);
                store.delete(current);
                locks.remove(name);
            } else {
                sendHead(store.acknowledge(current, acknowledgedUuid), false);
            }
        }
    }

    /** Whether {@code uuid} (base64) is the task's oldest pending update, the only one an ACKNOWLEDGE can remove. */
    static boolean isHead(MesosTask task, String uuid) {
        MesosTaskStatus status = task.getStatus();
        return status != null && !status.getPendingUpdates().isEmpty()
                && uuid.equals(status.getPendingUpdates().get(0).getUuid());
    }

    /** Keeps the task in the completed history with the last status its framework saw. */
    public void complete(MesosTask task, TaskStatus lastStatus) {
        completed.add(new CompletedTasks.CompletedTask(task.getSpec().getFrameworkId(), task.getSpec().getTaskId(),
                task.getSpec().getAgentId(), task.getSpec().getNodeName(), task.getSpec().getRole(),
                store.taskInfo(task), lastStatus));
    }

    /** After a (re)subscription: sends the head update of each of the framework's tasks at once. */
    public void resendFor(String frameworkId) {
        for (MesosTask task : store.ofFramework(frameworkId)) {
            synchronized (lockFor(task.getMetadata().getName())) {
                inFlight.remove(task.getMetadata().getName());
                sendHead(task, true);
            }
        }
    }

    /** Sends an update the master itself generates: no uuid, not persisted, not acknowledged. */
    public void sendMasterUpdate(Framework framework, TaskStatus status) {
        framework.send(FrameworkEvents.update(status.toBuilder()
                .setState(TaskStates.shownTo(status.getState(), framework.partitionAware())).build()));
    }

    /** Forgets what is in flight for a task that is gone (teardown). */
    public void forget(String taskName) {
        inFlight.remove(taskName);
        locks.remove(taskName);
    }

    private void sendHead(MesosTask task, boolean force) {
        MesosTaskStatus status = task.getStatus();
        if (status == null || status.getPendingUpdates().isEmpty()) {
            return;
        }
        String name = task.getMetadata().getName();
        StatusUpdateRecord head = status.getPendingUpdates().get(0);
        InFlight current = inFlight.get(name);
        if (!force && current != null && current.uuid().equals(head.getUuid())) {
            return;
        }
        long backoff = config.updateRetryInitialMillis();
        inFlight.put(name, new InFlight(task.getSpec().getFrameworkId(), task.getSpec().getTaskId(), head.getUuid(),
                System.currentTimeMillis() + backoff, backoff));
        deliver(task.getSpec().getFrameworkId(), taskStatusOf(head));
    }

    private void resendDue() {
        long now = System.currentTimeMillis();
        for (Map.Entry<String, InFlight> entry : List.copyOf(inFlight.entrySet())) {
            InFlight update = entry.getValue();
            if (update.nextSendMillis() > now) {
                continue;
            }
            try {
                synchronized (lockFor(entry.getKey())) {
                    if (inFlight.get(entry.getKey()) != update) {
                        continue;
                    }
                    Optional<MesosTask> task = store.find(update.frameworkId(), update.taskId());
                    if (task.isEmpty() || task.get().getStatus() == null
                            || task.get().getStatus().getPendingUpdates().isEmpty()) {
                        inFlight.remove(entry.getKey());
                        continue;
                    }
                    StatusUpdateRecord head = task.get().getStatus().getPendingUpdates().get(0);
                    long backoff = Math.min(update.backoffMillis() * 2, config.updateRetryMaxMillis());
                    inFlight.put(entry.getKey(), new InFlight(update.frameworkId(), update.taskId(), head.getUuid(),
                            now + backoff, backoff));
                    deliver(update.frameworkId(), taskStatusOf(head));
                }
            } catch (RuntimeException e) {
                LOG.warnf(e, "resending the status update of %s failed", entry.getKey());
            }
        }
    }

    private void deliver(String frameworkId, TaskStatus status) {
        frameworks.get(frameworkId).filter(Framework::isConnected).ifPresent(framework -> framework.send(
                FrameworkEvents.update(status.toBuilder()
                        .setState(TaskStates.shownTo(status.getState(), framework.partitionAware())).build())));
    }

    private Object lockFor(String taskName) {
        return locks.computeIfAbsent(taskName, name -> new Object());
    }

    static TaskStatus taskStatusOf(StatusUpdateRecord update) {
        try {
            return MesosJson.parse(JSON.writeValueAsString(update.getTaskStatus()), TaskStatus.newBuilder()).build();
        } catch (IOException | MesosJsonException e) {
            throw new IllegalStateException("stored status update is not a TaskStatus", e);
        }
    }

    private static StatusUpdateRecord withoutTaskStatus(StatusUpdateRecord update) {
        StatusUpdateRecord entry = new StatusUpdateRecord();
        entry.setState(update.getState());
        entry.setReason(update.getReason());
        entry.setMessage(update.getMessage());
        entry.setUuid(update.getUuid());
        entry.setTimestamp(update.getTimestamp());
        return entry;
    }

    private record InFlight(String frameworkId, String taskId, String uuid, long nextSendMillis, long backoffMillis) {
    }
}
