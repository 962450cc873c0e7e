package io.mesosbridge.operator.tasks;

import io.mesosbridge.crds.MesosTask;
import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.tasks.TaskStates;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.operator.store.MesosTaskStore;
import io.mesosbridge.operator.store.TaskChangeListener;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Running totals of the live tasks, kept up to date as each MesosTask changes, so the metrics need no pass over
 * every task: how many are in each state (in all and per framework) and what they hold per node, framework and role
 * (the allocator's view of what each framework holds in each role is this one too).
 * What a task holds is counted as the snapshot counts it: its resources until it is terminal, and its group's
 * executor with the group's first task still in the store.
 */
@ApplicationScoped
public class TaskTotals implements TaskChangeListener {

    private final MesosTaskStore tasks;
    private final Map<String, Share> shares = new HashMap<>();
    private final Map<TaskState, Integer> byState = new EnumMap<>(TaskState.class);
    private final Map<String, Map<TaskState, Integer>> byFrameworkState = new HashMap<>();
    private final Map<String, Resources> heldByNode = new HashMap<>();
    private final Map<String, Resources> heldByFramework = new HashMap<>();
    private final Map<String, Resources> taskHeldByRole = new HashMap<>();
    private final Map<String, Resources> taskHeldWithoutRole = new HashMap<>();
    private final Map<String, Map<String, Resources>> heldByFrameworkRole = new HashMap<>();

    public TaskTotals(MesosTaskStore tasks) {
        this.tasks = tasks;
    }

    /** Listens before the store starts (the default start-up observers run later), so every MesosTask counts. */
    void listen(@Observes @Priority(2000) StartupEvent event) {
        tasks.addListener(this);
    }

    @Override
    public synchronized void taskChanged(MesosTask before, MesosTask after) {
        MesosTask changed = after != null ? after : before;
        if (changed.getSpec() == null) {
            return;
        }
        String name = changed.getMetadata().getName();
        Share previous = shares.remove(name);
        if (previous != null) {
            count(previous, -1);
        }
        if (after != null) {
            Share share = shareOf(after, previous);
            shares.put(name, share);
            count(share, 1);
        }
        if (changed.getSpec().getExecutorInfo() != null) {
            // which task of an executor's group counts the executor may have changed with this one
            for (MesosTask member : executorMembers(changed)) {
                Share counted = shares.get(member.getMetadata().getName());
                if (counted != null && member != after) {
                    count(counted, -1);
                    Share recounted = counted.withExecutor(executorResources(member));
                    shares.put(member.getMetadata().getName(), recounted);
                    count(recounted, 1);
                }
            }
        }
    }

    /**
     * What the live tasks of one framework and their executors hold, by the role their MesosTask names; tasks that
     * name none hold for {@code defaultRole}, the framework's first role.
     */
    public synchronized Map<String, Resources> heldByRole(String frameworkId, String defaultRole) {
        Map<String, Resources> held = new HashMap<>();
        addByRole(heldByFrameworkRole.getOrDefault(frameworkId, Map.of()), defaultRole, held);
        return held;
    }

    /** What the live tasks of every framework and their executors hold, by role, as {@link #heldByRole(String, String)}. */
    public synchronized Map<String, Resources> heldByRole(Function<String, String> defaultRoleOfFramework) {
        Map<String, Resources> held = new HashMap<>();
        heldByFrameworkRole.forEach((frameworkId, byRole) ->
                addByRole(byRole, defaultRoleOfFramework.apply(frameworkId), held));
        return held;
    }

    private static void addByRole(Map<String, Resources> byRole, String defaultRole, Map<String, Resources> into) {
        byRole.forEach((role, amount) -> into.merge(role.isEmpty() ? defaultRole : role, amount, Resources::add));
    }

    /** The totals now, copied. */
    public synchronized Sums sums() {
        Map<String, Map<TaskState, Integer>> frameworks = new HashMap<>();
        byFrameworkState.forEach((id, counts) -> frameworks.put(id, Map.copyOf(counts)));
        return new Sums(Map.copyOf(byState), Map.copyOf(frameworks), Map.copyOf(heldByNode),
                Map.copyOf(heldByFramework), Map.copyOf(taskHeldByRole), Map.copyOf(taskHeldWithoutRole));
    }

    /**
     * The running totals at one moment.
     *
     * @param heldByNode          what live tasks and their executors hold, by node name
     * @param heldByFramework     the same by framework id
     * @param taskHeldByRole      what live tasks (without executors) hold, by the role their MesosTask names
     * @param taskHeldWithoutRole the same for tasks whose MesosTask names no role, by framework id (they hold for
     *                            their framework's first role)
     */
    public record Sums(Map<TaskState, Integer> byState, Map<String, Map<TaskState, Integer>> byFrameworkState,
                       Map<String, Resources> heldByNode, Map<String, Resources> heldByFramework,
                       Map<String, Resources> taskHeldByRole, Map<String, Resources> taskHeldWithoutRole) {
    }

    /** What one MesosTask adds to the totals; its TaskInfo's resources are read once per object (uid). */
    private record Share(String uid, TaskState state, String frameworkId, String role, String node,
                         Resources task, Resources executor) {
        Share withExecutor(Resources held) {
            return new Share(uid, state, frameworkId, role, node, task, held);
        }

        Resources taskHeld() {
            return TaskStates.isTerminal(state) ? Resources.empty() : task;
        }
    }

    private Share shareOf(MesosTask task, Share previous) {
        String uid = task.getMetadata().getUid();
        Resources resources = previous != null && uid != null && uid.equals(previous.uid()) ? previous.task()
                : readable(tasks::resources, task);
        String role = task.getSpec().getRole();
        return new Share(uid, MesosTaskStore.stateOf(task), task.getSpec().getFrameworkId(),
                role == null || role.isEmpty() ? null : role, task.getSpec().getNodeName(), resources,
                executorResources(task));
    }

    private Resources executorResources(MesosTask task) {
        return readable(tasks::executorResources, task);
    }

    /** What a MesosTask holds; nothing when it holds no readable TaskInfo (the snapshot leaves it out too). */
    private static Resources readable(Function<MesosTask, Resources> read, MesosTask task) {
        try {
            return read.apply(task);
        } catch (IllegalStateException unreadable) {
            return Resources.empty();
        }
    }

    /** The other tasks of the changed task's executor: its group's, or those of its custom executor. */
    private List<MesosTask> executorMembers(MesosTask task) {
        String frameworkId = task.getSpec().getFrameworkId();
        if (MesosTaskStore.isCustomExecutorTask(task)) {
            String executorId = MesosTaskStore.executorIdOf(task);
            return executorId == null ? List.of() : tasks.ofExecutor(frameworkId, executorId);
        }
        List<String> group = task.getSpec().getGroupTaskIds();
        if (group == null) {
            return List.of();
        }
        return group.stream().map(id -> tasks.find(frameworkId, id)).flatMap(java.util.Optional::stream).toList();
    }

    private void count(Share share, int sign) {
        byState.merge(share.state(), sign, TaskTotals::sumOrNull);
        Map<TaskState, Integer> framework = byFrameworkState.computeIfAbsent(share.frameworkId(),
                id -> new EnumMap<>(TaskState.class));
        framework.merge(share.state(), sign, TaskTotals::sumOrNull);
        if (framework.isEmpty()) {
            byFrameworkState.remove(share.frameworkId());
        }
        Resources taskHeld = share.taskHeld();
        Resources held = taskHeld.add(share.executor());
        change(heldByNode, share.node(), held, sign);
        change(heldByFramework, share.frameworkId(), held, sign);
        Map<String, Resources> byRole = heldByFrameworkRole.computeIfAbsent(share.frameworkId(),
                id -> new HashMap<>());
        change(byRole, share.role() == null ? "" : share.role(), held, sign);
        if (byRole.isEmpty()) {
            heldByFrameworkRole.remove(share.frameworkId());
        }
        if (share.role() != null) {
            change(taskHeldByRole, share.role(), taskHeld, sign);
        } else {
            change(taskHeldWithoutRole, share.frameworkId(), taskHeld, sign);
        }
    }

    private static void change(Map<String, Resources> totals, String key, Resources amount, int sign) {
        if (key == null || amount.isEmpty()) {
            return;
        }
        Resources now = totals.getOrDefault(key, Resources.empty());
        now = sign > 0 ? now.add(amount) : now.subtract(amount);
        if (now.isEmpty()) {
            totals.remove(key);
        } else {
            totals.put(key, now);
        }
    }

    private static Integer sumOrNull(Integer a, Integer b) {
        int sum = a + b;
        return sum == 0 ? null : sum;
    }
}
