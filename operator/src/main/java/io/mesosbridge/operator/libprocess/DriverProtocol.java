package io.mesosbridge.operator.libprocess;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.mesosbridge.mesos.internal.AuthenticationMessages;
import io.mesosbridge.mesos.internal.Messages;
import io.mesosbridge.mesos.libprocess.Envelope;
import io.mesosbridge.mesos.libprocess.Upid;
import io.mesosbridge.mesos.v1.Protos.FrameworkInfo;
import io.mesosbridge.mesos.v1.scheduler.Protos.Call;
import io.mesosbridge.operator.agents.Agent;
import io.mesosbridge.operator.agents.AgentDirectory;
import io.mesosbridge.operator.config.BridgeConfig;
import io.mesosbridge.operator.counters.MasterCounters;
import io.mesosbridge.operator.frameworks.Framework;
import io.mesosbridge.operator.frameworks.FrameworkListener;
import io.mesosbridge.operator.frameworks.FrameworkRegistry;
import io.mesosbridge.operator.identity.MasterIdentity;
import io.mesosbridge.operator.logging.LogText;
import io.mesosbridge.operator.master.CallResult;
import io.mesosbridge.operator.master.FrameworkLifecycle;
import io.mesosbridge.operator.master.SchedulerCalls;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the master does with each message a v0 scheduler driver sends it, as a Mesos 1.11 master does
 * ({@code Master::receive} and the handlers it installs): {@code mesos.scheduler.Call} and the older messages through
 * the same core as the v1 API, registration answered with FrameworkRegisteredMessage or
 * FrameworkReregisteredMessage, authentication by CRAM-MD5. What the master refuses it drops with a log line and
 * counts in {@code master/dropped_messages}; what makes a driver abort (a refused subscription, a call from a
 * framework the master disconnected) it tells the driver with FrameworkErrorMessage, as Mesos does.
 */
@ApplicationScoped
public class DriverProtocol {

    private static final Logger LOG = Logger.getLogger(DriverProtocol.class);
    static final String MASTER_PROCESS = "master";

    private final FrameworkLifecycle lifecycle;
    private final SchedulerCalls calls;
    private final FrameworkRegistry frameworks;
    private final Links links;
    private final AgentDirectory agents;
    private final DriverAuthentication authentication;
    private final MasterIdentity identity;
    private final BridgeConfig config;
    private final MasterCounters counters;
    private final Upid master;
    private final Map<String, Handler> handlers = new HashMap<>();

    public DriverProtocol(FrameworkLifecycle lifecycle, SchedulerCalls calls, FrameworkRegistry frameworks,
                          Links links, AgentDirectory agents, DriverAuthentication authentication,
                          MasterIdentity identity, BridgeConfig config, MasterCounters counters) {
        this.lifecycle = lifecycle;
        this.calls = calls;
        this.frameworks = frameworks;
        this.links = links;
        this.agents = agents;
        this.authentication = authentication;
        this.identity = identity;
        this.config = config;
        this.counters = counters;
        this.master = Upid.parse(identity.masterInfo().getPid());
        install(io.mesosbridge.mesos.v0.scheduler.Protos.Call.getDefaultInstance(), this::call);
        install(Messages.RegisterFrameworkMessage.getDefaultInstance(), this::register);
        install(Messages.ReregisterFrameworkMessage.getDefaultInstance(), this::reregister);
        install(Messages.UnregisterFrameworkMessage.getDefaultInstance(),
                (from, message) -> call(from, DriverCalls.unregister(message), false));
        install(Messages.DeactivateFrameworkMessage.getDefaultInstance(), this::deactivate);
        install(Messages.LaunchTasksMessage.getDefaultInstance(),
                (from, message) -> call(from, DriverCalls.launchTasks(message), false));
        install(Messages.ReviveOffersMessage.getDefaultInstance(),
                (from, message) -> call(from, DriverCalls.revive(message), false));
        install(Messages.KillTaskMessage.getDefaultInstance(),
                (from, message) -> call(from, DriverCalls.kill(message), false));
        install(Messages.StatusUpdateAcknowledgementMessage.getDefaultInstance(),
                (from, message) -> call(from, DriverCalls.acknowledge(message), false));
        install(Messages.ReconcileTasksMessage.getDefaultInstance(),
                (from, message) -> call(from, DriverCalls.reconcile(message), false));
        install(Messages.ResourceRequestMessage.getDefaultInstance(),
                (from, message) -> call(from, DriverCalls.request(message), false));
        install(Messages.FrameworkToExecutorMessage.getDefaultInstance(),
                (from, message) -> call(from, DriverCalls.message(message), false));
        install(AuthenticationMessages.AuthenticateMessage.getDefaultInstance(), authentication::authenticate);
        install(AuthenticationMessages.AuthenticationStartMessage.getDefaultInstance(), authentication::start);
        install(AuthenticationMessages.AuthenticationStepMessage.getDefaultInstance(), authentication::step);
        frameworks.addListener(new FrameworkListener() {
            @Override
            public void frameworkChanged(Framework framework) {
                // a disconnection is seen where the link is lost
            }

            @Override
            public void frameworkRemoved(Framework framework) {
                framework.pid().map(Upid::parse).ifPresent(authentication::forget);
            }
        });
    }

    /** The processes this master runs: a message to any other is answered 404. */
    boolean hosts(String processId) {
        return MASTER_PROCESS.equals(processId);
    }

    /** Handles one message from a driver, in the order its peer sent it. */
    void receive(Envelope envelope, byte[] body) {
        Handler handler = handlers.get(envelope.name());
        if (handler == null) {
            drop(envelope.from(), envelope.name(), "no such message");
            return;
        }
        handler.handle(envelope, body);
    }

    /** Drops a message the master will not handle, as Mesos's {@code drop} does, and counts it. */
    void drop(Upid from, String what, String why) {
        counters.increment("master/dropped_messages");
        LOG.warnf("Dropping %s from %s: %s", what, from, LogText.escape(why));
    }

    private void register(Upid from, Messages.RegisterFrameworkMessage message) {
        if (!message.getFramework().getId().getValue().isEmpty()) {
            refuse(from, message.getFramework(), "Registering with 'id' already set");
            return;
        }
        subscribe(from, DriverCalls.register(message), false);
    }

    private void reregister(Upid from, Messages.ReregisterFrameworkMessage message) {
        if (message.getFramework().getId().getValue().isEmpty()) {
            refuse(from, message.getFramework(), "Re-registering without an 'id'");
            return;
        }
        subscribe(from, DriverCalls.reregister(message), message.getFailover());
    }

    private void call(Upid from, io.mesosbridge.mesos.v0.scheduler.Protos.Call call) {
        Call v1;
        try {
            v1 = DriverCalls.v1(call);
        } catch (InvalidProtocolBufferException e) {
            drop(from, call.getType() + " call", "not a valid call: " + e.getMessage());
            return;
        }
        if (v1.getType() == Call.Type.SUBSCRIBE) {
            subscribe(from, v1, call.getSubscribe().getForce());
        } else {
            call(from, v1, true);
        }
    }

    private void call(Upid from, Call call, boolean needsConnection) {
        String what = call.getType() + " call for framework " + call.getFrameworkId().getValue();
        Optional<String> invalid = calls.validate(call, Optional.empty());
        if (invalid.isPresent()) {
            drop(from, what, invalid.get());
            return;
        }
        Optional<Framework> framework = fromRegisteredFramework(from, call.getFrameworkId().getValue(), what);
        if (framework.isEmpty()) {
            return;
        }
        if (needsConnection && !framework.get().isConnected()) {
            // a driver has no other way to learn that the master lost it: this makes it abort
            sendOnce(from, error("Framework disconnected"));
            drop(from, what, "Framework disconnected");
            return;
        }
        if (call.getType() == Call.Type.ACKNOWLEDGE_OPERATION_STATUS
                || call.getType() == Call.Type.RECONCILE_OPERATIONS) {
            drop(from, what, "'" + call.getType() + "' is not supported by the v0 API");
            return;
        }
        CallResult result = calls.handle(framework.get(), call);
        if (result.error() == null) {
            return;
        }
        if (call.getType() == Call.Type.UPDATE_FRAMEWORK) {
            sendOnce(from, error(result.error()));
        }
        drop(from, what, result.error());
    }

    private void deactivate(Upid from, Messages.DeactivateFrameworkMessage message) {
        String id = message.getFrameworkId().getValue();
        Optional<Framework> framework = fromRegisteredFramework(from, id, "deactivate framework message");
        if (framework.isPresent() && framework.get().isActive()) {
            lifecycle.deactivate(framework.get());
        }
    }

    /**
     * SUBSCRIBE from a driver. A framework registers (FrameworkRegisteredMessage) when it is new, when it fails over
     * to a new pid with {@code force}, or when this master does not know its pid yet (after a master failover); it
     * re-registers (FrameworkReregisteredMessage) from the pid it already has. A new pid without {@code force} is
     * refused with "Framework failed over", and a repeated first SUBSCRIBE is answered again with the same id.
     */
    private void subscribe(Upid from, Call call, boolean force) {
        Optional<String> invalid = calls.validate(call, Optional.empty());
        if (invalid.isPresent()) {
            drop(from, "SUBSCRIBE call", invalid.get());
            return;
        }
        if (authentication.inProgress(from)) {
            drop(from, "SUBSCRIBE call", "authentication is still in progress; the driver retries");
            return;
        }
        Call.Subscribe subscribe = call.getSubscribe();
        FrameworkInfo info = subscribe.getFrameworkInfo();
        Optional<String> principal = authentication.principalOf(from);
        if (config.authenticateFrameworks() && principal.isEmpty()) {
            refuse(from, info, "Framework at " + from + " is not authenticated");
            return;
        }
        if (principal.isPresent() && info.hasPrincipal() && !info.getPrincipal().equals(principal.get())) {
            refuse(from, info, "Framework principal '" + info.getPrincipal()
                    + "' does not match authenticated principal '" + principal.get() + "'");
            return;
        }
        if (principal.isPresent() && !info.hasPrincipal()) {
            subscribe = subscribe.toBuilder().setFrameworkInfo(info.toBuilder().setPrincipal(principal.get())).build();
        }
        boolean hasId = !info.getId().getValue().isEmpty();
        Optional<Framework> known = hasId ? frameworks.get(info.getId().getValue()) : registeredAt(from);
        if (!hasId && known.isPresent()) {
            LOG.infof("framework %s already subscribed at %s; answering its registration again", known.get().id(),
                    from);
            sendTo(known.get(), from, registered(known.get().id()));
            return;
        }
        boolean samePid = known.flatMap(Framework::pid).map(from.toString()::equals).orElse(false);
        boolean pidKnown = known.flatMap(Framework::pid).isPresent();
        if (pidKnown && !samePid && !force) {
            refuse(from, info, "Framework failed over");
            return;
        }
        Optional<DriverChannel> channel = samePid ? currentChannel(known.get()) : Optional.empty();
        if (channel.isEmpty()) {
            channel = newChannel(from);
        }
        if (channel.isEmpty()) {
            drop(from, "SUBSCRIBE call", "the master has " + Links.MAX_LINKS + " libprocess peers already");
            return;
        }
        DriverChannel subscribed = channel.get();
        subscribed.answerAsReregistration(samePid && !force);
        lifecycle.subscribe(subscribe, subscribed).ifPresent(framework -> subscribed.onLost(() -> {
            LOG.infof("lost the link to framework %s at %s", framework.id(), subscribed.scheduler());
            authentication.forget(subscribed.scheduler());
            sendOnce(subscribed.scheduler(), error("Framework disconnected"));
            lifecycle.disconnected(framework, subscribed);
        }));
    }

    private void refuse(Upid from, FrameworkInfo info, String why) {
        LOG.infof("Refusing subscription of framework '%s' at %s: %s", LogText.escape(info.getName()), from,
                LogText.escape(why));
        sendOnce(from, error(why));
    }

    /** The framework {@code frameworkId} if {@code from} is its driver; otherwise empty, the message dropped. */
    private Optional<Framework> fromRegisteredFramework(Upid from, String frameworkId, String what) {
        Optional<Framework> framework = frameworks.get(frameworkId);
        if (framework.isEmpty()) {
            drop(from, what, "Framework cannot be found");
            return Optional.empty();
        }
        if (!framework.get().pid().map(from.toString()::equals).orElse(false)) {
            drop(from, what, "Call is not from registered framework");
            return Optional.empty();
        }
        return framework;
    }

    private Optional<Framework> registeredAt(Upid from) {
        String pid = from.toString();
        return frameworks.all().stream().filter(f -> f.pid().map(pid::equals).orElse(false)).findFirst();
    }

    private static Optional<DriverChannel> currentChannel(Framework framework) {
        if (framework.channel() instanceof DriverChannel channel && channel.isOpen()) {
            return Optional.of(channel);
        }
        return Optional.empty();
    }

    private Optional<DriverChannel> newChannel(Upid scheduler) {
        return links.acquire(scheduler).map(link -> new DriverChannel(scheduler, master, link, this::acknowledgee));
    }

    /** Updates name their agent as the acknowledgee, or this master when the agent is not known any more. */
    private String acknowledgee(String agentId) {
        return agents.byId(agentId).map(Agent::pid).orElse(master.toString());
    }

    private Message registered(String frameworkId) {
        return Messages.FrameworkRegisteredMessage.newBuilder()
                .setFrameworkId(io.mesosbridge.mesos.v1.Protos.FrameworkID.newBuilder().setValue(frameworkId))
                .setMasterInfo(identity.masterInfo())
                .build();
    }

    private static Message error(String message) {
        return Messages.FrameworkErrorMessage.newBuilder().setMessage(message).build();
    }

    /** Sends on the framework's channel when it has one open to {@code to}; on a link of its own otherwise. */
    private void sendTo(Framework framework, Upid to, Message message) {
        Optional<DriverChannel> channel = currentChannel(framework);
        if (channel.isPresent() && channel.get().scheduler().equals(to)) {
            channel.get().sendMessage(message);
        } else {
            sendOnce(to, message);
        }
    }

    private void sendOnce(Upid to, Message message) {
        links.sendOnce(master, to, message);
    }

    private <M extends Message> void install(M prototype, MessageAction<M> action) {
        install(prototype, prototype.getDescriptorForType().getFullName(), action);
    }

    @SuppressWarnings("unchecked")
    private <M extends Message> void install(M prototype, String name, MessageAction<M> action) {
        Parser<M> parser = (Parser<M>) prototype.getParserForType();
        handlers.put(name, (envelope, body) -> {
            M message;
            try {
                message = parser.parseFrom(body);
            } catch (InvalidProtocolBufferException e) {
                drop(envelope.from(), name, "Failed to deserialize: " + e.getMessage());
                return;
            }
            action.handle(envelope.from(), message);
        });
    }

    /** What to do with one kind of message, parsed. */
    @FunctionalInterface
    interface MessageAction<M extends Message> {
        void handle(Upid from, M message);
    }

    @FunctionalInterface
    private interface Handler {
        void handle(Envelope envelope, byte[] body);
    }
}
