package io.mesosbridge.operator.master;

import com.google.protobuf.ByteString;
import io.mesosbridge.crds.MesosTask;
import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;
import io.mesosbridge.mesos.v1.scheduler.Protos.Call;
import io.mesosbridge.mesos.v1.scheduler.Protos.Response;
import io.mesosbridge.operator.agents.AgentDirectory;
import io.mesosbridge.operator.allocation.Allocator;
import io.mesosbridge.operator.counters.MasterCounters;
import io.mesosbridge.operator.executors.Executors;
import io.mesosbridge.operator.frameworks.Framework;
import io.mesosbridge.operator.logging.LogText;
import io.mesosbridge.operator.offers.Offer;
import io.mesosbridge.operator.offers.OfferBook;
import io.mesosbridge.operator.offers.OfferBook.InvalidOffersException;
import io.mesosbridge.operator.offers.Offers;
import io.mesosbridge.operator.pods.ObservedTaskState;
import io.mesosbridge.operator.pods.TaskPods;
import io.mesosbridge.operator.store.MesosTaskStore;
import io.mesosbridge.operator.tasks.CompletedTasks;
import io.mesosbridge.operator.tasks.StatusUpdates;
import io.mesosbridge.operator.tasks.TaskLauncher;
import io.mesosbridge.operator.tasks.TaskStatuses;
import io.mesosbridge.operator.threads.BridgeThreads;
import io.mesosbridge.operator.threads.OrderedExecutor;
import io.mesosbridge.operator.validation.MesosRoles;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What the master does for each scheduler call of a subscribed framework (all but SUBSCRIBE, which
 * {@link FrameworkLifecycle} handles), whichever API brought it: the adapter has parsed and checked the call and
 * found the framework.
 */
@ApplicationScoped
public class SchedulerCalls {

    private static final Logger LOG = Logger.getLogger(SchedulerCalls.class);
    private static final double DEFAULT_REFUSE_SECONDS = 5;
    private static final double MAX_REFUSE_SECONDS = 365 * 24 * 3600;
    private static final int ACKNOWLEDGEMENTS_WAITING = 100_000;
    private static final Duration ACKNOWLEDGEMENTS_BEFORE_TEARDOWN = Duration.ofSeconds(10);

    private final FrameworkLifecycle lifecycle;
    private final OfferBook book;
    private final Offers offers;
    private final Allocator allocator;
    private final TaskLauncher launcher;
    private final MesosTaskStore store;
    private final CompletedTasks completed;
    private final StatusUpdates updates;
    private final AgentDirectory agents;
    private final MasterCounters counters;
    private final Executors executors;
    private final MaintenanceCalls maintenance;
    /** Acknowledgements applied after they were answered, in order per framework. */
    private final OrderedExecutor acknowledgements;

    public SchedulerCalls(FrameworkLifecycle lifecycle, OfferBook book, Offers offers, Allocator allocator,
                          TaskLauncher launcher, MesosTaskStore store, CompletedTasks completed,
                          StatusUpdates updates, AgentDirectory agents, MasterCounters counters,
                          BridgeThreads threads, Executors executors, MaintenanceCalls maintenance) {
        this.lifecycle = lifecycle;
        this.book = book;
        this.offers = offers;
        this.allocator = allocator;
        this.launcher = launcher;
        this.store = store;
        this.completed = completed;
        this.updates = updates;
        this.agents = agents;
        this.counters = counters;
        this.executors = executors;
        this.maintenance = maintenance;
        this.acknowledgements = new OrderedExecutor(threads.pool("acknowledgements", 8), ACKNOWLEDGEMENTS_WAITING);
    }

    /**
     * Validates a call as {@link CallValidation} does and, as a Mesos master does for an invalid call, counts an
     * invalid acknowledgement or framework message; returns the problem, if any.
     */
    public Optional<String> validate(Call call, Optional<String> authenticatedPrincipal) {
        Optional<String> invalid = CallValidation.validate(call, authenticatedPrincipal);
        if (invalid.isPresent() && call.getType() == Call.Type.ACKNOWLEDGE) {
            counters.increment("master/invalid_status_update_acknowledgements");
        } else if (invalid.isPresent() && call.getType() == Call.Type.MESSAGE) {
            counters.increment("master/invalid_framework_to_executor_messages");
        }
        return invalid;
    }

    /** Handles a call that passed {@link #validate}, of the framework it names. */
    public CallResult handle(Framework framework, Call call) {
        framework.count("calls/" + call.getType().name().toLowerCase(Locale.ROOT));
        return switch (call.getType()) {
            case TEARDOWN -> {
                counters.increment("master/messages_unregister_framework");
                awaitAcknowledgements(framework);
                lifecycle.teardown(framework, "the framework asked for TEARDOWN");
                yield CallResult.accepted();
            }
            case ACCEPT -> accept(framework, call.getAccept());
            case DECLINE -> decline(framework, call.getDecline().getOfferIdsList(),
                    call.getDecline().hasFilters() ? call.getDecline().getFilters() : null);
            case REVIVE -> {
                counters.increment("master/messages_revive_offers");
                if (rolesAccepted(framework, call, "revive role", call.getRevive().getRolesList())) {
                    framework.revive(call.getRevive().getRolesList());
                    allocator.requestCycle();
                }
                yield CallResult.accepted();
            }
            case SUPPRESS -> {
                counters.increment("master/messages_suppress_offers");
                if (rolesAccepted(framework, call, "suppression role", call.getSuppress().getRolesList())) {
                    framework.suppress(call.getSuppress().getRolesList());
                }
                yield CallResult.accepted();
            }
            case KILL -> kill(framework, call.getKill());
            case ACKNOWLEDGE -> acknowledge(framework, call.getAcknowledge());
            case RECONCILE -> {
                reconcile(framework, call.getReconcile());
                yield CallResult.accepted();
            }
            case UPDATE_FRAMEWORK -> lifecycle.update(framework, call.getUpdateFramework());
            case RECONCILE_OPERATIONS -> {
                counters.increment("master/messages_reconcile_operations");
                yield CallResult.ok(Response.newBuilder().setType(Response.Type.RECONCILE_OPERATIONS)
                        .setReconcileOperations(Response.ReconcileOperations.getDefaultInstance()).build());
            }
            case MESSAGE -> {
                counters.increment("master/messages_framework_to_executor");
                Call.Message message = call.getMessage();
                counters.increment(executors.frameworkMessage(framework.id(), message.getAgentId(),
                        message.getExecutorId(), message.getData())
                        ? "master/valid_framework_to_executor_messages"
                        : "master/invalid_framework_to_executor_messages");
                yield CallResult.accepted();
            }
            case SHUTDOWN -> {
                executors.shutdown(framework.id(), call.getShutdown().getExecutorId());
                yield CallResult.accepted();
            }
            case REQUEST -> {
                counters.increment("master/messages_resource_request");
                yield CallResult.accepted();
            }
            case ACCEPT_INVERSE_OFFERS, DECLINE_INVERSE_OFFERS -> maintenance.answerInverseOffers(framework, call);
            case ACKNOWLEDGE_OPERATION_STATUS -> CallResult.accepted();
            default -> CallResult.notImplemented("Received '" + call.getType() + "' call, which is not implemented");
        };
    }

    /**
     * Whether every role a REVIVE or SUPPRESS names is valid and one of the framework's; if not, the whole call is
     * dropped (answered, logged, without effect), as {@code Master::revive} and {@code Master::suppress} drop it.
     */
    private static boolean rolesAccepted(Framework framework, Call call, String what, List<String> roles) {
        Optional<String> reason = dropReason(framework.roles(), what, roles);
        reason.ifPresent(why -> LOG.warnf("Dropping %s call from framework %s: %s", call.getType(),
                LogText.escape(framework.id()), LogText.escape(why)));
        return reason.isEmpty();
    }

    /** Why a REVIVE or SUPPRESS naming {@code roles} is dropped for a framework of {@code subscribed} roles. */
    static Optional<String> dropReason(List<String> subscribed, String what, List<String> roles) {
        for (String role : roles) {
            Optional<String> invalid = MesosRoles.problem(role);
            if (invalid.isPresent()) {
                return Optional.of(what + " '" + role + "' is invalid: " + invalid.get());
            }
            if (!subscribed.contains(role)) {
                return Optional.of(what + " '" + role + "' is not one of the frameworks's subscribed roles");
            }
        }
        return Optional.empty();
    }

    /**
     * ACCEPT: the offers are taken (all or none); each task then has its own outcome, and whatever no task used is
     * declined with the call's filters. Nothing in a task's content makes the call fail.
     */
    private CallResult accept(Framework framework, Call.Accept accept) {
        List<String> offerIds = accept.getOfferIdsList().stream().map(Protos.OfferID::getValue).toList();
        List<Offer> taken;
        try {
            taken = book.take(framework.id(), offerIds);
        } catch (InvalidOffersException e) {
            launcher.dropAll(framework, accept.getOperationsList(), e.getMessage());
            return CallResult.accepted();
        }
        taken.forEach(offer -> framework.count("offers/accepted"));
        try {
            Resources unused = launcher.launch(framework, taken, accept.getOperationsList());
            // refused while the ACCEPT still holds the offers, so that no allocation cycle in between offers them again
            if (unused.scalar("cpus") > 0 || unused.scalar("mem") > 0) {
                framework.refuse(taken.get(0).agentId(), refuseUntil(accept.hasFilters() ? accept.getFilters() : null));
            }
        } finally {
            book.release(taken);
        }
        allocator.requestCycle();
        return CallResult.accepted();
    }

    private CallResult decline(Framework framework, List<Protos.OfferID> offerIds, Protos.Filters filters) {
        counters.increment("master/messages_decline_offers");
        long until = refuseUntil(filters);
        for (Protos.OfferID id : offerIds) {
            Predicate<Offer> declined = offer -> offer.id().equals(id.getValue())
                    && offer.frameworkId().equals(framework.id());
            // refused before the offer goes, so that no allocation cycle in between offers the agent again
            book.all().stream().filter(declined).forEach(offer -> framework.refuse(offer.agentId(), until));
            offers.withdraw(declined).forEach(offer -> framework.count("offers/declined"));
        }
        return CallResult.accepted();
    }

    private CallResult kill(Framework framework, Call.Kill kill) {
        counters.increment("master/messages_kill_task");
        Optional<MesosTask> task = store.find(framework.id(), kill.getTaskId().getValue());
        if (task.isEmpty()) {
            Call.Reconcile.Task.Builder unknown = Call.Reconcile.Task.newBuilder().setTaskId(kill.getTaskId());
            if (kill.hasAgentId()) {
                unknown.setAgentId(kill.getAgentId());
            }
            reconcile(framework, Call.Reconcile.newBuilder().addTasks(unknown).build());
            return CallResult.accepted();
        }
        Long grace = kill.hasKillPolicy() ? TaskPods.gracePeriodSeconds(kill.getKillPolicy()) : null;
        store.requestKill(task.get(), grace);
        return CallResult.accepted();
    }

    private CallResult acknowledge(Framework framework, Call.Acknowledge ack) {
        ByteString uuid = ack.getUuid();
        counters.increment("master/messages_status_update_acknowledgement");
        // like a Mesos master, which forwards acknowledgements to the agent, answer at once and apply it after
        Runnable apply = () -> {
            try {
                updates.acknowledge(framework.id(), ack.getTaskId().getValue(), uuid);
            } catch (RuntimeException e) {
                LOG.warnf(e, "acknowledgement for task %s failed; the update will be resent",
                        LogText.escape(ack.getTaskId().getValue()));
            }
        };
        if (!acknowledgements.post(framework.id(), apply)) {
            apply.run();
        }
        return CallResult.accepted();
    }

    /**
     * A framework's calls take effect in the order it made them, as in a Mesos master: the acknowledgements it sent
     * before its TEARDOWN are applied first, so the tasks they end are recorded with their own last state.
     */
    private void awaitAcknowledgements(Framework framework) {
        try {
            if (!acknowledgements.awaitPosted(framework.id(), ACKNOWLEDGEMENTS_BEFORE_TEARDOWN)) {
                LOG.warnf("framework %s: earlier acknowledgements still running after %s; tearing down anyway",
                        framework.id(), ACKNOWLEDGEMENTS_BEFORE_TEARDOWN);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Answers with the master's view of each task named (explicit) or of all the framework's tasks (implicit). */
    void reconcile(Framework framework, Call.Reconcile reconcile) {
        counters.increment("master/messages_reconcile_tasks");
        if (reconcile.getTasksCount() == 0) {
            for (MesosTask task : store.ofFramework(framework.id())) {
                sendReconciliation(framework, TaskStatuses.latest(task, Instant.now()));
            }
            return;
        }
        for (Call.Reconcile.Task requested : reconcile.getTasksList()) {
            String taskId = requested.getTaskId().getValue();
            Optional<MesosTask> live = store.find(framework.id(), taskId);
            if (live.isPresent()) {
                sendReconciliation(framework, TaskStatuses.latest(live.get(), Instant.now()));
                continue;
            }
            Optional<CompletedTasks.CompletedTask> done = completed.find(framework.id(), taskId);
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

    private void sendReconciliation(Framework framework, TaskStatus status) {
        TaskStatus answer = status.toBuilder()
                .setSource(TaskStatus.Source.SOURCE_MASTER)
                .setReason(TaskStatus.Reason.REASON_RECONCILIATION)
                .setTimestamp(TaskStatuses.seconds(Instant.now()))
                .clearUuid()
                .clearData()
                .clearLabels()
                .build();
        updates.sendMasterUpdate(framework, answer);
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
