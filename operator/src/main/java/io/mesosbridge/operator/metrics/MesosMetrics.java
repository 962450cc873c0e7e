package io.mesosbridge.operator.metrics;

import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.tasks.TaskStates;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.scheduler.Protos.Call;
import io.mesosbridge.mesos.v1.scheduler.Protos.Event;
import io.mesosbridge.operator.allocation.DominantShare;
import io.mesosbridge.operator.counters.MasterCounters;
import io.mesosbridge.operator.state.MasterSnapshot.FrameworkView;
import io.mesosbridge.operator.state.MasterState;
import io.mesosbridge.operator.state.MasterTotals;
import io.mesosbridge.operator.threads.BridgeThreads;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code /metrics/snapshot} and {@code GET_METRICS}: the flat map of a Mesos 1.11 master's metrics
 * (src/master/metrics.cpp, the hierarchical allocator's, libprocess's system metrics), names and units as Mesos
 * prints them, every value a double. Gauges come from the master's running totals, counters and timers from
 * {@link MasterCounters}; like a Mesos master's, counters start from zero when the master starts.
 */
@ApplicationScoped
public class MesosMetrics {

    private static final List<TaskState> GAUGE_STATES = List.of(TaskState.TASK_STAGING, TaskState.TASK_STARTING,
            TaskState.TASK_RUNNING, TaskState.TASK_KILLING, TaskState.TASK_UNREACHABLE);
    private static final List<TaskState> ACTIVE_STATES = List.of(TaskState.TASK_STAGING, TaskState.TASK_STARTING,
            TaskState.TASK_RUNNING, TaskState.TASK_KILLING, TaskState.TASK_UNREACHABLE, TaskState.TASK_UNKNOWN);
    private static final List<String> RESOURCES = List.of("cpus", "gpus", "mem", "disk");
    private static final List<String> ALLOCATOR_RESOURCES = List.of("cpus", "mem", "disk");
    private static final List<String> OFFER_COUNTS = List.of("offers/sent", "offers/accepted", "offers/declined",
            "offers/rescinded");

    private final MasterState state;
    private final MasterCounters counters;
    private final BridgeThreads threads;

    public MesosMetrics(MasterState state, MasterCounters counters, BridgeThreads threads) {
        this.state = state;
        this.counters = counters;
        this.threads = threads;
    }

    /** The metrics now; only the master's own (counters, system) while its caches are not up yet. */
    public Map<String, Double> snapshot() {
        Map<String, Double> metrics = new TreeMap<>(counters.snapshot());
        metrics.put("master/event_queue_dispatches", (double) threads.queuedTasks());
        metrics.putAll(SystemReadings.read());
        if (state.ready()) {
            metrics.putAll(of(state.totals(), System.currentTimeMillis()));
        }
        return metrics;
    }

    /** The gauges the master's totals give, at {@code nowMillis}. Pure. */
    public static Map<String, Double> of(MasterTotals t, long nowMillis) {
        Map<String, Double> m = new TreeMap<>();
        m.put("master/elected", t.elected() ? 1.0 : 0.0);
        m.put("master/uptime_secs", Math.max(0, nowMillis / 1000.0 - t.startTimeSecs()));

        m.put("master/slaves_active", (double) t.activeAgents());
        m.put("master/slaves_inactive", (double) (t.registeredAgents() - t.activeAgents()));
        m.put("master/slaves_connected", (double) t.registeredAgents());
        m.put("master/slaves_disconnected", 0.0);
        m.put("master/slaves_unreachable", (double) t.unreachableAgents());

        long frameworksActive = t.frameworks().stream().filter(FrameworkView::active).count();
        long frameworksConnected = t.frameworks().stream().filter(FrameworkView::connected).count();
        m.put("master/frameworks_active", (double) frameworksActive);
        m.put("master/frameworks_inactive", (double) (t.frameworks().size() - frameworksActive));
        m.put("master/frameworks_connected", (double) frameworksConnected);
        m.put("master/frameworks_disconnected", (double) (t.frameworks().size() - frameworksConnected));
        m.put("master/outstanding_offers", (double) t.outstandingOffers());

        for (TaskState state : GAUGE_STATES) {
            m.put("master/tasks_" + stateName(state), (double) t.liveTasks().getOrDefault(state, 0));
        }

        Resources total = t.agentsTotal();
        Resources used = t.agentsUsed();
        for (String resource : RESOURCES) {
            putUsage(m, "master/" + resource, total.nonRevocable().scalar(resource),
                    used.nonRevocable().scalar(resource));
            putUsage(m, "master/" + resource + "_revocable", total.revocable().scalar(resource),
                    used.revocable().scalar(resource));
        }
        for (String resource : ALLOCATOR_RESOURCES) {
            m.put("allocator/mesos/resources/" + resource + "/total", total.scalar(resource));
            m.put("allocator/mesos/resources/" + resource + "/offered_or_allocated",
                    used.add(t.offered()).scalar(resource));
        }
        putRoles(m, t);
        t.frameworks().forEach(framework -> putFramework(m, framework,
                t.tasksByFramework().getOrDefault(framework.id(), Map.of())));
        return m;
    }

    private static void putUsage(Map<String, Double> m, String prefix, double total, double used) {
        m.put(prefix + "_total", total);
        m.put(prefix + "_used", used);
        m.put(prefix + "_percent", total == 0 ? 0.0 : used / total);
    }

    /** Per role: its dominant share of what is allocated and offered, and its frameworks' running DECLINE filters. */
    private static void putRoles(Map<String, Double> m, MasterTotals t) {
        Map<String, Resources> byRole = new TreeMap<>();
        Map<String, Integer> filters = new TreeMap<>();
        for (FrameworkView framework : t.frameworks()) {
            for (String role : framework.roles()) {
                byRole.putIfAbsent(role, Resources.empty());
                filters.merge(role, framework.offerFilters(), Integer::sum);
            }
        }
        byRole.putAll(t.heldByRole());
        byRole.forEach((role, held) -> m.put("allocator/mesos/roles/" + role + "/shares/dominant",
                DominantShare.of(held, t.agentsTotal())));
        filters.forEach((role, count) -> m.put("allocator/mesos/offer_filters/roles/" + role + "/active",
                (double) count));
    }

    /** {@code master/frameworks/<name>/<id>/...}: subscription, calls, events, offers and tasks of one framework. */
    private static void putFramework(Map<String, Double> m, FrameworkView framework,
                                     Map<TaskState, Integer> liveTasks) {
        String prefix = "master/frameworks/" + encode(framework.info().getName()) + "/" + framework.id() + "/";
        Map<String, Long> counts = framework.counts();
        m.put(prefix + "subscribed", framework.connected() ? 1.0 : 0.0);
        putCounts(m, prefix, "calls", Arrays.stream(Call.Type.values()).filter(type -> type != Call.Type.UNKNOWN)
                .map(Enum::name).toList(), counts);
        putCounts(m, prefix, "events", Arrays.stream(Event.Type.values()).filter(type -> type != Event.Type.UNKNOWN)
                .map(Enum::name).toList(), counts);
        for (String offers : OFFER_COUNTS) {
            m.put(prefix + offers, (double) counts.getOrDefault(offers, 0L));
        }
        for (TaskState state : ACTIVE_STATES) {
            m.put(prefix + "tasks/active/" + lower(state.name()), (double) liveTasks.getOrDefault(state, 0));
        }
        for (TaskState state : TaskState.values()) {
            if (TaskStates.isTerminal(state)) {
                m.put(prefix + "tasks/terminal/" + lower(state.name()),
                        (double) counts.getOrDefault("tasks/terminal/" + lower(state.name()), 0L));
            }
        }
        m.put(prefix + "operations/launch", (double) counts.getOrDefault("operations/launch", 0L));
        for (String role : framework.roles()) {
            m.put(prefix + "roles/" + role + "/suppressed", framework.suppressedRoles().contains(role) ? 1.0 : 0.0);
        }
    }

    /** {@code <prefix><group>/<type>} for every type (0 until counted) and {@code <prefix><group>}, their sum. */
    private static void putCounts(Map<String, Double> m, String prefix, String group, List<String> types,
                                  Map<String, Long> counts) {
        long total = 0;
        for (String type : types) {
            long count = counts.getOrDefault(group + "/" + lower(type), 0L);
            m.put(prefix + group + "/" + lower(type), (double) count);
            total += count;
        }
        m.put(prefix + group, (double) total);
    }

    /** libprocess's http::encode, with which Mesos puts a framework's name in a metric's name. */
    static String encode(String text) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean reserved = "$&+,/:;=?@ \"<>#%{}|\\^~[]`".indexOf(c) >= 0;
            if (reserved || c < 0x20 || c > 0x7f) {
                encoded.append('%').append(String.format(Locale.ROOT, "%02X", c));
            } else {
                encoded.append((char) c);
            }
        }
        return encoded.toString();
    }

    /** TASK_GONE_BY_OPERATOR -> gone_by_operator. */
    static String stateName(TaskState state) {
        return lower(state.name().substring("TASK_".length()));
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
