package io.mesosbridge.operator.agentstate;

import io.mesosbridge.agentlink.AgentState;
import io.mesosbridge.agentlink.Sandbox;
import io.mesosbridge.mesos.tasks.TaskStates;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.AgentInfo;
import io.mesosbridge.mesos.v1.Protos.CommandInfo;
import io.mesosbridge.mesos.v1.Protos.ExecutorInfo;
import io.mesosbridge.mesos.v1.Protos.FrameworkInfo;
import io.mesosbridge.mesos.v1.agent.Protos.Response;
import io.mesosbridge.operator.state.MasterSnapshot;
import io.mesosbridge.operator.state.MasterSnapshot.AgentView;
import io.mesosbridge.operator.state.MasterSnapshot.ExecutorView;
import io.mesosbridge.operator.state.MasterSnapshot.FrameworkView;
import io.mesosbridge.operator.state.MasterSnapshot.TaskView;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One agent's state as the Mesos agent's v1 GET_STATE answers it, rendered from the master's snapshot: the
 * frameworks, executors and tasks on the agent, and where each executor's (and each group task's) sandbox is.
 * A task without an executor runs under the command executor, whose id is the task's id.
 */
final class AgentStateRendering {

    /** Where the sandboxes are named when the agent does not say its {@code --work_dir}. */
    static final String DEFAULT_WORK_DIR = "/var/lib/mesos";

    private AgentStateRendering() {
    }

    /**
     * The Pod a live task runs in. {@code podUid} is null until the Pod exists; {@code ofGroup} says the task is one
     * container of a task group's Pod (it gets a sandbox of its own under its executor's); {@code command} is the
     * task's CommandInfo, null when unknown.
     */
    record TaskPod(String frameworkId, String taskId, String namespace, String podName, String podUid,
                   String containerName, String volumeName, boolean ofGroup, CommandInfo command) {
    }

    static AgentState render(AgentView agent, MasterSnapshot snapshot, List<TaskPod> pods, String workDir) {
        Map<String, TaskPod> podOfTask = new HashMap<>();
        for (TaskPod pod : pods) {
            podOfTask.put(key(pod.frameworkId(), pod.taskId()), pod);
        }
        Map<String, ExecutorInfo> known = new HashMap<>();
        for (ExecutorView executor : snapshot.executors()) {
            if (executor.agentId().equals(agent.id())) {
                known.put(key(executor.frameworkId(), executor.info().getExecutorId().getValue()), executor.info());
            }
        }

        Response.GetTasks.Builder tasks = Response.GetTasks.newBuilder();
        Map<String, ExecutorInfo> liveExecutors = new LinkedHashMap<>();
        Map<String, ExecutorInfo> completedExecutors = new LinkedHashMap<>();
        Set<String> liveFrameworks = new LinkedHashSet<>();
        Set<String> completedFrameworks = new LinkedHashSet<>();
        Map<String, Sandbox> sandboxes = new LinkedHashMap<>();
        for (TaskView view : snapshot.tasks()) {
            Protos.Task task = view.task();
            if (!view.agentId().equals(agent.id())) {
                continue;
            }
            if (TaskStates.isTerminal(task.getState())) {
                tasks.addTerminatedTasks(task);
            } else {
                tasks.addLaunchedTasks(task);
            }
            TaskPod pod = podOfTask.get(key(view.frameworkId(), task.getTaskId().getValue()));
            String executorKey = key(view.frameworkId(), executorId(task));
            liveExecutors.computeIfAbsent(executorKey, ignored -> known.getOrDefault(executorKey,
                    executorOf(task, pod == null ? null : pod.command())));
            liveFrameworks.add(view.frameworkId());
            if (pod != null && pod.podUid() != null) {
                String directory = workDir + "/slaves/" + agent.id() + "/frameworks/" + view.frameworkId()
                        + "/executors/" + executorId(task) + "/runs/" + pod.podUid();
                sandboxes.computeIfAbsent(directory, ignored -> sandbox(directory, task, pod, false));
                if (pod.ofGroup()) {
                    String taskDirectory = directory + "/tasks/" + task.getTaskId().getValue();
                    sandboxes.put(taskDirectory, sandbox(taskDirectory, task, pod, true));
                }
            }
        }
        for (TaskView view : snapshot.completedTasks()) {
            Protos.Task task = view.task();
            if (!view.agentId().equals(agent.id())) {
                continue;
            }
            tasks.addCompletedTasks(task);
            String executorKey = key(view.frameworkId(), executorId(task));
            if (!liveExecutors.containsKey(executorKey)) {
                completedExecutors.computeIfAbsent(executorKey,
                        ignored -> known.getOrDefault(executorKey, executorOf(task, null)));
            }
            if (!liveFrameworks.contains(view.frameworkId())) {
                completedFrameworks.add(view.frameworkId());
            }
        }

        Response.GetExecutors.Builder executors = Response.GetExecutors.newBuilder();
        liveExecutors.values().forEach(info -> executors.addExecutors(
                Response.GetExecutors.Executor.newBuilder().setExecutorInfo(info)));
        completedExecutors.values().forEach(info -> executors.addCompletedExecutors(
                Response.GetExecutors.Executor.newBuilder().setExecutorInfo(info)));

        Map<String, FrameworkInfo> frameworkInfos = new HashMap<>();
        snapshot.completedFrameworks().forEach(f -> frameworkInfos.put(f.id(), f.info()));
        snapshot.frameworks().forEach(f -> frameworkInfos.put(f.id(), f.info()));
        Response.GetFrameworks.Builder frameworks = Response.GetFrameworks.newBuilder();
        liveFrameworks.forEach(id -> frameworks.addFrameworks(Response.GetFrameworks.Framework.newBuilder()
                .setFrameworkInfo(frameworkInfos.getOrDefault(id, unknownFramework(id)))));
        completedFrameworks.forEach(id -> frameworks.addCompletedFrameworks(Response.GetFrameworks.Framework
                .newBuilder().setFrameworkInfo(frameworkInfos.getOrDefault(id, unknownFramework(id)))));

        AgentState.Builder state = AgentState.newBuilder()
                .setAgentInfo(agentInfo(agent))
                .setState(Response.GetState.newBuilder().setGetTasks(tasks).setGetExecutors(executors)
                        .setGetFrameworks(frameworks))
                .addAllSandboxes(sandboxes.values());
        if (snapshot.leader() != null) {
            state.setMaster(snapshot.leader().getHostname() + ":" + snapshot.leader().getPort());
        }
        return state.build();
    }

    static AgentInfo agentInfo(AgentView agent) {
        return AgentInfo.newBuilder()
                .setId(Protos.AgentID.newBuilder().setValue(agent.id()))
                .setHostname(agent.hostname())
                .setPort(agent.port())
                .addAllResources(agent.total())
                .addAllAttributes(agent.attributes())
                .build();
    }

    /** The executor a task runs under: its own, or for a command task the command executor named after it. */
    static String executorId(Protos.Task task) {
        return task.hasExecutorId() ? task.getExecutorId().getValue() : task.getTaskId().getValue();
    }

    /**
     * The ExecutorInfo of an executor the master keeps no info of: for a command task, the command executor's as a
     * Mesos agent names it; its resources are the task's (the Pod holds no more).
     */
    private static ExecutorInfo executorOf(Protos.Task task, CommandInfo command) {
        ExecutorInfo.Builder executor = ExecutorInfo.newBuilder()
                .setExecutorId(Protos.ExecutorID.newBuilder().setValue(executorId(task)))
                .setFrameworkId(task.getFrameworkId());
        if (!task.hasExecutorId()) {
            String id = task.getTaskId().getValue();
            executor.setName("Command Executor (Task: " + id + ")" + (command == null ? ""
                            : " (Command: " + commandLine(command) + ")"))
                    .setSource(id);
        }
        return executor.build();
    }

    /** How a Mesos agent prints a task's command in its command executor's name. */
    static String commandLine(CommandInfo command) {
        if (!command.hasShell() || command.getShell()) {
            return "sh -c '" + command.getValue() + "'";
        }
        return "[" + String.join(", ", command.getArgumentsList()) + "]";
    }

    private static Sandbox sandbox(String directory, Protos.Task task, TaskPod pod, boolean ofTask) {
        Sandbox.Builder sandbox = Sandbox.newBuilder()
                .setDirectory(directory)
                .setFrameworkId(task.getFrameworkId())
                .setExecutorId(Protos.ExecutorID.newBuilder().setValue(executorId(task)))
                .setPodNamespace(pod.namespace())
                .setPodName(pod.podName())
                .setPodUid(pod.podUid())
                .setContainerName(pod.containerName());
        if (ofTask) {
            sandbox.setTaskId(task.getTaskId());
        }
        if (pod.volumeName() != null) {
            sandbox.setVolumeName(pod.volumeName());
        }
        return sandbox.build();
    }

    private static FrameworkInfo unknownFramework(String id) {
        return FrameworkInfo.newBuilder().setId(Protos.FrameworkID.newBuilder().setValue(id)).setUser("")
                .setName("").build();
    }

    private static String key(String frameworkId, String id) {
        return frameworkId + "\u0000" + id;
    }
}
