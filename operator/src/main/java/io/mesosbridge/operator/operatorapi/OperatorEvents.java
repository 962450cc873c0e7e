package io.mesosbridge.operator.operatorapi;

import io.fabric8.kubernetes.api.model.Node;
import io.mesosbridge.crds.MesosTask;
import io.mesosbridge.crds.MesosTaskStatus.StatusUpdateRecord;
import io.mesosbridge.mesos.media.MediaTypes;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.master.Protos.Event;
import io.mesosbridge.mesos.v1.master.Protos.Response;
import io.mesosbridge.operator.agents.AgentResources;
import io.mesosbridge.operator.cluster.ClusterView;
import io.mesosbridge.operator.config.BridgeConfig;
import io.mesosbridge.operator.counters.MasterCounters;
import io.mesosbridge.operator.frameworks.Framework;
import io.mesosbridge.operator.frameworks.FrameworkListener;
import io.mesosbridge.operator.frameworks.FrameworkRegistry;
import io.mesosbridge.operator.http.EventStream;
import io.mesosbridge.operator.operatorapi.OperatorEventFilter.AgentGone;
import io.mesosbridge.operator.operatorapi.OperatorEventFilter.AgentSeen;
import io.mesosbridge.operator.operatorapi.OperatorEventFilter.Change;
import io.mesosbridge.operator.operatorapi.OperatorEventFilter.FrameworkGone;
import io.mesosbridge.operator.operatorapi.OperatorEventFilter.FrameworkSeen;
import io.mesosbridge.operator.operatorapi.OperatorEventFilter.TaskGone;
import io.mesosbridge.operator.operatorapi.OperatorEventFilter.TaskSeen;
import io.mesosbridge.operator.operatorapi.OperatorEventFilter.Update;
import io.mesosbridge.operator.state.MasterSnapshot;
import io.mesosbridge.operator.state.MasterState;
import io.mesosbridge.operator.store.MesosTaskStore;
import io.mesosbridge.operator.store.TaskChangeListener;
import io.mesosbridge.operator.tasks.CompletedTasks;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The operator API's SUBSCRIBE streams, fed as things happen: the task store's changes become TASK_ADDED and one
 * TASK_UPDATED per status update, the framework registry's FRAMEWORK_ADDED, _UPDATED and _REMOVED, the cluster's
 * Nodes AGENT_ADDED and AGENT_REMOVED. A subscriber first gets SUBSCRIBED with the full state; changes that happen
 * while that state is read wait, and each subscriber remembers what it was told, so it misses nothing and is told
 * nothing twice.
 */
@ApplicationScoped
public class OperatorEvents implements TaskChangeListener, FrameworkListener, ClusterView.Listener {

    private static final Logger LOG = Logger.getLogger(OperatorEvents.class);

    private final MasterState state;
    private final MesosTaskStore store;
    private final CompletedTasks completed;
    private final FrameworkRegistry frameworks;
    private final ClusterView cluster;
    private final BridgeConfig config;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();

    public OperatorEvents(MasterState state, MesosTaskStore store, CompletedTasks completed,
                          FrameworkRegistry frameworks, ClusterView cluster, BridgeConfig config,
                          MasterCounters counters) {
        this.state = state;
        this.store = store;
        this.completed = completed;
        this.frameworks = frameworks;
        this.cluster = cluster;
        this.config = config;
        counters.gauge("master/operator_event_stream_subscribers", subscribers::size);
    }

    void listen(@Observes StartupEvent event) {
        store.addListener(this);
        frameworks.addListener(this);
        cluster.addListener(this);
    }

    void stop(@Observes ShutdownEvent event) {
        subscribers.forEach(subscriber -> subscriber.stream.close());
        subscribers.clear();
    }

    /**
     * Answers a SUBSCRIBE: a chunked 200 of RecordIO records, each an Event in {@code recordType}; the response's
     * Content-Type is {@code streamType} (the record type itself, or application/recordio).
     */
    public void subscribe(HttpServerResponse response, Vertx vertx, String streamType, String recordType,
                          MasterSnapshot.Visibility visibility) {
        response.setStatusCode(200).setChunked(true)
                .putHeader("Content-Type", streamType)
                .putHeader("Cache-Control", "no-cache");
        if (MediaTypes.RECORDIO.equals(streamType)) {
            response.putHeader("Message-Content-Type", recordType);
        }
        String id = UUID.randomUUID().toString();
        EventStream stream = new EventStream(id, recordType, response, vertx, config.subscriberQueueLimit(),
                config.subscriberQueueBytes(),
                () -> LOG.warnf("operator API subscriber %s is not reading; disconnecting it", id));
        Subscriber subscriber = new Subscriber(stream, visibility, this::frameworkInfo);
        subscribers.add(subscriber);
        subscriber.start(MasterResponses.getState(state.take().visibleTo(visibility)),
                config.heartbeatIntervalSeconds());
        stream.startHeartbeats(config.heartbeatIntervalSeconds(), MasterResponses::heartbeat);
        stream.onLost(() -> subscribers.remove(subscriber));
        LOG.infof("operator API subscriber %s connected (%d subscribers)", id, subscribers.size());
    }

    int subscriberCount() {
        return subscribers.size();
    }

    // ---------------------------------------------------------------- what happened

    @Override
    public void taskChanged(MesosTask before, MesosTask after) {
        if (subscribers.isEmpty()) {
            return;
        }
        if (after != null) {
            state.taskView(after).ifPresent(view -> {
                List<Update> updates = new ArrayList<>();
                List<StatusUpdateRecord> history = after.getStatus() == null ? List.of()
                        : after.getStatus().getHistory();
                for (StatusUpdateRecord record : history) {
                    Protos.TaskStatus status = state.statusOf(after, record);
                    updates.add(new Update(record.getUuid(), status));
                }
                deliver(new TaskSeen(key(after), after.getSpec().getFrameworkId(), view.task(), updates));
            });
            return;
        }
        // a task that ended without its last state in its MesosTask (a teardown): that state comes from the history
        completed.find(before.getSpec().getFrameworkId(), before.getSpec().getTaskId())
                .ifPresent(done -> deliver(new TaskGone(key(before), done.frameworkId(), done.lastStatus())));
    }

    @Override
    public void frameworkChanged(Framework framework) {
        if (!subscribers.isEmpty()) {
            deliver(new FrameworkSeen(framework.id(),
                    MasterResponses.framework(state.frameworkView(framework))));
        }
    }

    @Override
    public void frameworkRemoved(Framework framework) {
        deliver(new FrameworkGone(framework.id(), framework.info()));
    }

    @Override
    public void nodeChanged(Node before, Node after) {
        if (subscribers.isEmpty()) {
            return;
        }
        String beforeId = before == null ? null : AgentResources.agentId(before);
        String afterId = after == null ? null : AgentResources.agentId(after);
        if (beforeId != null && !beforeId.equals(afterId)) {
            deliver(new AgentGone(beforeId));
        }
        if (afterId != null) {
            state.agentView(after.getMetadata().getName()).ifPresent(agent ->
                    deliver(new AgentSeen(afterId, MasterResponses.agent(agent))));
        }
    }

    private void deliver(Change change) {
        for (Subscriber subscriber : subscribers) {
            if (!subscriber.offer(change)) {
                subscribers.remove(subscriber);
            }
        }
    }

    /** A task's framework as the view ACLs judge it; a framework already gone is judged by an empty user. */
    private Protos.FrameworkInfo frameworkInfo(String frameworkId) {
        return frameworks.get(frameworkId).map(Framework::info).orElse(Protos.FrameworkInfo.getDefaultInstance());
    }

    private static String key(MesosTask task) {
        return task.getSpec().getFrameworkId() + "\u0000" + task.getSpec().getTaskId();
    }

    /**
     * One stream, and what it has been told. It is told of the frameworks and tasks its view ACLs let it see; what
     * it was never told of (a task's or framework's end) it is not told either.
     */
    private static final class Subscriber {

        private final EventStream stream;
        private final OperatorEventFilter told = new OperatorEventFilter();
        private final MasterSnapshot.Visibility visibility;
        private final Function<String, Protos.FrameworkInfo> frameworkInfo;

        Subscriber(EventStream stream, MasterSnapshot.Visibility visibility,
                   Function<String, Protos.FrameworkInfo> frameworkInfo) {
            this.stream = stream;
            this.visibility = visibility;
            this.frameworkInfo = frameworkInfo;
        }

        private boolean mayKnow(Change change) {
            if (change instanceof TaskSeen seen) {
                Protos.FrameworkInfo framework = frameworkInfo.apply(seen.frameworkId());
                return visibility.framework(framework) && visibility.task(seen.task(), framework);
            }
            if (change instanceof FrameworkSeen seen) {
                return visibility.framework(seen.framework().getFrameworkInfo());
            }
            return true;
        }

        synchronized void start(Response.GetState state, double heartbeatSeconds) {
            stream.send(MasterResponses.subscribed(state, heartbeatSeconds));
            told.start(state).forEach(stream::send);
        }

        /** Takes a change; false once the stream is closed. */
        synchronized boolean offer(Change change) {
            if (stream.isClosed()) {
                return false;
            }
            if (!mayKnow(change)) {
                return true;
            }
            told.tell(change).forEach(stream::send);
            return !stream.isClosed();
        }
    }
}
