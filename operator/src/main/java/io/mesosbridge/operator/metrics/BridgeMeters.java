package io.mesosbridge.operator.metrics;

import io.mesosbridge.crds.MesosTask;
import io.mesosbridge.crds.MesosTaskStatus.StatusUpdateRecord;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.operator.allocation.Allocator;
import io.mesosbridge.operator.frameworks.Framework;
import io.mesosbridge.operator.frameworks.FrameworkChannel;
import io.mesosbridge.operator.frameworks.FrameworkRegistry;
import io.mesosbridge.operator.identity.MasterIdentity;
import io.mesosbridge.operator.offers.OfferBook;
import io.mesosbridge.operator.store.MesosTaskStore;
import io.mesosbridge.operator.tasks.StatusUpdates;
import io.mesosbridge.operator.threads.BridgeThreads;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The bridge's own Prometheus metrics (Micrometer, served at {@code /q/metrics}):
 * <ul>
 *   <li>{@code mesos_bridge_offer_cycle_seconds} (timer) and {@code mesos_bridge_allocation_runs_total}: the
 *       allocator's cycles, sampled from {@link Allocator#lastCycle()} every {@value #SAMPLE_MILLIS} ms (a cycle
 *       that is followed by another within one sample is counted, but only the later one is timed);</li>
 *   <li>{@code mesos_bridge_accept_to_running_seconds} (timer): from a MesosTask's creation (the ACCEPT) to the
 *       first TASK_RUNNING in its status history, for tasks that reached RUNNING while this master ran;</li>
 *   <li>{@code mesos_bridge_pending_acknowledgements}, {@code mesos_bridge_subscribers},
 *       {@code mesos_bridge_outstanding_offers}, and {@code mesos_bridge_stream_queue_depth} /
 *       {@code mesos_bridge_stream_queue_depth_max}: events waiting in the subscribers' streams, in total and in
 *       the fullest one.</li>
 * </ul>
 */
@ApplicationScoped
public class BridgeMeters {

    static final long SAMPLE_MILLIS = 500;

    private final MeterRegistry registry;
    private final Allocator allocator;
    private final FrameworkRegistry frameworks;
    private final MesosTaskStore tasks;
    private final StatusUpdates updates;
    private final OfferBook offers;
    private final MasterIdentity master;
    private final BridgeThreads threads;
    private final Set<String> timedTasks = new HashSet<>();
    private Timer offerCycle;
    private Timer acceptToRunning;
    private long lastRuns;

    public BridgeMeters(MeterRegistry registry, Allocator allocator, FrameworkRegistry frameworks,
                        MesosTaskStore tasks, StatusUpdates updates, OfferBook offers, MasterIdentity master,
                        BridgeThreads threads) {
        this.registry = registry;
        this.allocator = allocator;
        this.frameworks = frameworks;
        this.tasks = tasks;
        this.updates = updates;
        this.offers = offers;
        this.master = master;
        this.threads = threads;
    }

    void start(@Observes StartupEvent event) {
        offerCycle = Timer.builder("mesos_bridge.offer.cycle")
                .description("Duration of an allocation (offer) cycle").publishPercentileHistogram()
                .register(registry);
        acceptToRunning = Timer.builder("mesos_bridge.accept.to.running")
                .description("From the MesosTask created by an ACCEPT to the task's first TASK_RUNNING")
                .publishPercentileHistogram().register(registry);
        FunctionCounter.builder("mesos_bridge.allocation.runs", allocator, a -> a.lastCycle().runs())
                .description("Allocation cycles run since start").register(registry);
        Gauge.builder("mesos_bridge.pending.acknowledgements", updates::pendingAcknowledgements)
                .description("Status updates sent and not yet acknowledged").register(registry);
        Gauge.builder("mesos_bridge.subscribers", () -> connectedStreams().size())
                .description("Frameworks with an open event stream").register(registry);
        Gauge.builder("mesos_bridge.outstanding.offers", offers::size)
                .description("Offers outstanding").register(registry);
        Gauge.builder("mesos_bridge.stream.queue.depth",
                        () -> connectedStreams().stream().mapToInt(FrameworkChannel::queuedEvents).sum())
                .description("Events waiting to be written, over all subscribers' streams").register(registry);
        Gauge.builder("mesos_bridge.stream.queue.depth.max",
                        () -> connectedStreams().stream().mapToInt(FrameworkChannel::queuedEvents).max().orElse(0))
                .description("Events waiting to be written in the fullest subscriber stream").register(registry);
        threads.scheduled("bridge-meters")
                .scheduleWithFixedDelay(this::sample, SAMPLE_MILLIS, SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
    }

    private List<FrameworkChannel> connectedStreams() {
        return frameworks.all().stream().filter(Framework::isConnected).map(Framework::channel)
                .filter(channel -> channel != null).toList();
    }

    private void sample() {
        try {
            Allocator.AllocationStats cycle = allocator.lastCycle();
            if (cycle.runs() > lastRuns) {
                lastRuns = cycle.runs();
                offerCycle.record(Duration.ofNanos((long) (cycle.lastRunMillis() * 1_000_000)));
            }
            sampleLaunches();
        } catch (RuntimeException notReady) {
            // the caches are not started yet (or are stopping): try again at the next sample
        }
    }

    private void sampleLaunches() {
        List<MesosTask> live = tasks.all();
        Set<String> liveUids = new HashSet<>();
        for (MesosTask task : live) {
            String uid = task.getMetadata().getUid();
            liveUids.add(uid);
            if (timedTasks.contains(uid)) {
                continue;
            }
            acceptToRunning(task, master.startTimeMillis()).ifPresent(latency -> {
                timedTasks.add(uid);
                acceptToRunning.record(latency);
            });
        }
        timedTasks.retainAll(liveUids);
    }

    /**
     * The time from the task's creation to its first TASK_RUNNING, if it reached RUNNING after {@code sinceMillis}
     * (a restarted master does not time tasks that were running before it started).
     */
    static Optional<Duration> acceptToRunning(MesosTask task, long sinceMillis) {
        if (task.getStatus() == null || task.getMetadata().getCreationTimestamp() == null) {
            return Optional.empty();
        }
        for (StatusUpdateRecord record : task.getStatus().getHistory()) {
            if (TaskState.TASK_RUNNING.name().equals(record.getState()) && record.getTimestamp() != null) {
                try {
                    Instant created = Instant.parse(task.getMetadata().getCreationTimestamp());
                    Instant running = Instant.parse(record.getTimestamp());
                    if (running.toEpochMilli() < sinceMillis) {
                        return Optional.empty();
                    }
                    // creationTimestamp has whole seconds: never report a negative latency
                    return Optional.of(running.isAfter(created) ? Duration.between(created, running) : Duration.ZERO);
                } catch (DateTimeParseException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }
}
