package io.mesosbridge.operator.frameworks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.mesosbridge.conventions.TaskNames;
import io.mesosbridge.crds.MesosFramework;
import io.mesosbridge.crds.MesosFrameworkSpec;
import io.mesosbridge.crds.MesosFrameworkStatus;
import io.mesosbridge.mesos.json.MesosJson;
import io.mesosbridge.mesos.json.MesosJsonException;
import io.mesosbridge.mesos.v1.Protos.FrameworkID;
import io.mesosbridge.mesos.v1.Protos.FrameworkInfo;
import io.mesosbridge.operator.config.BridgeConfig;
import io.mesosbridge.operator.store.FrameworkStore;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every framework the master knows, in memory, each mirrored in a MesosFramework resource so that frameworks
 * survive a restart of the operator; and the completed (removed) ones, bounded, for the state endpoints.
 */
@ApplicationScoped
public class FrameworkRegistry {

    private static final Logger LOG = Logger.getLogger(FrameworkRegistry.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FrameworkStore store;
    private final int completedLimit;
    private final int maxFrameworks;
    private final int maxSubscriptionsPerPrincipal;
    private final Map<String, Framework> frameworks = new ConcurrentHashMap<>();
    private final Deque<Framework> completed = new ArrayDeque<>();
    private final List<FrameworkListener> listeners = new CopyOnWriteArrayList<>();

    public FrameworkRegistry(FrameworkStore store, BridgeConfig config) {
        this.store = store;
        this.completedLimit = config.maxCompletedFrameworks();
        this.maxFrameworks = config.maxFrameworks();
        this.maxSubscriptionsPerPrincipal = config.maxSubscriptionsPerPrincipal();
    }

    public void addListener(FrameworkListener listener) {
        listeners.add(listener);
    }

    /** Loads the frameworks persisted before a restart; they stay disconnected until they re-subscribe. */
    public void recover() {
        for (MesosFramework resource : store.list()) {
            try {
                FrameworkInfo info = MesosJson.parse(JSON.writeValueAsString(resource.getSpec().getFrameworkInfo()),
                        FrameworkInfo.newBuilder()).build();
                Framework framework = new Framework(info.getId().getValue(), info);
                framework.setFailoverDeadline(Instant.now().plusMillis(failoverMillis(info)));
                frameworks.put(framework.id(), framework);
            } catch (MesosJsonException | IOException | RuntimeException e) {
                LOG.warnf(e, "ignoring unreadable MesosFramework %s", resource.getMetadata().getName());
            }
        }
        LOG.infof("recovered %d frameworks", frameworks.size());
    }

    public Optional<Framework> get(String id) {
        return Optional.ofNullable(frameworks.get(id));
    }

    public Collection<Framework> all() {
        return List.copyOf(frameworks.values());
    }

    public synchronized List<Framework> completed() {
        return List.copyOf(completed);
    }

    public synchronized boolean isCompleted(String id) {
        return completed.stream().anyMatch(f -> f.id().equals(id));
    }

    /**
     * Registers a new framework, or updates a known one with the (re)subscribing FrameworkInfo, in memory only: it is
     * persisted and announced once its channel is attached ({@link #subscribed}).
     */
    public Framework register(String id, FrameworkInfo info) {
        FrameworkInfo withId = info.toBuilder().setId(FrameworkID.newBuilder().setValue(id)).build();
        return frameworks.compute(id, (key, known) -> {
            if (known == null) {
                return new Framework(id, withId);
            }
            known.updateInfo(withId);
            return known;
        });
    }

    /**
     * Why framework {@code id} may not subscribe now for want of room: a new framework beyond
     * {@code max-frameworks}, or a stream beyond {@code max-subscriptions-per-principal} for its principal (its own
     * current stream, which the subscription replaces, not counted). Empty when it may.
     */
    public Optional<String> capacityProblem(String id, FrameworkInfo info) {
        if (!frameworks.containsKey(id) && frameworks.size() >= maxFrameworks) {
            return Optional.of("Too many frameworks: this master holds at most " + maxFrameworks
                    + " (mesos-bridge.max-frameworks)");
        }
        String principal = info.getPrincipal();
        long streams = frameworks.values().stream()
                .filter(f -> !f.id().equals(id) && f.isConnected() && f.info().getPrincipal().equals(principal))
                .count();
        if (streams >= maxSubscriptionsPerPrincipal) {
            return Optional.of("Too many subscriptions for principal '" + principal + "': at most "
                    + maxSubscriptionsPerPrincipal + " (mesos-bridge.max-subscriptions-per-principal)");
        }
        return Optional.empty();
    }

    /** Forgets a framework that was never persisted (its first persistence failed): it leaves no trace. */
    public void discard(Framework framework) {
        frameworks.remove(framework.id(), framework);
    }

    /** The framework is on its new channel: persisted, and its listeners told. */
    public void subscribed(Framework framework) {
        persist(framework);
        changed(framework);
    }

    public void update(Framework framework, FrameworkInfo info) {
        framework.updateInfo(info);
        persist(framework);
        changed(framework);
    }

    /** Tells the listeners of a deactivation that already happened in memory ({@link Framework#deactivate}). */
    public void deactivated(Framework framework) {
        changed(framework);
    }

    /** Records a disconnection that already happened in memory ({@link Framework#disconnect}). */
    public void disconnected(Framework framework) {
        changed(framework);
        persist(framework);
    }

    /** Forgets a framework (teardown or failover timeout): it moves to the completed list. */
    public void remove(Framework framework) {
        if (frameworks.remove(framework.id()) == null) {
            return;
        }
        framework.markRemoved(Instant.now());
        synchronized (this) {
            completed.addFirst(framework);
            while (completed.size() > completedLimit) {
                completed.removeLast();
            }
        }
        for (FrameworkListener listener : listeners) {
            listener.frameworkRemoved(framework);
        }
        store.delete(resourceName(framework.id()));
    }

    public static long failoverMillis(FrameworkInfo info) {
        return (long) (info.getFailoverTimeout() * 1000);
    }

    public static String resourceName(String frameworkId) {
        return TaskNames.frameworkLabelValue(frameworkId);
    }

    private void changed(Framework framework) {
        for (FrameworkListener listener : listeners) {
            try {
                listener.frameworkChanged(framework);
            } catch (RuntimeException e) {
                LOG.warn("framework listener failed", e);
            }
        }
    }

    private void persist(Framework framework) {
        FrameworkInfo info = framework.info();
        MesosFramework resource = new MesosFramework();
        resource.setMetadata(new ObjectMetaBuilder().withName(resourceName(framework.id())).build());
        MesosFrameworkSpec spec = new MesosFrameworkSpec();
        spec.setFrameworkId(framework.id());
        spec.setName(info.getName());
        spec.setUser(info.getUser());
        spec.setRoles(framework.roles());
        spec.setFailoverTimeoutSeconds(info.getFailoverTimeout());
        try {
            spec.setFrameworkInfo(JSON.readTree(MesosJson.print(info)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        resource.setSpec(spec);
        MesosFrameworkStatus status = new MesosFrameworkStatus();
        status.setState(framework.state().name());
        status.setRegisteredTime(framework.registeredTime().toString());
        if (framework.failoverDeadline() != null) {
            status.setFailoverDeadline(framework.failoverDeadline().toString());
        }
        resource.setStatus(status);
        store.save(resource);
    }
}
