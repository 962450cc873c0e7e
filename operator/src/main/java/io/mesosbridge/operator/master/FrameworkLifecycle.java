package io.mesosbridge.operator.master;

import io.mesosbridge.crds.MesosTask;
import io.mesosbridge.mesos.tasks.TaskStates;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.FrameworkInfo;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;
import io.mesosbridge.mesos.v1.scheduler.Protos.Call;
import io.mesosbridge.operator.allocation.Allocator;
import io.mesosbridge.operator.authorization.Action;
import io.mesosbridge.operator.authorization.AuthorizationUnavailableException;
import io.mesosbridge.operator.authorization.Authorizer;
import io.mesosbridge.operator.authorization.KubernetesUser;
import io.mesosbridge.operator.authorization.Subject;
import io.mesosbridge.operator.config.BridgeConfig;
import io.mesosbridge.operator.counters.MasterCounters;
import io.mesosbridge.operator.frameworks.Framework;
import io.mesosbridge.operator.frameworks.FrameworkChannel;
import io.mesosbridge.operator.frameworks.FrameworkEvents;
import io.mesosbridge.operator.frameworks.FrameworkRegistry;
import io.mesosbridge.operator.identity.MasterIdentity;
import io.mesosbridge.operator.logging.LogText;
import io.mesosbridge.operator.offers.Offers;
import io.mesosbridge.operator.store.MesosTaskStore;
import io.mesosbridge.operator.tasks.StatusUpdates;
import io.mesosbridge.operator.tasks.TaskStatuses;
import io.mesosbridge.operator.threads.BridgeThreads;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A framework's life on this master, whichever API it speaks: subscribe (a new channel replaces the old one, which is
 * told "Framework failed over"), disconnect (at once, when its channel closes: offers withdrawn, failover timeout
 * started), removal when the failover timeout runs out, TEARDOWN from the framework or an operator, and
 * UPDATE_FRAMEWORK.
 */
@ApplicationScoped
public class FrameworkLifecycle {

    private static final Logger LOG = Logger.getLogger(FrameworkLifecycle.class);

    private final FrameworkRegistry frameworks;
    private final Offers offers;
    private final MesosTaskStore store;
    private final StatusUpdates updates;
    private final Allocator allocator;
    private final MasterIdentity master;
    private final BridgeConfig config;
    private final MasterCounters counters;
    private final ScheduledExecutorService background;
    private final ScheduledExecutorService heartbeats;
    private final Authorizer authorizer;

    public FrameworkLifecycle(FrameworkRegistry frameworks, Offers offers, MesosTaskStore store,
                              StatusUpdates updates, Allocator allocator, MasterIdentity master, BridgeConfig config,
                              MasterCounters counters, BridgeThreads threads, Authorizer authorizer) {
        this.frameworks = frameworks;
        this.offers = offers;
        this.store = store;
        this.updates = updates;
        this.allocator = allocator;
        this.master = master;
        this.config = config;
        this.counters = counters;
        this.background = threads.scheduled("framework-lifecycle");
        this.heartbeats = threads.scheduled("framework-heartbeats");
        this.authorizer = authorizer;
    }

    public void start() {
        background.scheduleWithFixedDelay(this::removeExpiredFrameworks, 1, 1, TimeUnit.SECONDS);
    }

    /**
     * SUBSCRIBE on {@code channel}: registers or re-registers the framework; SUBSCRIBED is the channel's first event.
     * Returns nothing when the subscription was refused, which the channel has then been told (ERROR) and closed.
     */
    public Optional<Framework> subscribe(Call.Subscribe subscribe, FrameworkChannel channel) {
        return subscribe(subscribe, channel, Optional.empty());
    }

    /**
     * SUBSCRIBE from a client that authenticated as a Kubernetes user ({@code kubernetesUser}), whom the authorizer
     * then asks about; any other subscriber is authorized by its FrameworkInfo's principal, as in Mesos.
     */
    public Optional<Framework> subscribe(Call.Subscribe subscribe, FrameworkChannel channel,
                                         Optional<KubernetesUser> kubernetesUser) {
        FrameworkInfo info = subscribe.getFrameworkInfo();
        boolean resubscribing = info.hasId() && !info.getId().getValue().isEmpty();
        counters.increment(resubscribing ? "master/messages_reregister_framework"
                : "master/messages_register_framework");
        String id = resubscribing ? info.getId().getValue() : master.nextFrameworkId();
        Optional<String> invalid = validate(info, subscribe.getSuppressedRolesList())
                .or(() -> frameworks.capacityProblem(id, info));
        if (invalid.isEmpty() && resubscribing) {
            // a known id subscribing with another principal, user or checkpointing is refused, as Mesos refuses it:
            // without this, anyone knowing an id would take the framework over
            invalid = frameworks.get(id).flatMap(known -> immutableChange(known.info(), info));
            invalid.ifPresent(change -> LOG.warnf("framework %s refused a subscription: %s", LogText.escape(id),
                    change));
        }
        if (invalid.isEmpty()) {
            invalid = unauthorizedRoles(Framework.subjectOf(info, kubernetesUser), info);
            invalid.ifPresent(why -> LOG.infof("Refusing subscription of framework '%s': %s",
                    LogText.escape(info.getName()), why));
        }
        if (invalid.isPresent() || frameworks.isCompleted(id)) {
            channel.fail(invalid.orElse("Framework has been removed"));
            return Optional.empty();
        }
        // SUBSCRIBED is the first event and, as from the Mesos master's heartbeater, a HEARTBEAT follows at once
        channel.send(FrameworkEvents.subscribed(id, config.heartbeatIntervalSeconds(), master.masterInfo()));
        if (channel.wantsHeartbeats()) {
            channel.send(FrameworkEvents.heartbeat());
        }
        // off its old channel first, so that no offer goes anywhere while the old ones are withdrawn: every offer
        // this framework holds from now on went to the new channel
        boolean known = frameworks.get(id).isPresent();
        Framework framework = frameworks.register(id, info);
        framework.authenticatedAs(kubernetesUser);
        boolean retriedOnItsChannel = framework.channel() == channel;
        if (retriedOnItsChannel) {
            // a v0 driver subscribing again from its pid still holds its offers: they go, and it is told
            offers.rescindAll(id, "its framework subscribed again");
        }
        FrameworkChannel replaced = framework.detach();
        offers.withdrawAll(id);
        framework.revive(List.of());
        if (subscribe.getSuppressedRolesCount() > 0) {
            framework.suppress(subscribe.getSuppressedRolesList());
        }
        framework.connect(channel);
        if (replaced != null && replaced != channel) {
            replaced.fail("Framework failed over");
        }
        try {
            frameworks.subscribed(framework);
        } catch (RuntimeException e) {
            refuseUnrecorded(framework, channel, known, e);
            return Optional.empty();
        }
        if (channel.wantsHeartbeats()) {
            framework.count("events/heartbeat");
            heartbeat(framework, channel);
        }
        framework.count("calls/subscribe");
        framework.count("events/subscribed");
        LOG.infof("framework %s (%s) subscribed", LogText.escape(id), LogText.escape(info.getName()));
        if (!retriedOnItsChannel) {
            // a driver retrying its registration already got the pending updates on this channel, after the first
            // reply; the retry timer covers any it then dropped
            updates.resendFor(id);
        }
        allocator.requestCycle();
        return Optional.of(framework);
    }

    /**
     * The framework could not be persisted: its subscription is refused, so that no client holds a framework a
     * restart would lose. A new one is forgotten at once; a known one is disconnected, its failover timeout started.
     */
    private void refuseUnrecorded(Framework framework, FrameworkChannel channel, boolean known, RuntimeException e) {
        LOG.warnf(e, "could not persist framework %s; refusing its subscription", LogText.escape(framework.id()));
        offers.withdrawAll(framework.id());
        if (known) {
            framework.disconnect(channel, Instant.now().plusMillis(FrameworkRegistry.failoverMillis(framework.info())));
        } else {
            framework.detach();
            frameworks.discard(framework);
        }
        channel.fail("The master could not record the framework; subscribe again later");
    }

    /** HEARTBEAT every heartbeat interval while {@code channel} is the framework's open channel. */
    private void heartbeat(Framework framework, FrameworkChannel channel) {
        long interval = config.heartbeatIntervalSeconds() * 1000L;
        heartbeats.schedule(() -> {
            if (framework.channel() == channel && channel.isOpen() && framework.send(FrameworkEvents.heartbeat())) {
                heartbeat(framework, channel);
            }
        }, interval, TimeUnit.MILLISECONDS);
    }

    /**
     * The framework's {@code channel} closed (its client went away or stopped reading): if it is still the current
     * one, the framework is disconnected at once, its offers withdrawn and its failover timeout started. Safe to call
     * from any thread; the work is done on the lifecycle's own.
     */
    public void disconnected(Framework framework, FrameworkChannel channel) {
        background.execute(() -> {
            Instant deadline = Instant.now().plusMillis(FrameworkRegistry.failoverMillis(framework.info()));
            if (!framework.disconnect(channel, deadline)) {
                return;
            }
            LOG.infof("framework %s disconnected; failover timeout %.1f s", framework.id(),
                    framework.info().getFailoverTimeout());
            offers.withdrawAll(framework.id());
            try {
                frameworks.disconnected(framework);
            } catch (RuntimeException e) {
                LOG.warnf(e, "could not record the disconnection of framework %s", framework.id());
            }
            allocator.requestCycle();
        });
    }

    /**
     * Deactivation of a connected framework (a v0 driver's {@code abort()}): its offers are rescinded and it gets no
     * more until it subscribes again. It stays connected, so no failover timeout runs.
     */
    public void deactivate(Framework framework) {
        counters.increment("master/messages_deactivate_framework");
        framework.deactivate();
        LOG.infof("framework %s deactivated", framework.id());
        offers.rescindAll(framework.id(), "its framework was deactivated");
        frameworks.deactivated(framework);
    }

    /** UPDATE_FRAMEWORK: a new FrameworkInfo, except for what Mesos keeps immutable. */
    public CallResult update(Framework framework, Call.UpdateFramework update) {
        FrameworkInfo info = update.getFrameworkInfo();
        Optional<String> invalid = immutableChange(framework.info(), info)
                .or(() -> validate(info, update.getSuppressedRolesList()))
                .or(() -> unauthorizedRoles(framework.subject(), info));
        if (invalid.isPresent()) {
            return CallResult.invalid(invalid.get());
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
        FrameworkChannel channel = framework.channel();
        framework.disconnect(channel, Instant.now());
        if (channel != null) {
            channel.close();
        }
        offers.withdrawAll(framework.id());
        for (MesosTask task : store.ofFramework(framework.id())) {
            // a task that ended before its framework goes with the state it ended in, the others are killed
            TaskStatus last;
            if (TaskStates.isTerminal(MesosTaskStore.stateOf(task))) {
                last = TaskStatuses.latest(task, Instant.now());
            } else {
                last = TaskStatus.newBuilder()
                        .setTaskId(Protos.TaskID.newBuilder().setValue(task.getSpec().getTaskId()))
                        .setAgentId(Protos.AgentID.newBuilder().setValue(task.getSpec().getAgentId()))
                        .setState(TaskState.TASK_KILLED)
                        .setSource(TaskStatus.Source.SOURCE_MASTER)
                        .setReason(TaskStatus.Reason.REASON_FRAMEWORK_REMOVED)
                        .setTimestamp(TaskStatuses.seconds(Instant.now()))
                        .build();
                counters.taskTransition(framework, last);
            }
            updates.complete(task, last);
            updates.forget(task.getMetadata().getName());
            store.delete(task);
        }
        frameworks.remove(framework);
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

    /** The register_frameworks ACL on every role the framework asks for, refused in Mesos's words. */
    private Optional<String> unauthorizedRoles(Subject subject, FrameworkInfo info) {
        List<String> roles = Framework.rolesOf(info);
        try {
            if (authorizer.authorizedForEach(subject, Action.REGISTER_FRAMEWORK, roles)) {
                return Optional.empty();
            }
        } catch (AuthorizationUnavailableException e) {
            return Optional.of("Authorization failure: " + e.getMessage());
        }
        return Optional.of("Not authorized to use roles '{ " + String.join(", ", new TreeSet<>(roles)) + " }'");
    }

    /** What a subscription or UPDATE_FRAMEWORK may not change, with Mesos's messages. */
    static Optional<String> immutableChange(FrameworkInfo current, FrameworkInfo next) {
        if (current.hasPrincipal() != next.hasPrincipal() || !current.getPrincipal().equals(next.getPrincipal())) {
            // the message names no principal: the old one is not the subscriber's business
            return Optional.of("Changing framework's principal is not allowed.");
        }
        if (!next.getUser().equals(current.getUser())) {
            return Optional.of("Updating 'FrameworkInfo.user' is unsupported; attempted to update from '"
                    + current.getUser() + "' to '" + next.getUser() + "'");
        }
        if (next.getCheckpoint() != current.getCheckpoint()) {
            return Optional.of("Updating 'FrameworkInfo.checkpoint' is unsupported; attempted to update from '"
                    + current.getCheckpoint() + "' to '" + next.getCheckpoint() + "'");
        }
        return Optional.empty();
    }

    static Optional<String> validate(FrameworkInfo info, List<String> suppressedRoles) {
        return CallValidation.validateFrameworkInfo(info, suppressedRoles);
    }
}
