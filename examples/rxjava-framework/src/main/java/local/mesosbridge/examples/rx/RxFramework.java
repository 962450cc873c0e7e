package local.mesosbridge.examples.rx;

import com.mesosphere.mesos.rx.java.AwaitableSubscription;
import com.mesosphere.mesos.rx.java.MesosClient;
import com.mesosphere.mesos.rx.java.SinkOperation;
import com.mesosphere.mesos.rx.java.SinkOperations;
import com.mesosphere.mesos.rx.java.protobuf.ProtobufMesosClientBuilder;
import com.mesosphere.mesos.rx.java.util.UserAgentEntries;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.Protos.Value;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import rx.Observable;
import rx.subjects.PublishSubject;
import rx.subjects.SerializedSubject;
import rx.subjects.Subject;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Tiny Mesos v1 HTTP scheduler built on mesos-rxjava (protobuf codec), used as a
 * test client for mesos-bridge. Same behaviour and flags as the mesos-go client:
 * subscribe, launch N short tasks (and optionally one long task that is KILLed
 * once RUNNING), acknowledge every update carrying a uuid, decline unused offers,
 * print {@code update task=<id> state=<STATE>} per update.
 *
 * Exit codes: 0 success, 1 connection/protocol error or ERROR event,
 * 2 a task reached an unexpected terminal state, 3 timeout, 64 bad arguments.
 */
public final class RxFramework {
    static final int EXIT_OK = 0, EXIT_ERROR = 1, EXIT_TASK_STATE = 2, EXIT_TIMEOUT = 3, EXIT_USAGE = 64;

    // ---- configuration -------------------------------------------------------------------
    String master = "http://127.0.0.1:5050/api/v1/scheduler";
    int tasks = 1;
    String command = "echo hello from mesos-rxjava";
    double cpus = 0.1;
    double mem = 32;
    long killAfterMs = 0;
    String killCommand = "sleep 600";
    long timeoutMs = 120_000;
    String name = "mesos-rxjava-example";
    String user = "root";
    String role = "*";
    String taskPrefix = "rxjava-task";
    long failoverTimeoutSecs = 60;
    String frameworkIdFlag = "";
    long refuseDoneSecs = 3600;
    boolean teardown = true;

    // ---- state (only touched on the event-processing thread, except where noted) ----------
    static final class Task {
        final String id;
        final TaskState expected;
        final boolean sleeper;
        boolean launched;
        String agentId = "";
        TaskState state;
        boolean killSent;

        Task(String id, TaskState expected, boolean sleeper) {
            this.id = id;
            this.expected = expected;
            this.sleeper = sleeper;
        }
    }

    final Map<String, Task> taskMap = new LinkedHashMap<>();
    volatile FrameworkID frameworkId;
    final CompletableFuture<Integer> result = new CompletableFuture<>();
    final Subject<Optional<SinkOperation<Call>>, Optional<SinkOperation<Call>>> extraCalls =
        new SerializedSubject<>(PublishSubject.create());
    final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rx-framework-timers");
        t.setDaemon(true);
        return t;
    });

    public static void main(String[] args) {
        RxFramework f = new RxFramework();
        int code;
        try {
            code = f.parse(args);
            if (code < 0) {
                code = f.run();
            }
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            code = EXIT_USAGE;
        }
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(code); // don't wait for rxnetty's non-daemon threads
    }

    // ---- flags (Go style: -flag value, -flag=value, --flag=value; booleans: -flag / -flag=false) ----
    int parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("-")) {
                throw new IllegalArgumentException("unexpected argument: " + a);
            }
            String k = a.replaceFirst("^--?", "");
            String v = null;
            int eq = k.indexOf('=');
            if (eq >= 0) {
                v = k.substring(eq + 1);
                k = k.substring(0, eq);
            }
            if (k.equals("h") || k.equals("help")) {
                usage();
                return EXIT_OK;
            }
            if (k.equals("teardown")) {
                teardown = v == null || Boolean.parseBoolean(v);
                continue;
            }
            if (v == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("flag needs a value: " + a);
                }
                v = args[++i];
            }
            switch (k) {
                case "master": master = v; break;
                case "tasks": tasks = Integer.parseInt(v); break;
                case "command": command = v; break;
                case "cpus": cpus = Double.parseDouble(v); break;
                case "mem": mem = Double.parseDouble(v); break;
                case "kill-after": killAfterMs = durationMs(v); break;
                case "kill-command": killCommand = v; break;
                case "timeout": timeoutMs = durationMs(v); break;
                case "name": name = v; break;
                case "user": user = v; break;
                case "role": role = v; break;
                case "task-prefix": taskPrefix = v; break;
                case "failover-timeout": failoverTimeoutSecs = durationMs(v) / 1000; break;
                case "framework-id": frameworkIdFlag = v; break;
                case "refuse-after-done": refuseDoneSecs = durationMs(v) / 1000; break;
                default: throw new IllegalArgumentException("unknown flag: " + a + " (see -h)");
            }
        }
        if (tasks < 0 || (tasks == 0 && killAfterMs <= 0)) {
            throw new IllegalArgumentException("nothing to do: -tasks must be > 0 or -kill-after set");
        }
        if (!master.contains("://")) {
            master = "http://" + master + "/api/v1/scheduler";
        }
        return -1;
    }

    /** "90", "90s", "1500ms", "2m", "1h" -> milliseconds (bare numbers are seconds). */
    static long durationMs(String v) {
        String s = v.trim();
        try {
            if (s.endsWith("ms")) return (long) Double.parseDouble(s.substring(0, s.length() - 2));
            if (s.endsWith("s")) return (long) (Double.parseDouble(s.substring(0, s.length() - 1)) * 1000);
            if (s.endsWith("m")) return (long) (Double.parseDouble(s.substring(0, s.length() - 1)) * 60_000);
            if (s.endsWith("h")) return (long) (Double.parseDouble(s.substring(0, s.length() - 1)) * 3_600_000);
            return (long) (Double.parseDouble(s) * 1000);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad duration: " + v);
        }
    }

    static void usage() {
        System.out.println(String.join("\n",
            "usage: java -jar rxjava-framework.jar [flags]",
            "  -master URL            scheduler endpoint (default http://127.0.0.1:5050/api/v1/scheduler; host:port accepted)",
            "  -tasks N               short tasks to launch, each must reach TASK_FINISHED (default 1)",
            "  -command CMD           shell command of the short tasks (default 'echo hello from mesos-rxjava')",
            "  -cpus X -mem MB        resources per task (default 0.1 / 32)",
            "  -kill-after DUR        also launch one long task and KILL it DUR after TASK_RUNNING; must reach TASK_KILLED",
            "  -kill-command CMD      command of the long task (default 'sleep 600')",
            "  -timeout DUR           give up with exit 3 (default 120s)",
            "  -name -user -role      FrameworkInfo fields (default mesos-rxjava-example / root / *)",
            "  -task-prefix P         task ids P-<i> and P-sleeper (default rxjava-task)",
            "  -framework-id ID       framework id to SUBSCRIBE with (default rxjava-<random uuid>; 'none': master assigns)",
            "  -failover-timeout DUR  FrameworkInfo.failover_timeout (default 60s)",
            "  -teardown=false        do not send TEARDOWN at exit",
            "exit: 0 ok, 1 error, 2 unexpected task state, 3 timeout, 64 usage"));
    }

    // ---- main flow ---------------------------------------------------------------------
    int run() {
        for (int i = 0; i < tasks; i++) {
            Task t = new Task(taskPrefix + "-" + i, TaskState.TASK_FINISHED, false);
            taskMap.put(t.id, t);
        }
        if (killAfterMs > 0) {
            Task t = new Task(taskPrefix + "-sleeper", TaskState.TASK_KILLED, true);
            taskMap.put(t.id, t);
        }
        // mesos-rxjava's SUBSCRIBE call is fixed when the client is built, so (like the
        // library's own example) the framework picks its id up front; "none" lets the master assign it
        String fid = frameworkIdFlag.isEmpty() ? "rxjava-" + UUID.randomUUID() : frameworkIdFlag;
        FrameworkInfo.Builder fib = FrameworkInfo.newBuilder()
            .setUser(user)
            .setName(name)
            .setRole(role)
            .setFailoverTimeout(failoverTimeoutSecs);
        Call.Builder cb = Call.newBuilder().setType(Call.Type.SUBSCRIBE);
        if (!fid.equals("none")) {
            fib.setId(FrameworkID.newBuilder().setValue(fid));
            cb.setFrameworkId(FrameworkID.newBuilder().setValue(fid));
        }
        Call subscribe = cb.setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(fib)).build();

        final URI uri;
        try {
            uri = URI.create(master);
        } catch (IllegalArgumentException e) {
            System.err.println("error: bad -master URL: " + master);
            return EXIT_USAGE;
        }
        MesosClient<Call, Event> client = ProtobufMesosClientBuilder.schedulerUsingProtos()
            .mesosUri(uri)
            .applicationUserAgentEntry(UserAgentEntries.literal("mesos-bridge-rxjava-example", "0.0.0"))
            .subscribe(subscribe)
            .processStream(events -> events
                .flatMap(e -> Observable.from(safeHandle(e)))
                .mergeWith(extraCalls))
            .build();

        System.out.println("subscribing to " + master + " framework_id=" + fid);
        Thread streamThread = new Thread(() -> {
            try {
                // openStream() first does a blocking GET <master>/redirect, then POSTs SUBSCRIBE
                AwaitableSubscription sub = client.openStream();
                sub.await();
                if (!result.isDone()) {
                    System.err.println("error: event stream completed before all tasks were done");
                }
                result.complete(EXIT_ERROR);
            } catch (Throwable t) {
                if (!result.isDone()) {
                    System.err.println("error: event stream failed: " + describe(t));
                }
                result.complete(EXIT_ERROR);
            }
        }, "rx-framework-stream");
        streamThread.setDaemon(true);
        streamThread.start();

        int code;
        try {
            code = result.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            code = EXIT_TIMEOUT;
            List<String> pending = new ArrayList<>();
            for (Task t : taskMap.values()) {
                if (t.state != t.expected) {
                    pending.add(t.id + "(" + (t.state == null ? "none" : t.state.name()) + ", want " + t.expected.name() + ")");
                }
            }
            System.err.println("error: timeout after " + timeoutMs + "ms; subscribed=" + (frameworkId != null)
                + "; pending: " + String.join(" ", pending));
        } catch (Exception e) {
            code = EXIT_ERROR;
        }
        try {
            Thread.sleep(300); // let in-flight ACKNOWLEDGE calls go out
        } catch (InterruptedException ignored) {
            Thread.currentThread().interrupt();
        }
        if (teardown && frameworkId != null && code != EXIT_TIMEOUT) {
            sendTeardown();
        }
        return code;
    }

    static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (sb.length() > 0) sb.append(" <- ");
            sb.append(c.getClass().getSimpleName()).append(": ").append(c.getMessage());
        }
        return sb.toString();
    }

    void sendTeardown() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Call c = Call.newBuilder().setType(Call.Type.TEARDOWN).setFrameworkId(frameworkId).build();
        extraCalls.onNext(Optional.of(SinkOperations.create(c, () -> done.complete(null), done::completeExceptionally)));
        try {
            done.get(5, TimeUnit.SECONDS);
            System.out.println("teardown sent");
        } catch (Exception e) {
            System.err.println("warning: TEARDOWN failed: " + describe(e));
        }
    }

    // ---- event handling -------------------------------------------------------------------
    List<Optional<SinkOperation<Call>>> safeHandle(Event e) {
        try {
            return handle(e);
        } catch (RuntimeException ex) {
            System.err.println("error: handling " + e.getType() + ": " + describe(ex));
            result.complete(EXIT_ERROR);
            return List.of();
        }
    }

    Optional<SinkOperation<Call>> send(Call.Builder b, String what) {
        Call c = b.setFrameworkId(frameworkId).build();
        return Optional.of(SinkOperations.create(c, () -> { },
            err -> System.err.println("warning: " + what + " failed: " + describe(err))));
    }

    List<Optional<SinkOperation<Call>>> handle(Event e) {
        List<Optional<SinkOperation<Call>>> out = new ArrayList<>();
        switch (e.getType()) {
            case SUBSCRIBED:
                frameworkId = e.getSubscribed().getFrameworkId();
                System.out.println("subscribed framework_id=" + frameworkId.getValue()
                    + " heartbeat=" + e.getSubscribed().getHeartbeatIntervalSeconds() + "s");
                break;
            case OFFERS:
                for (Offer o : e.getOffers().getOffersList()) {
                    out.add(offer(o));
                }
                break;
            case UPDATE:
                update(e.getUpdate().getStatus(), out);
                break;
            case RESCIND:
                System.out.println("rescind offer=" + e.getRescind().getOfferId().getValue());
                break;
            case FAILURE:
                System.out.println("failure agent=" + e.getFailure().getAgentId().getValue());
                break;
            case ERROR:
                System.err.println("error: ERROR event from master: " + e.getError().getMessage());
                result.complete(EXIT_ERROR);
                break;
            case HEARTBEAT:
                break;
            default:
                System.out.println("event type=" + e.getType());
        }
        return out;
    }

    static double scalar(Offer o, String name) {
        double sum = 0;
        for (Resource r : o.getResourcesList()) {
            if (r.getName().equals(name) && r.getType() == Value.Type.SCALAR) {
                sum += r.getScalar().getValue();
            }
        }
        return sum;
    }

    static Resource scalarResource(String name, double v, String role) {
        return Resource.newBuilder().setName(name).setType(Value.Type.SCALAR)
            .setScalar(Value.Scalar.newBuilder().setValue(v)).setRole(role).build();
    }

    Optional<SinkOperation<Call>> offer(Offer o) {
        double c = scalar(o, "cpus"), m = scalar(o, "mem");
        List<TaskInfo> launch = new ArrayList<>();
        for (Task t : taskMap.values()) {
            if (t.launched) continue;
            if (c + 1e-9 < cpus || m + 1e-9 < mem) break;
            launch.add(TaskInfo.newBuilder()
                .setName(t.id)
                .setTaskId(TaskID.newBuilder().setValue(t.id))
                .setAgentId(o.getAgentId())
                .addResources(scalarResource("cpus", cpus, role))
                .addResources(scalarResource("mem", mem, role))
                .setCommand(CommandInfo.newBuilder().setShell(true).setValue(t.sleeper ? killCommand : command))
                .build());
            t.launched = true;
            t.agentId = o.getAgentId().getValue();
            c -= cpus;
            m -= mem;
        }
        if (!launch.isEmpty()) {
            List<String> ids = new ArrayList<>();
            launch.forEach(ti -> ids.add(ti.getTaskId().getValue()));
            System.out.println("accept offer=" + o.getId().getValue() + " agent=" + o.getAgentId().getValue()
                + " launch=" + String.join(",", ids));
            return send(Call.newBuilder().setType(Call.Type.ACCEPT).setAccept(Call.Accept.newBuilder()
                .addOfferIds(o.getId())
                .addOperations(org.apache.mesos.v1.Protos.Offer.Operation.newBuilder()
                    .setType(org.apache.mesos.v1.Protos.Offer.Operation.Type.LAUNCH)
                    .setLaunch(org.apache.mesos.v1.Protos.Offer.Operation.Launch.newBuilder().addAllTaskInfos(launch)))),
                "ACCEPT");
        }
        boolean allLaunched = taskMap.values().stream().allMatch(t -> t.launched);
        System.out.println("decline offer=" + o.getId().getValue());
        return send(Call.newBuilder().setType(Call.Type.DECLINE).setDecline(Call.Decline.newBuilder()
            .addOfferIds(OfferID.newBuilder().mergeFrom(o.getId()))
            .setFilters(Filters.newBuilder().setRefuseSeconds(allLaunched ? refuseDoneSecs : 5))), "DECLINE");
    }

    static boolean isTerminal(TaskState s) {
        switch (s) {
            case TASK_FINISHED: case TASK_FAILED: case TASK_KILLED: case TASK_ERROR: case TASK_LOST:
                return true;
            default:
                return false;
        }
    }

    void update(TaskStatus st, List<Optional<SinkOperation<Call>>> out) {
        String id = st.getTaskId().getValue();
        TaskState state = st.getState();
        System.out.println("update task=" + id + " state=" + state.name());
        if (st.hasMessage() && !st.getMessage().isEmpty()) {
            System.out.println("  message=\"" + st.getMessage() + "\" reason=" + (st.hasReason() ? st.getReason().name() : "none") + " source=" + st.getSource());
        }
        if (st.hasUuid() && !st.getUuid().isEmpty()) {
            out.add(send(Call.newBuilder().setType(Call.Type.ACKNOWLEDGE).setAcknowledge(Call.Acknowledge.newBuilder()
                .setAgentId(st.getAgentId())
                .setTaskId(st.getTaskId())
                .setUuid(st.getUuid())), "ACKNOWLEDGE task=" + id));
        }
        Task t = taskMap.get(id);
        if (t == null) return;
        if (st.hasAgentId() && !st.getAgentId().getValue().isEmpty()) t.agentId = st.getAgentId().getValue();
        if (t.state != null && isTerminal(t.state)) return;
        t.state = state;
        if (t.sleeper && state == TaskState.TASK_RUNNING && !t.killSent) {
            t.killSent = true;
            final String agent = t.agentId;
            timers.schedule(() -> {
                System.out.println("kill task=" + id);
                extraCalls.onNext(send(Call.newBuilder().setType(Call.Type.KILL).setKill(Call.Kill.newBuilder()
                    .setTaskId(TaskID.newBuilder().setValue(id))
                    .setAgentId(AgentID.newBuilder().setValue(agent))), "KILL task=" + id));
            }, killAfterMs, TimeUnit.MILLISECONDS);
        }
        if (isTerminal(state) && state != t.expected) {
            System.err.println("error: task " + id + " reached " + state.name() + ", expected " + t.expected.name());
            result.complete(EXIT_TASK_STATE);
            return;
        }
        if (taskMap.values().stream().allMatch(x -> x.state == x.expected)) {
            System.out.println("all " + taskMap.size() + " tasks reached their expected state");
            result.complete(EXIT_OK);
        }
    }
}
