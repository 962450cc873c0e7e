package io.mesosbridge.operator.executors;

import com.google.protobuf.ByteString;
import io.fabric8.kubernetes.api.model.Pod;
import io.mesosbridge.conventions.TaskNames;
import io.mesosbridge.crds.MesosTask;
import io.mesosbridge.mesos.v1.Protos.AgentID;
import io.mesosbridge.mesos.v1.Protos.AgentInfo;
import io.mesosbridge.mesos.v1.Protos.ContainerID;
import io.mesosbridge.mesos.v1.Protos.ExecutorID;
import io.mesosbridge.mesos.v1.Protos.ExecutorInfo;
import io.mesosbridge.mesos.v1.Protos.FrameworkID;
import io.mesosbridge.mesos.v1.Protos.KillPolicy;
import io.mesosbridge.mesos.v1.Protos.TaskGroupInfo;
import io.mesosbridge.mesos.v1.Protos.TaskID;
import io.mesosbridge.mesos.v1.Protos.TaskInfo;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;
import io.mesosbridge.operator.agents.Agent;
import io.mesosbridge.operator.agents.AgentDirectory;
import io.mesosbridge.operator.cluster.ClusterView;
import io.mesosbridge.operator.counters.MasterCounters;
import io.mesosbridge.operator.frameworks.Framework;
import io.mesosbridge.operator.frameworks.FrameworkEvents;
import io.mesosbridge.operator.frameworks.FrameworkListener;
import io.mesosbridge.operator.frameworks.FrameworkRegistry;
import io.mesosbridge.operator.logging.LogText;
import io.mesosbridge.operator.namespaces.TaskNamespaces;
import io.mesosbridge.operator.pods.ExecutorPodStates;
import io.mesosbridge.operator.pods.TaskPods;
import io.mesosbridge.operator.store.MesosTaskStore;
import io.mesosbridge.operator.tasks.StatusUpdates;
import io.mesosbridge.operator.threads.BridgeThreads;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Custom executors, as the agents on the nodes relay them: which executor is subscribed through which node's agent,
 * what each has been sent, and what the master sends them (LAUNCH, LAUNCH_GROUP, KILL, MESSAGE, SHUTDOWN through
 * {@link ExecutorLink}). An executor is its Pod ({@code TaskNames.executorPodName}); its tasks are MesosTasks whose
 * states come only from its updates, recorded durably by {@link StatusUpdates} before the agent is told they are.
 * When its Pod ends, the framework gets the executor's FAILURE (ExitedExecutorMessage over v0) and the Pod goes.
 */
@ApplicationScoped
public class Executors {

    private static final Logger LOG = Logger.getLogger(Executors.class);

    private final MesosTaskStore store;
    private final StatusUpdates updates;
    private final FrameworkRegistry frameworks;
    private final AgentDirectory agents;
    private final ClusterView cluster;
    private final ExecutorLink link;
    private final MasterCounters counters;
    private final TaskNamespaces namespaces;
    private final BridgeThreads threads;
    /** Subscribed executors and the node whose agent relays them. */
    private final Map<Key, String> subscribed = new HashMap<>();
    /** MesosTasks (by name) sent to their executor since it last subscribed, and those it was told to kill. */
    private final Set<String> launched = new HashSet<>();
    private final Set<String> killsSent = new HashSet<>();
    /** Executor Pods (by uid) whose end the framework has been told. */
    private final Set<String> endsTold = ConcurrentHashMap.newKeySet();
    private final Map<String, String> agentEndpoints = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService timers;

    record Key(String frameworkId, String executorId) {
    }

    public Executors(MesosTaskStore store, StatusUpdates updates, FrameworkRegistry frameworks, AgentDirectory agents,
                     ClusterView cluster, ExecutorLink link, MasterCounters counters, TaskNamespaces namespaces,
                     BridgeThreads threads) {
        this.store = store;
        this.updates = updates;
        this.frameworks = frameworks;
        this.agents = agents;
        this.cluster = cluster;
        this.link = link;
        this.counters = counters;
        this.namespaces = namespaces;
        this.threads = threads;
    }

    /** On the leader, once recovered: executor Pods that end are told; a removed framework's executors shut down. */
    public void start() {
        timers = threads.scheduled("executor-shutdowns");
        cluster.addListener(new ClusterView.Listener() {
            @Override
            public void podChanged(Pod before, Pod after) {
                Pod pod = after != null ? after : before;
                if (namespaces.holds(pod.getMetadata()) && isExecutorPod(pod)
                        && (after == null || ExecutorPodStates.hasEnded(after))) {
                    executorEnded(pod, after == null);
                }
            }
        });
        frameworks.addListener(new FrameworkListener() {
            @Override
            public void frameworkChanged(Framework framework) {
                // executors stay while their framework is disconnected, until its failover timeout
            }

            @Override
            public void frameworkRemoved(Framework framework) {
                shutdownAll(framework.id());
            }
        });
    }

    // ---------------------------------------------------------------- agents

    /** An agent registered for its node: the node's agent id, or empty when the node is no agent. */
    public Optional<AgentID> agentRegistered(String nodeName, String endpoint) {
        Optional<Agent> agent = agents.byNode(nodeName);
        agent.ifPresent(found -> agentEndpoints.put(nodeName, endpoint));
        return agent.map(found -> AgentID.newBuilder().setValue(found.id()).build());
    }

    /** host:port where the node's agent said it serves, if it registered. */
    public Optional<String> agentEndpoint(String nodeName) {
        return Optional.ofNullable(agentEndpoints.get(nodeName));
    }

    /** The agent's session ended: the executors it relayed are no longer reachable until they subscribe again. */
    public synchronized void agentDisconnected(String nodeName) {
        agentEndpoints.remove(nodeName);
        subscribed.entrySet().removeIf(entry -> {
            if (entry.getValue().equals(nodeName)) {
                forgetSent(entry.getKey());
                return true;
            }
            return false;
        });
    }

    // ---------------------------------------------------------------- what executors send

    /**
     * An executor's SUBSCRIBE through the agent of {@code nodeName}: refused unless its framework is registered and
     * its Pod runs on that node; else the updates it never had acknowledged are recorded, {@code answer} is given
     * the SUBSCRIBED contents, and then the executor is sent each of its tasks it has not got (those it names as
     * unacknowledged it has) and the kills asked for meanwhile.
     */
    public Subscription subscribed(String nodeName, FrameworkID frameworkId, ExecutorID executorId,
                                   List<TaskInfo> unacknowledgedTasks, List<TaskStatus> unacknowledgedUpdates,
                                   Consumer<Subscription.Accepted> answer) {
        Optional<Framework> framework = frameworks.get(frameworkId.getValue());
        if (framework.isEmpty()) {
            return new Subscription.Refused("Framework " + frameworkId.getValue() + " is not registered");
        }
        Pod pod = executorPod(TaskNames.executorPodName(frameworkId.getValue(), executorId.getValue()));
        Optional<ExecutorInfo> info = pod == null ? Optional.empty() : TaskPods.executorInfoOf(pod)
                .filter(found -> found.getExecutorId().equals(executorId)
                        && found.getFrameworkId().equals(frameworkId));
        Optional<Agent> agent = agents.byNode(nodeName);
        if (info.isEmpty() || agent.isEmpty() || !nodeName.equals(pod.getSpec().getNodeName())
                || ExecutorPodStates.hasEnded(pod)) {
            return new Subscription.Refused("Executor " + executorId.getValue() + " of framework "
                    + frameworkId.getValue() + " is not known on agent " + nodeName);
        }
        for (TaskStatus update : unacknowledgedUpdates) {
            statusUpdate(frameworkId.getValue(), executorId.getValue(), update);
        }
        AgentInfo agentInfo = agent.get().info();
        Subscription.Accepted accepted = new Subscription.Accepted(framework.get().info().toBuilder()
                .setId(frameworkId).build(), info.get(), agentInfo,
                ContainerID.newBuilder().setValue(pod.getMetadata().getUid()).build());
        Key key = new Key(frameworkId.getValue(), executorId.getValue());
        synchronized (this) {
            answer.accept(accepted);
            forgetSent(key);
            subscribed.put(key, nodeName);
            for (TaskInfo task : unacknowledgedTasks) {
                store.find(key.frameworkId(), task.getTaskId().getValue())
                        .ifPresent(known -> launched.add(known.getMetadata().getName()));
            }
            for (MesosTask task : store.ofExecutor(key.frameworkId(), key.executorId())) {
                if (Boolean.TRUE.equals(task.getSpec().getKillRequested())) {
                    kill(task);
                } else {
                    launch(task);
                }
            }
        }
        LOG.infof("executor %s of framework %s subscribed on node %s", LogText.escape(executorId.getValue()),
                frameworkId.getValue(), nodeName);
        return accepted;
    }

    /**
     * An executor's status update, recorded in its task's MesosTask (once: a resent one is recognized by its uuid)
     * before this returns. An update for a task the executor does not run is dropped, as an agent drops it.
     */
    public void statusUpdate(String frameworkId, String executorId, TaskStatus status) {
        Optional<MesosTask> task = store.find(frameworkId, status.getTaskId().getValue())
                .filter(found -> MesosTaskStore.isCustomExecutorTask(found)
                        && executorId.equals(MesosTaskStore.executorIdOf(found)));
        if (task.isEmpty()) {
            LOG.infof("dropping the status update %s of unknown task %s from executor %s of framework %s",
                    status.getState(), LogText.escape(status.getTaskId().getValue()), LogText.escape(executorId),
                    frameworkId);
            counters.increment("master/invalid_status_updates");
            return;
        }
        updates.recordFromExecutor(task.get(), status);
    }

    /** An executor's message for its scheduler: a MESSAGE event (ExecutorToFrameworkMessage over v0). */
    public void executorMessage(String nodeName, String frameworkId, String executorId, ByteString data) {
        counters.increment("master/messages_executor_to_framework");
        Optional<Framework> framework = frameworks.get(frameworkId).filter(Framework::isConnected);
        Optional<Agent> agent = agents.byNode(nodeName);
        if (framework.isEmpty() || agent.isEmpty()) {
            counters.increment("master/invalid_executor_to_framework_messages");
            return;
        }
        framework.get().send(FrameworkEvents.message(AgentID.newBuilder().setValue(agent.get().id()).build(),
                ExecutorID.newBuilder().setValue(executorId).build(), data));
        counters.increment("master/valid_executor_to_framework_messages");
    }

    /** The executor's connection to its agent closed; what it is sent next waits for it to subscribe again. */
    public synchronized void disconnected(String nodeName, String frameworkId, String executorId) {
        Key key = new Key(frameworkId, executorId);
        if (nodeName.equals(subscribed.get(key))) {
            subscribed.remove(key);
            forgetSent(key);
        }
    }

    // ---------------------------------------------------------------- what the master sends

    /**
     * Sends a task (or its whole group, once all of it is stored) to its executor if that is subscribed and has not
     * got it yet; a task already told a state has reached it.
     */
    public synchronized void launch(MesosTask task) {
        Key key = keyOf(task);
        String node = subscribed.get(key);
        if (node == null || launched.contains(task.getMetadata().getName())
                || MesosTaskStore.stateOf(task) != TaskState.TASK_STAGING) {
            return;
        }
        List<String> group = task.getSpec().getGroupTaskIds();
        if (group == null) {
            if (link.launch(node, frameworkId(key), executorId(key), store.taskInfo(task))) {
                launched.add(task.getMetadata().getName());
            }
            return;
        }
        TaskGroupInfo.Builder taskGroup = TaskGroupInfo.newBuilder();
        List<MesosTask> members = new java.util.ArrayList<>();
        for (String taskId : group) {
            Optional<MesosTask> member = store.find(key.frameworkId(), taskId);
            if (member.isEmpty()) {
                return;
            }
            members.add(member.get());
            taskGroup.addTasks(store.taskInfo(member.get()));
        }
        if (link.launchGroup(node, frameworkId(key), executorId(key), taskGroup.build())) {
            members.forEach(member -> launched.add(member.getMetadata().getName()));
        }
    }

    /**
     * Tells the task's executor to kill it (once per subscription), with the KILL's grace period if it named one;
     * false when the executor is not subscribed, so the kill cannot reach it.
     */
    public synchronized boolean kill(MesosTask task) {
        Key key = keyOf(task);
        String node = subscribed.get(key);
        if (node == null) {
            return false;
        }
        if (!killsSent.add(task.getMetadata().getName())) {
            return true;
        }
        Long grace = task.getSpec().getKillGracePeriodSeconds();
        KillPolicy policy = grace == null ? null : KillPolicy.newBuilder()
                .setGracePeriod(io.mesosbridge.mesos.v1.Protos.DurationInfo.newBuilder()
                        .setNanoseconds(TimeUnit.SECONDS.toNanos(grace)))
                .build();
        if (!link.kill(node, frameworkId(key), executorId(key),
                TaskID.newBuilder().setValue(task.getSpec().getTaskId()).build(), policy)) {
            killsSent.remove(task.getMetadata().getName());
            return false;
        }
        return true;
    }

    /**
     * A scheduler's MESSAGE (or v0 FrameworkToExecutorMessage) for an executor on an agent; returns whether it went.
     * As a Mesos master, it drops one for an agent or executor it does not know.
     */
    public synchronized boolean frameworkMessage(String frameworkId, AgentID agentId, ExecutorID executorId,
                                                 ByteString data) {
        Key key = new Key(frameworkId, executorId.getValue());
        String node = subscribed.get(key);
        Optional<Agent> agent = agents.byId(agentId.getValue());
        if (node == null || agent.isEmpty() || !agent.get().nodeName().equals(node)) {
            LOG.infof("dropping a framework message of framework %s for executor %s on agent %s, which is not"
                    + " subscribed there", frameworkId, LogText.escape(executorId.getValue()),
                    LogText.escape(agentId.getValue()));
            return false;
        }
        return link.frameworkMessage(node, frameworkId(key), executorId, data);
    }

    /**
     * Shuts an executor down, as an agent does: SHUTDOWN to it, and its Pod deleted once its shutdown grace period
     * is over (at once when its agent is away).
     */
    public void shutdown(String frameworkId, ExecutorID executorId) {
        Key key = new Key(frameworkId, executorId.getValue());
        String podName = TaskNames.executorPodName(frameworkId, executorId.getValue());
        Pod pod = executorPod(podName);
        if (pod == null || TaskPods.executorInfoOf(pod).isEmpty()) {
            return;
        }
        long grace = TaskPods.executorGracePeriodSeconds(TaskPods.executorInfoOf(pod).get());
        boolean told;
        synchronized (this) {
            String node = subscribed.get(key);
            told = node != null && link.shutdown(node, frameworkId(key), executorId);
        }
        LOG.infof("shutting down executor %s of framework %s", LogText.escape(executorId.getValue()), frameworkId);
        Runnable delete = () -> {
            try {
                cluster.deletePod(pod.getMetadata().getNamespace(), podName, Math.max(1, grace));
            } catch (RuntimeException e) {
                LOG.warnf(e, "deleting the Pod of executor %s failed", LogText.escape(executorId.getValue()));
            }
        };
        ScheduledExecutorService scheduler = timers;
        if (told && scheduler != null) {
            scheduler.schedule(delete, grace, TimeUnit.SECONDS);
        } else {
            delete.run();
        }
    }

    private void shutdownAll(String frameworkId) {
        for (Pod pod : executorPodsOf(frameworkId)) {
            TaskPods.executorInfoOf(pod).ifPresent(info -> shutdown(frameworkId, info.getExecutorId()));
        }
    }

    private List<Pod> executorPodsOf(String frameworkId) {
        String label = TaskNames.frameworkLabelValue(frameworkId);
        return cluster.nodes().stream().flatMap(node -> cluster.podsOn(node.getMetadata().getName()).stream())
                .filter(pod -> namespaces.holds(pod.getMetadata()) && isExecutorPod(pod)
                        && pod.getMetadata().getLabels() != null
                        && label.equals(pod.getMetadata().getLabels().get(
                                io.mesosbridge.conventions.KubernetesKeys.FRAMEWORK_LABEL)))
                .toList();
    }

    /**
     * The executor's Pod ended or went: the framework hears it once (FAILURE with the wait status, as the agent's
     * ExitedExecutorMessage), the executor is no longer subscribed, and an ended Pod is deleted, so that a later task
     * for the same ExecutorID starts a new one. Its unfinished tasks fail in their reconciler runs.
     */
    void executorEnded(Pod pod, boolean deleted) {
        Optional<ExecutorInfo> info = TaskPods.executorInfoOf(pod);
        if (info.isEmpty() || !endsTold.add(pod.getMetadata().getUid())) {
            return;
        }
        String frameworkId = info.get().getFrameworkId().getValue();
        synchronized (this) {
            Key key = new Key(frameworkId, info.get().getExecutorId().getValue());
            subscribed.remove(key);
            forgetSent(key);
        }
        int status = ExecutorPodStates.waitStatus(deleted ? null : pod);
        LOG.infof("executor %s of framework %s terminated (status %d)",
                LogText.escape(info.get().getExecutorId().getValue()), frameworkId, status);
        frameworks.get(frameworkId).filter(Framework::isConnected).ifPresent(framework -> framework.send(
                FrameworkEvents.executorFailure(AgentID.newBuilder().setValue(TaskPods.agentIdOf(pod)).build(),
                        info.get().getExecutorId(), status)));
        if (!deleted) {
            try {
                cluster.deletePod(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), 0);
            } catch (RuntimeException e) {
                LOG.warnf(e, "deleting the ended Pod of executor %s failed",
                        LogText.escape(info.get().getExecutorId().getValue()));
            }
        }
    }

    private void forgetSent(Key key) {
        for (MesosTask task : store.ofExecutor(key.frameworkId(), key.executorId())) {
            launched.remove(task.getMetadata().getName());
            killsSent.remove(task.getMetadata().getName());
        }
    }

    /** This bridge's Pod of the name, in whichever of its namespaces; null when there is none. */
    private Pod executorPod(String podName) {
        return cluster.podsNamed(podName).stream().filter(pod -> namespaces.holds(pod.getMetadata())).findFirst()
                .orElse(null);
    }

    private static boolean isExecutorPod(Pod pod) {
        return pod.getMetadata().getAnnotations() != null
                && pod.getMetadata().getAnnotations().containsKey(TaskPods.EXECUTOR_INFO_ANNOTATION);
    }

    private static Key keyOf(MesosTask task) {
        return new Key(task.getSpec().getFrameworkId(), MesosTaskStore.executorIdOf(task));
    }

    private static FrameworkID frameworkId(Key key) {
        return FrameworkID.newBuilder().setValue(key.frameworkId()).build();
    }

    private static ExecutorID executorId(Key key) {
        return ExecutorID.newBuilder().setValue(key.executorId()).build();
    }
}
