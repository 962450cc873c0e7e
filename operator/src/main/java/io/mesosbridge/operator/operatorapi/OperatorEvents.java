package io.mesosbridge.operator.operatorapi;

import io.fabric8.kubernetes.api.model.Node;
import io.mesosbridge.crds.MesosTask;
import io.mesosbridge.crds.MesosTaskStatus.StatusUpdateRecord;
import io.mesosbridge.mesos.media.MediaTypes;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.master.Protos.Event;
import io.mesosbridge.operator.agents.AgentResources;
import io.mesosbridge.operator.cluster.ClusterView;
import io.mesosbridge.operator.config.BridgeConfig;
import io.mesosbridge.operator.frameworks.Framework;
import io.mesosbridge.operator.frameworks.FrameworkRegistry;
import io.mesosbridge.operator.scheduler.EventStream;
import io.mesosbridge.operator.master.LeaderGate;
import io.mesosbridge.operator.tasks.TaskRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The operator API's SUBSCRIBE streams. Events are derived by diffing the master's state every tick against what
 * was last seen: tasks (new MesosTasks are TASK_ADDED, each new status update record a TASK_UPDATED), agents (nodes
 * appearing or going) and frameworks (registered, changed, removed). A subscriber first gets SUBSCRIBED with the
 * full state as of the same diff, so it misses nothing and sees nothing twice. The same tick moves drains along.
 */
@ApplicationScoped
public class OperatorEvents {

    private static final Logger LOG = Logger.getLogger(OperatorEvents.class);
    static final long TICK_MILLIS = 250;

    private final MasterViews views;
    private final TaskRegistry tasks;
    private final ClusterView cluster;
    private final FrameworkRegistry frameworks;
    private final AgentMaintenance maintenance;
    private final LeaderGate gate;
    private final BridgeConfig config;
    private final Object lock = new Object();
    private final List<EventStream> subscribers = new CopyOnWriteArrayList<>();
    private Map<String, SeenTask> seenTasks = new HashMap<>();
    private Map<String, String> seenAgents = new HashMap<>();
    private Map<String, SeenFramework> seenFrameworks = new HashMap<>();
    private volatile ScheduledExecutorService ticker;

    public OperatorEvents(MasterViews views, TaskRegistry tasks, ClusterView cluster, FrameworkRegistry frameworks,
                          AgentMaintenance maintenance, LeaderGate gate, BridgeConfig config) {
        this.views = views;
        this.tasks = tasks;
        this.cluster = cluster;
        this.frameworks = frameworks;
        this.maintenance = maintenance;
        this.gate = gate;
        this.config = config;
    }

    /** Starts ticking after recovery (this observer runs after the default-priority BridgeStartup). */
    void start(@Observes @Priority(3000) StartupEvent event) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "operator-api-events");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        ticker = executor;
    }

    void stop(@Observes ShutdownEvent event) {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        subscribers.forEach(EventStream::close);
        subscribers.clear();
    }

    /**
     * Answers a SUBSCRIBE: a chunked 200 of RecordIO records, each an Event in {@code recordType}; the response's
     * Content-Type is {@code streamType} (the record type itself, or application/recordio).
     */
    public void subscribe(HttpServerResponse response, Vertx vertx, String streamType, String recordType) {
        response.setStatusCode(200).setChunked(true)
                .putHeader("Content-Type", streamType)
                .putHeader("Cache-Control", "no-cache");
        if (MediaTypes.RECORDIO.equals(streamType)) {
            response.putHeader("Message-Content-Type", recordType);
        }
        String id = UUID.randomUUID().toString();
        EventStream stream = new EventStream(id, recordType, response, vertx, config.subscriberQueueLimit(),
                () -> LOG.warnf("operator API subscriber %s is not reading; disconnecting it", id));
        synchronized (lock) {
            diff(!subscribers.isEmpty());
            stream.send(MasterResponses.subscribed(views.getState(), config.heartbeatIntervalSeconds()));
            subscribers.add(stream);
        }
        stream.startHeartbeats(config.heartbeatIntervalSeconds(), MasterResponses::heartbeat);
        response.closeHandler(ignored -> {
            subscribers.remove(stream);
            stream.close();
        });
        if (response.closed()) {
            // the subscriber left before the close handler was in place
            subscribers.remove(stream);
            stream.close();
            return;
        }
        LOG.infof("operator API subscriber %s connected (%d subscribers)", id, subscribers.size());
    }

    int subscriberCount() {
        return subscribers.size();
    }

    private void tick() {
        if (!gate.isLeading()) {
            return;
        }
        try {
            maintenance.progress();
        } catch (RuntimeException e) {
            LOG.warn("moving agent drains along failed; retrying", e);
        }
        if (subscribers.isEmpty()) {
            return;
        }
        try {
            synchronized (lock) {
                diff(true);
            }
        } catch (RuntimeException e) {
            LOG.warn("deriving operator API events failed; retrying", e);
        }
    }

    /** Compares the state with what was seen last; sends the differences as events when {@code emit}. */
    private void diff(boolean emit) {
        List<Event> events = new ArrayList<>();
        diffFrameworks(emit, events);
        diffAgents(emit, events);
        diffTasks(emit, events);
        for (Event event : events) {
            for (EventStream subscriber : subscribers) {
                if (!subscriber.send(event)) {
                    subscribers.remove(subscriber);
                }
            }
        }
    }

    private void diffTasks(boolean emit, List<Event> events) {
        Map<String, SeenTask> now = new HashMap<>();
        for (MesosTask task : tasks.all()) {
            String key = task.getMetadata().getUid();
            List<StatusUpdateRecord> history = task.getStatus() == null ? List.of() : task.getStatus().getHistory();
            String lastUuid = history.isEmpty() ? null : history.get(history.size() - 1).getUuid();
            TaskState state = TaskRegistry.stateOf(task);
            SeenTask seen = seenTasks.get(key);
            if (emit && (seen == null || !Objects.equals(seen.lastUuid(), lastUuid))) {
                if (seen == null) {
                    views.task(task).ifPresent(converted -> events.add(MasterResponses.taskAdded(converted)));
                }
                for (StatusUpdateRecord record : recordsAfter(history, seen == null ? null : seen.lastUuid())) {
                    events.add(MasterResponses.taskUpdated(task.getSpec().getFrameworkId(),
                            MasterResponses.statusOf(task, record), state));
                }
            }
            now.put(key, new SeenTask(task.getSpec().getFrameworkId(), task.getSpec().getTaskId(), state, lastUuid));
        }
        if (emit) {
            // a task whose terminal update was acknowledged between two ticks: its last update comes from history
            seenTasks.forEach((key, seen) -> {
                if (now.containsKey(key)) {
                    return;
                }
                Optional<TaskRegistry.CompletedTask> done = tasks.findCompleted(seen.frameworkId(), seen.taskId());
                if (done.isPresent() && done.get().lastStatus().getState() != seen.state()) {
                    Protos.TaskStatus last = done.get().lastStatus();
                    events.add(MasterResponses.taskUpdated(seen.frameworkId(), last, last.getState()));
                }
            });
        }
        seenTasks = now;
    }

    /**
     * The status updates recorded after the one with {@code lastSeenUuid}; all of them when none was seen yet, so a
     * task first seen after it started still reports each of its updates after TASK_ADDED.
     */
    static List<StatusUpdateRecord> recordsAfter(List<StatusUpdateRecord> history, String lastSeenUuid) {
        for (int i = history.size() - 1; i >= 0 && lastSeenUuid != null; i--) {
            if (lastSeenUuid.equals(history.get(i).getUuid())) {
                return history.subList(i + 1, history.size());
            }
        }
        return history;
    }

    private void diffAgents(boolean emit, List<Event> events) {
        Map<String, String> now = new HashMap<>();
        for (Node node : cluster.nodes()) {
            now.put(node.getMetadata().getName(), AgentResources.agentId(node));
        }
        if (emit) {
            seenAgents.forEach((nodeName, agentId) -> {
                if (!agentId.equals(now.get(nodeName))) {
                    events.add(MasterResponses.agentRemoved(agentId));
                }
            });
            now.forEach((nodeName, agentId) -> {
                if (!agentId.equals(seenAgents.get(nodeName))) {
                    views.agentOnNode(nodeName).ifPresent(agent -> events.add(MasterResponses.agentAdded(agent)));
                }
            });
        }
        seenAgents = now;
    }

    private void diffFrameworks(boolean emit, List<Event> events) {
        Map<String, SeenFramework> now = new HashMap<>();
        for (Framework framework : frameworks.all()) {
            SeenFramework current = new SeenFramework(framework.info(), framework.isConnected());
            SeenFramework seen = seenFrameworks.get(framework.id());
            if (emit && seen == null) {
                events.add(MasterResponses.frameworkAdded(views.framework(framework)));
            } else if (emit && !seen.equals(current)) {
                events.add(MasterResponses.frameworkUpdated(views.framework(framework)));
            }
            now.put(framework.id(), current);
        }
        if (emit) {
            seenFrameworks.forEach((id, seen) -> {
                if (!now.containsKey(id)) {
                    events.add(MasterResponses.frameworkRemoved(seen.info()));
                }
            });
        }
        seenFrameworks = now;
    }

    private record SeenTask(String frameworkId, String taskId, TaskState state, String lastUuid) {
    }

    private record SeenFramework(Protos.FrameworkInfo info, boolean connected) {
    }
}
