package io.mesosbridge.operator.scheduler;

import com.google.protobuf.ByteString;
import io.mesosbridge.crds.MesosTask;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.FrameworkInfo;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;
import io.mesosbridge.mesos.v1.scheduler.Protos.Call;
import io.mesosbridge.mesos.v1.scheduler.Protos.Response;
import io.mesosbridge.operator.agents.AgentDirectory;
import io.mesosbridge.operator.allocation.Allocator;
import io.mesosbridge.operator.config.BridgeConfig;
import io.mesosbridge.operator.frameworks.Framework;
import io.mesosbridge.operator.http.CallResult;
import io.mesosbridge.operator.frameworks.FrameworkRegistry;
import io.mesosbridge.operator.master.MasterIdentity;
import io.mesosbridge.operator.offers.Offer;
import io.mesosbridge.operator.offers.OfferBook;
import io.mesosbridge.operator.offers.OfferBook.InvalidOffersException;
import io.mesosbridge.operator.tasks.KillRequests;
import io.mesosbridge.operator.tasks.ObservedTaskState;
import io.mesosbridge.operator.tasks.StatusUpdates;
import io.mesosbridge.operator.tasks.TaskLauncher;
import io.mesosbridge.operator.tasks.TaskPods;
import io.mesosbridge.operator.tasks.TaskRegistry;
import io.mesosbridge.operator.tasks.TaskStates;
import io.mesosbridge.mesos.resources.Resources;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** What the master does for each scheduler API call, after the HTTP layer has parsed and checked it. */
@ApplicationScoped
public class SchedulerCalls {

    private static final Logger LOG = Logger.getLogger(SchedulerCalls.class);
    private static final double DEFAULT_REFUSE_SECONDS = 5;
    private static final double MAX_REFUSE_SECONDS = 365 * 24 * 3600;

    private final FrameworkRegistry frameworks;
    private final OfferBook offers;
    private final Allocator allocator;
    private final TaskLauncher launcher;
    private final TaskRegistry tasks;
    private final StatusUpdates updates;
    private final AgentDirectory agents;
    private final MasterIdentity master;
    private final BridgeConfig config;
    private final KubernetesClient client;
    private final Counter overflows;
    private final ExecutorService acknowledgements = Executors.newFixedThreadPool(8, runnable -> {
        Thread thread = new Thread(runnable, "acknowledgements");
        thread.setDaemon(true);
        return thread;
    });
    private final ScheduledExecutorService failoverTimer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "framework-failover");
        thread.setDaemon(true);
        return thread;
    });

    public SchedulerCalls(FrameworkRegistry frameworks, OfferBook offers, Allocator allocator, TaskLauncher launcher,
                          TaskRegistry tasks, StatusUpdates updates, AgentDirectory agents, MasterIdentity master,
                          BridgeConfig config, KubernetesClient client, MeterRegistry meters) {
        this.frameworks = frameworks;
        this.offers = offers;
        this.allocator = allocator;
        this.launcher = launcher;
        this.tasks = tasks;
        this.updates = updates;
        this.agents = agents;
        this.master = master;
        this.config = config;
        this.client = client;
        this.overflows = Counter.builder("mesos_bridge.subscriber.overflows")
                .description("event streams closed because their subscriber stopped reading").register(meters);
    }

    public void start() {
        failoverTimer.scheduleWithFixedDelay(this::removeExpiredFrameworks, 1, 1, TimeUnit.SECONDS);
    }

    /**
     * SUBSCRIBE: registers or re-registers the framework and attaches the new event stream (the old one, if any,
     * gets "Framework failed over" and closes). Returns null when the subscription was refused on the stream itself.
     */
    public Framework subscribe(Call call, String mediaType, HttpServerResponse response, Vertx vertx) {
        FrameworkInfo info = call.getSubscribe().getFrameworkInfo();
        String streamId = UUID.randomUUID().toString();
        response.setStatusCode(200).setChunked(true)
                .putHeader("Content-Type", mediaType)
                .putHeader("Mesos-Stream-Id", streamId)
                .putHeader("Cache-Control", "no-cache");
        String id = info.hasId() && !info.getId().getValue().isEmpty() ? info.getId().getValue()
                : master.nextFrameworkId();
        Optional<String> invalid = validate(info);
        if (invalid.isPresent() || frameworks.isCompleted(id)) {
            EventStream refused = new EventStream(streamId, mediaType, response, vertx, config.subscriberQueueLimit(),
                    () -> { });
            refused.send(Events.error(invalid.orElse("Framework has been removed")));
            refused.close();
            return null;
        }
        Framework framework = frameworks.register(id, info);
        EventStream stream = new EventStream(streamId, mediaType, response, vertx, config.subscriberQueueLimit(),
                () -> overflows.increment());
        offers.removeIf(offer -> offer.frameworkId().equals(id));
        EventStream replaced = framework.connect(stream);
        if (replaced != null) {
            replaced.send(Events.error("Framework failed over"));
            replaced.close();
        }
        framework.revive(List.of());
        if (call.getSubscribe().getSuppressedRolesCount() > 0) {
            framework.suppress(call.getSubscribe().getSuppressedRolesList());
        }
        response.closeHandler(ignored -> {
            stream.markDisconnected();
            // the close handler runs on the event loop, which must never wait for the API server
            failoverTimer.execute(() -> disconnected(framework, stream));
        });
        stream.send(Events.subscribed(id, config.heartbeatIntervalSeconds(), master.masterInfo()));
        stream.startHeartbeats(config.heartbeatIntervalSeconds(), Events::heartbeat);
        LOG.infof("framework %s (%s) subscribed on stream %s", id, info.getName(), streamId);
        updates.resendFor(id);
        allocator.requestCycle();
        return framework;
    }

    public CallResult handle(Framework framework, Call call) {
        return switch (call.getType()) {
            case TEARDOWN -> {
                teardown(framework, "the framework asked for TEARDOWN");
                yield CallResult.accepted();
            }
            case ACCEPT -> accept(framework, call.getAccept());
            case DECLINE -> decline(framework, call.getDecline().getOfferIdsList(),
                    call.getDecline().hasFilters() ? call.getDecline().getFilters() : null);
            case REVIVE -> {
                framework.revive(call.getRevive().getRolesList());
                allocator.requestCycle();
                yield CallResult.accepted();
            }
            case SUPPRESS -> {
                framework.suppress(call.getSuppress().getRolesList());
                yield CallResult.accepted();
            }
            case KILL -> kill(framework, call.getKill());
            case ACKNOWLEDGE -> acknowledge(framework, call.getAcknowledge());
            case RECONCILE -> {
                reconcile(framework, call.getReconcile());
                yield CallResult.accepted();
            }
            case UPDATE_FRAMEWORK -> updateFramework(framework, call.getUpdateFramework());
            case RECONCILE_OPERATIONS -> CallResult.ok(Response.newBuilder()
                    .setType(Response.Type.RECONCILE_OPERATIONS)
                    .setReconcileOperations(Response.ReconcileOperations.getDefaultInstance()).build());
            case SHUTDOWN, MESSAGE, REQUEST, ACCEPT_INVERSE_OFFERS, DECLINE_INVERSE_OFFERS,
                 ACKNOWLEDGE_OPERATION_STATUS -> CallResult.accepted();
            default -> CallResult.notImplemented("Received '" + call.getType() + "' call, which is not implemented");
        };
    }

    private CallResult accept(Framework framework, Call.Accept accept) {
        List<String> offerIds = accept.getOfferIdsList().stream().map(Protos.OfferID::getValue).toList();
        List<Offer> taken;
        try {
            taken = offers.take(framework.id(), offerIds);
        } catch (InvalidOffersException e) {
            launcher.dropAll(framework, accept.getOperationsList(), e.getMessage());
            return CallResult.accepted();
        }
        Resources unused;
        try {
            unused = launcher.launch(framework, taken, accept.getOperationsList());
        } finally {
            offers.release(taken);
        }
        if (unused.scalar("cpus") > 0 || unused.scalar("mem") > 0) {
            framework.refuse(taken.get(0).agentId(), refuseUntil(accept.hasFilters() ? accept.getFilters() : null));
        }
        allocator.requestCycle();
        return CallResult.accepted();
    }

    private CallResult decline(Framework framework, List<Protos.OfferID> offerIds, Protos.Filters filters) {
        long until = refuseUntil(filters);
        for (Protos.OfferID id : offerIds) {
            offers.removeIf(offer -> offer.id().equals(id.getValue()) && offer.frameworkId().equals(framework.id()))
                    .forEach(offer -> framework.refuse(offer.agentId(), until));
        }
        return CallResult.accepted();
    }

    private CallResult kill(Framework framework, Call.Kill kill) {
        String taskId = kill.getTaskId().getValue();
        Optional<MesosTask> task = tasks.find(framework.id(), taskId);
        if (task.isEmpty()) {
            reconcile(framework, Call.Reconcile.newBuilder().addTasks(Call.Reconcile.Task.newBuilder()
                    .setTaskId(kill.getTaskId()).setAgentId(kill.getAgentId())).build());
            return CallResult.accepted();
        }
        Long grace = kill.hasKillPolicy() ? TaskPods.gracePeriodSeconds(kill.getKillPolicy()) : null;
        KillRequests.request(client, task.get(), grace);
        return CallResult.accepted();
    }

    private CallResult acknowledge(Framework framework, Call.Acknowledge ack) {
        ByteString uuid = ack.getUuid();
        if (uuid.size() != 16) {
            return CallResult.badRequest("Failed to validate scheduler::Call: 'uuid' is not a valid UUID");
        }
        // like a Mesos master, which forwards acknowledgements to the agent, answer at once and apply it after
        acknowledgements.execute(() -> {
            try {
                updates.acknowledge(framework.id(), ack.getTaskId().getValue(), uuid);
            } catch (RuntimeException e) {
                LOG.warnf(e, "acknowledgement for task %s failed; the update will be resent",
                        ack.getTaskId().getValue());
            }
        });
        return CallResult.accepted();
    }

    /** Answers with the master's view of each task named (explicit) or of all the framework's tasks (implicit). */
    void reconcile(Framework framework, Call.Reconcile reconcile) {
        if (reconcile.getTasksCount() == 0) {
            for (MesosTask task : tasks.ofFramework(framework.id())) {
                sendReconciliation(framework, latestStatus(task));
            }
            return;
        }
        for (Call.Reconcile.Task requested : reconcile.getTasksList()) {
            String taskId = requested.getTaskId().getValue();
            Optional<MesosTask> live = tasks.find(framework.id(), taskId);
            if (live.isPresent()) {
                sendReconciliation(framework, latestStatus(live.get()));
                continue;
            }
            Optional<TaskRegistry.CompletedTask> done = tasks.findCompleted(framework.id(), taskId);
            if (done.isPresent()) {
                sendReconciliation(framework, done.get().lastStatus());
                continue;
            }
            boolean agentKnown = requested.hasAgentId() && agents.byId(requested.getAgentId().getValue()).isPresent();
            TaskState state = agentKnown ? TaskState.TASK_GONE : TaskState.TASK_UNKNOWN;
            TaskStatus.Builder status = TaskStatus.newBuilder()
                    .setTaskId(requested.getTaskId())
                    .setState(state);
            if (requested.hasAgentId()) {
                status.setAgentId(requested.getAgentId());
            }
            sendReconciliation(framework, status.build());
        }
    }

    private TaskStatus latestStatus(MesosTask task) {
        TaskState state = TaskRegistry.stateOf(task);
        ObservedTaskState observed = new ObservedTaskState(state, null, TaskStatus.Source.SOURCE_MASTER,
                task.getStatus() == null ? null : task.getStatus().getMessage(), null, null, null);
        return TaskStates.toTaskStatus(observed, task.getSpec().getTaskId(), task.getSpec().getAgentId(), null, null,
                Instant.now());
    }

    private void sendReconciliation(Framework framework, TaskStatus status) {
        TaskStatus.Builder answer = status.toBuilder()
                .setState(TaskStates.stateFor(status.getState(), framework.partitionAware()))
                .setSource(TaskStatus.Source.SOURCE_MASTER)
                .setReason(TaskStatus.Reason.REASON_RECONCILIATION)
                .setTimestamp(Instant.now().toEpochMilli() / 1000.0)
                .clearUuid()
                .clearData()
                .clearLabels();
        updates.sendMasterUpdate(framework, answer.build());
    }

    private CallResult updateFramework(Framework framework, Call.UpdateFramework update) {
        FrameworkInfo info = update.getFrameworkInfo();
        FrameworkInfo current = framework.info();
        if (!info.getId().getValue().equals(framework.id())) {
            return CallResult.badRequest("'framework_info.id' must match 'framework_id'");
        }
        if (!info.getUser().equals(current.getUser())) {
            return CallResult.badRequest("Updating 'FrameworkInfo.user' is unsupported");
        }
        if (!info.getPrincipal().equals(current.getPrincipal())) {
            return CallResult.badRequest("Changing framework's principal is not allowed");
        }
        if (info.getCheckpoint() != current.getCheckpoint()) {
            return CallResult.badRequest("Updating 'FrameworkInfo.checkpoint' is unsupported");
        }
        Optional<String> invalid = validate(info);
        if (invalid.isPresent()) {
            return CallResult.badRequest(invalid.get());
        }
        frameworks.update(framework, info);
        framework.revive(List.of());
        if (update.getSuppressedRolesCount() > 0) {
            framework.suppress(update.getSuppressedRolesList());
        }
        allocator.requestCycle();
        return CallResult.ok();
    }

    /**
     * Removes a framework: its offers are withdrawn, its tasks killed (their MesosTasks and Pods deleted). It is
     * disconnected first, with its failover time already up, so no offer goes to it meanwhile (the allocator
     * withdraws any made in a race) and, should a step fail, the failover timer tries the removal again.
     */
    public synchronized void teardown(Framework framework, String why) {
        if (frameworks.get(framework.id()).isEmpty()) {
            return;
        }
        LOG.infof("removing framework %s: %s", framework.id(), why);
        EventStream stream = framework.stream();
        framework.disconnect(stream, Instant.now());
        if (stream != null) {
            stream.close();
        }
        offers.removeIf(offer -> offer.frameworkId().equals(framework.id()));
        for (MesosTask task : tasks.ofFramework(framework.id())) {
            TaskStatus killed = TaskStatus.newBuilder()
                    .setTaskId(Protos.TaskID.newBuilder().setValue(task.getSpec().getTaskId()))
                    .setAgentId(Protos.AgentID.newBuilder().setValue(task.getSpec().getAgentId()))
                    .setState(TaskState.TASK_KILLED)
                    .setSource(TaskStatus.Source.SOURCE_MASTER)
                    .setReason(TaskStatus.Reason.REASON_FRAMEWORK_REMOVED)
                    .setTimestamp(Instant.now().toEpochMilli() / 1000.0)
                    .build();
            tasks.complete(task, killed);
            updates.forget(task.getMetadata().getName());
            client.resources(MesosTask.class).inNamespace(config.namespace())
                    .withName(task.getMetadata().getName()).delete();
        }
        frameworks.remove(framework);
        allocator.requestCycle();
    }

    private void disconnected(Framework framework, EventStream stream) {
        Instant deadline = Instant.now().plusMillis(FrameworkRegistry.failoverMillis(framework.info()));
        if (!framework.disconnect(stream, deadline)) {
            return;
        }
        LOG.infof("framework %s disconnected; failover timeout %.1f s", framework.id(),
                framework.info().getFailoverTimeout());
        offers.removeIf(offer -> offer.frameworkId().equals(framework.id()));
        try {
            frameworks.markDisconnected(framework);
        } catch (RuntimeException e) {
            LOG.warnf(e, "could not record the disconnection of framework %s", framework.id());
        }
        allocator.requestCycle();
    }

    private void removeExpiredFrameworks() {
        Instant now = Instant.now();
        for (Framework framework : frameworks.all()) {
            Instant deadline = framework.failoverDeadline();
            if (framework.state() == Framework.State.DISCONNECTED && deadline != null && !deadline.isAfter(now)) {
                try {
                    teardown(framework, "failover timeout expired");
                } catch (RuntimeException e) {
                    LOG.warnf(e, "removing framework %s failed; retrying", framework.id());
                }
            }
        }
    }

    private static Optional<String> validate(FrameworkInfo info) {
        boolean multiRole = info.getCapabilitiesList().stream()
                .anyMatch(c -> c.getType() == FrameworkInfo.Capability.Type.MULTI_ROLE);
        if (multiRole && info.hasRole()) {
            return Optional.of("'FrameworkInfo.role' must not be present when the framework is MULTI_ROLE capable");
        }
        if (!multiRole && info.getRolesCount() > 0) {
            return Optional.of("'FrameworkInfo.roles' must not be present unless the framework is MULTI_ROLE capable");
        }
        return Optional.empty();
    }

    private static long refuseUntil(Protos.Filters filters) {
        double seconds = filters == null || !filters.hasRefuseSeconds() ? DEFAULT_REFUSE_SECONDS
                : filters.getRefuseSeconds();
        if (seconds < 0 || Double.isNaN(seconds)) {
            seconds = DEFAULT_REFUSE_SECONDS;
        }
        return System.currentTimeMillis() + (long) (Math.min(seconds, MAX_REFUSE_SECONDS) * 1000);
    }
}
