package io.mesosbridge.operator.counters;

import io.mesosbridge.mesos.tasks.TaskStates;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;
import io.mesosbridge.operator.frameworks.Framework;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;

/**
 * The master's counters, gauges and timers under their Mesos 1.11 names (src/master/metrics.cpp): what happened since
 * this master started, as {@code /metrics/snapshot} publishes it. Counters Mesos creates at start are there from the
 * start (at 0); the per-reason task counters appear on their first increment, as in Mesos.
 */
@ApplicationScoped
public class MasterCounters {

    /** Samples a timer keeps for its statistics (Mesos keeps an hour's worth). */
    static final int TIMER_WINDOW = 10_000;
    private static final List<String> PERCENTILES = List.of("p50", "p90", "p95", "p99", "p999", "p9999");
    private static final List<String> COUNTERS_AT_START = List.of(
            "master/dropped_messages", "master/http_cache_hits",
            "master/messages_register_framework", "master/messages_reregister_framework",
            "master/messages_unregister_framework", "master/messages_deactivate_framework",
            "master/messages_kill_task", "master/messages_status_update_acknowledgement",
            "master/messages_operation_status_update_acknowledgement", "master/messages_resource_request",
            "master/messages_launch_tasks", "master/messages_decline_offers", "master/messages_revive_offers",
            "master/messages_suppress_offers", "master/messages_reconcile_tasks",
            "master/messages_reconcile_operations", "master/messages_framework_to_executor",
            "master/messages_executor_to_framework", "master/messages_register_slave",
            "master/messages_reregister_slave", "master/messages_unregister_slave", "master/messages_status_update",
            "master/messages_operation_status_update", "master/messages_exited_executor",
            "master/messages_update_slave", "master/messages_authenticate",
            "master/valid_framework_to_executor_messages", "master/invalid_framework_to_executor_messages",
            "master/valid_executor_to_framework_messages", "master/invalid_executor_to_framework_messages",
            "master/valid_status_updates", "master/invalid_status_updates",
            "master/valid_status_update_acknowledgements", "master/invalid_status_update_acknowledgements",
            "master/valid_operation_status_updates", "master/invalid_operation_status_updates",
            "master/valid_operation_status_update_acknowledgements",
            "master/invalid_operation_status_update_acknowledgements",
            "master/tasks_finished", "master/tasks_failed", "master/tasks_killed", "master/tasks_lost",
            "master/tasks_error", "master/tasks_dropped", "master/tasks_gone", "master/tasks_gone_by_operator",
            "master/slave_registrations", "master/slave_reregistrations", "master/slave_removals",
            "master/slave_removals/reason_unhealthy", "master/slave_removals/reason_unregistered",
            "master/slave_removals/reason_registered", "master/slave_shutdowns_scheduled",
            "master/slave_shutdowns_completed", "master/slave_shutdowns_canceled",
            "master/slave_unreachable_scheduled", "master/slave_unreachable_completed",
            "master/slave_unreachable_canceled", "master/recovery_slave_removals",
            "allocator/mesos/allocation_runs");

    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
    private final Map<String, DoubleSupplier> gauges = new ConcurrentHashMap<>();
    private final Map<String, Deque<Double>> timers = new ConcurrentHashMap<>();

    public MasterCounters() {
        COUNTERS_AT_START.forEach(name -> counters.put(name, new LongAdder()));
    }

    public void increment(String name) {
        add(name, 1);
    }

    public void add(String name, long amount) {
        counters.computeIfAbsent(name, ignored -> new LongAdder()).add(amount);
    }

    /** A value read at each snapshot (queue depths, subscribers), registered by whoever knows it. */
    public void gauge(String name, DoubleSupplier value) {
        gauges.put(name, value);
    }

    /** One duration of a timer published as {@code <name>} (the last) and its statistics. */
    public void time(String name, double millis) {
        Deque<Double> samples = timers.computeIfAbsent(name, ignored -> new ArrayDeque<>());
        synchronized (samples) {
            samples.addLast(millis);
            while (samples.size() > TIMER_WINDOW) {
                samples.removeFirst();
            }
        }
    }

    /**
     * A task's state changed to {@code status}: a terminal state counts in {@code master/tasks_<state>} and in the
     * framework's {@code tasks/terminal/<state>}; a terminal or unreachable state with a reason also counts in
     * {@code master/<state>/<source>/<reason>} (e.g. {@code master/task_failed/source_executor/reason_...}).
     */
    public void taskTransition(Framework framework, TaskStatus status) {
        TaskState state = status.getState();
        String stateName = lower(state.name());
        if (TaskStates.isTerminal(state)) {
            increment("master/tasks_" + stateName.substring("task_".length()));
            if (framework != null) {
                framework.count("tasks/terminal/" + stateName);
            }
        }
        if ((TaskStates.isTerminal(state) || state == TaskState.TASK_UNREACHABLE) && status.hasReason()) {
            increment("master/" + stateName + "/" + lower(status.getSource().name()) + "/"
                    + lower(status.getReason().name()));
        }
    }

    /** Every counter, gauge and timer by name, as {@code /metrics/snapshot} prints them. */
    public Map<String, Double> snapshot() {
        Map<String, Double> values = new TreeMap<>();
        counters.forEach((name, adder) -> values.put(name, (double) adder.sum()));
        gauges.forEach((name, gauge) -> values.put(name, gauge.getAsDouble()));
        timers.forEach((name, samples) -> {
            List<Double> sorted;
            synchronized (samples) {
                if (samples.isEmpty()) {
                    return;
                }
                values.put(name, samples.getLast());
                sorted = new ArrayList<>(samples);
            }
            // like libprocess, statistics only once the window holds two samples
            if (sorted.size() < 2) {
                return;
            }
            Collections.sort(sorted);
            values.put(name + "/count", (double) sorted.size());
            values.put(name + "/min", sorted.get(0));
            values.put(name + "/max", sorted.get(sorted.size() - 1));
            for (String percentile : PERCENTILES) {
                double fraction = Double.parseDouble("0." + percentile.substring(1));
                values.put(name + "/" + percentile, percentile(sorted, fraction));
            }
        });
        return values;
    }

    /** Linear interpolation between the closest ranks, as libprocess's Statistics does. */
    static double percentile(List<Double> sorted, double fraction) {
        double position = fraction * (sorted.size() - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.size() - 1);
        return sorted.get(below) + (position - below) * (sorted.get(above) - sorted.get(below));
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
