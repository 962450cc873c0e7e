package io.mesosbridge.operator.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.mesosbridge.conventions.Fetch;
import io.mesosbridge.conventions.HealthCheckProbes;
import io.mesosbridge.conventions.KubernetesKeys;
import io.mesosbridge.conventions.PodSecurity;
import io.mesosbridge.conventions.Quantities;
import io.mesosbridge.conventions.Sandbox;
import io.mesosbridge.conventions.TaskNames;
import io.mesosbridge.conventions.UnsupportedHealthCheckException;
import io.mesosbridge.crds.MesosResources;
import io.mesosbridge.mesos.json.MesosJson;
import io.mesosbridge.mesos.json.MesosJsonException;
import io.mesosbridge.mesos.v1.Protos.CommandInfo;
import io.mesosbridge.mesos.v1.Protos.ContainerInfo;
import io.mesosbridge.mesos.v1.Protos.Environment;
import io.mesosbridge.mesos.v1.Protos.ExecutorInfo;
import io.mesosbridge.mesos.v1.Protos.HealthCheck;
import io.mesosbridge.mesos.v1.Protos.Image;
import io.mesosbridge.mesos.v1.Protos.KillPolicy;
import io.mesosbridge.mesos.v1.Protos.Label;
import io.mesosbridge.mesos.v1.Protos.NetworkInfo;
import io.mesosbridge.mesos.v1.Protos.Resource;
import io.mesosbridge.mesos.v1.Protos.TaskInfo;
import io.mesosbridge.mesos.v1.Protos.Value;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Translates a Mesos command task (TaskInfo), or a task group of the default executor, into the one Pod that runs
 * it. Pure: no API calls, no clock.
 *
 * <p>Whatever the Pod cannot honour makes {@link #podFor} throw {@link UnsupportedTaskException}; nothing in a
 * TaskInfo is dropped silently except fields that carry no runtime meaning (discovery, data for executors).
 *
 * <p>Tasks run in the pod network, not the node's: the ports a task was offered are published as host ports
 * (to themselves, or as its port mappings say), which keeps a HOST-networked Mesos task reachable at
 * {@code <node>:<port>} without giving it the node's network namespace.
 *
 * <p>Pods are hardened: they run as the uid the task's Mesos user maps to ({@link TaskUsers}), with the runtime's
 * seccomp profile, every capability dropped but the configured few, no privilege escalation, no host namespaces, no
 * host paths but under the allowed prefixes ({@link TaskVolumes}) and no service account token. What the configured
 * Pod Security level forbids is refused.
 */
public final class TaskPods {

    public static final String CONTAINER_NAME = "task";
    public static final String SANDBOX_VOLUME = "sandbox";
    public static final String OWNER_API_VERSION = MesosResources.GROUP + "/" + MesosResources.VERSION;
    public static final String OWNER_KIND = "MesosTask";
    /** The command executor's grace period when the task has no kill policy. */
    public static final long DEFAULT_GRACE_PERIOD_SECONDS = 3;
    public static final String EXECUTOR_CONTAINER_NAME = "executor";
    public static final String EXECUTOR_INFO_ANNOTATION = KubernetesKeys.GROUP + "/executor-info";
    public static final String AGENT_ID_ANNOTATION = KubernetesKeys.GROUP + "/agent-id";
    private static final String HOST_IP_VARIABLE = "MESOS_BRIDGE_HOST_IP";
    /** Mesos's {@code DEFAULT_EXECUTOR_SHUTDOWN_GRACE_PERIOD}. */
    private static final long DEFAULT_EXECUTOR_SHUTDOWN_GRACE_NANOS = 5_000_000_000L;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    /** The API server's limit on the annotations of one object, keys and values together. */
    static final int ANNOTATION_BYTES_LIMIT = 256 * 1024;
    /** Larger limits than this are not a machine's: Kubernetes quantities would overflow long before. */
    private static final double MAX_CPUS = 1e9;
    private static final double MAX_MEBIBYTES = 1e12;

    private TaskPods() {
    }

    /**
     * The Pod for a command task: named and namespaced like its MesosTask, owned by it, bound to the offered node,
     * never restarted (a Mesos task runs once).
     *
     * @throws UnsupportedTaskException when the task needs something a Pod cannot give it
     */
    public static Pod podFor(TaskInfo task, TaskPodTarget target, PodSettings settings) {
        rejectUnsupported(task, settings.level());
        TaskUsers.Account account = account(target.user(), settings);
        ContainerInfo container = task.hasContainer() ? task.getContainer() : null;
        TaskVolumes.PodVolumes volumes = new TaskVolumes.PodVolumes();
        Container taskContainer = container(task, CONTAINER_NAME, task.getTaskId().getValue(), List.of(),
                target.frameworkId(), settings, volumes, false);
        return pod(new PodBuilder()
                        .withNewMetadata()
                        .withName(target.ownerName())
                        .withNamespace(target.namespace())
                        .withLabels(TaskNames.labels(target.frameworkId(), task.getTaskId().getValue()))
                        .withAnnotations(annotations(task, target.frameworkId()))
                        .withOwnerReferences(owner(target.ownerName(), target.ownerUid(), true))
                        .endMetadata(),
                target.nodeName(), account, gracePeriodSeconds(task.hasKillPolicy() ? task.getKillPolicy() : null),
                activeDeadlineSeconds(task), hostname(container),
                fetchContainer(List.of(task), taskContainer, settings), List.of(taskContainer), volumes);
    }

    /**
     * The one Pod of a task group (LAUNCH_GROUP with the default executor): one container per task, each made as
     * {@link #podFor} makes a lone task's, named {@link TaskNames#containerName} after its task; the sandbox volume
     * is shared. The executor's resources go to the first task's container, so the Pod asks for the sum of the
     * executor's and the tasks' resources, which a Mesos default executor's tasks share by default. The Pod's grace
     * period is the longest of the tasks' kill policies.
     *
     * @throws UnsupportedTaskException when a task or the executor needs something a Pod cannot give it
     */
    public static Pod groupPodFor(ExecutorInfo executor, List<TaskInfo> tasks, TaskGroupPodTarget target,
                                  PodSettings settings) {
        if (tasks.isEmpty()) {
            throw new UnsupportedTaskException("A task group needs at least one task");
        }
        if (executor.hasContainer()) {
            rejectUnsupported(executor.getContainer(), settings.level());
            if (executor.getContainer().getVolumesCount() > 0) {
                throw new UnsupportedTaskException("ExecutorInfo.container.volumes are not supported: the default"
                        + " executor has no container of its own in the group's Pod; give the volumes to its tasks"
                        + " (a SANDBOX_PATH volume of type PARENT shares a directory between them)");
            }
        }
        String executorId = executor.getExecutorId().getValue();
        Set<String> names = new HashSet<>();
        List<Container> containers = new ArrayList<>();
        TaskVolumes.PodVolumes volumes = new TaskVolumes.PodVolumes();
        long grace = 0;
        for (TaskInfo task : tasks) {
            rejectUnsupported(task, settings.level());
            if (task.hasMaxCompletionTime()) {
                throw new UnsupportedTaskException("Task '" + task.getTaskId().getValue() + "': TaskInfo."
                        + "max_completion_time is not supported in a task group");
            }
            if (task.hasContainer() && task.getContainer().hasHostname()) {
                throw new UnsupportedTaskException("Task '" + task.getTaskId().getValue() + "': ContainerInfo."
                        + "hostname is not supported in a task group, whose tasks share one Pod");
            }
            String name = TaskNames.containerName(task.getTaskId().getValue());
            if (!names.add(name)) {
                throw new UnsupportedTaskException("Task '" + task.getTaskId().getValue() + "' would have the"
                        + " container name '" + name + "' of another task of its group");
            }
            containers.add(container(task, name, executorId, containers.isEmpty() ? executor.getResourcesList()
                    : List.of(), target.frameworkId(), settings, volumes, true));
            grace = Math.max(grace, gracePeriodSeconds(task.hasKillPolicy() ? task.getKillPolicy() : null));
        }
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(KubernetesKeys.MANAGED_BY_LABEL, KubernetesKeys.MANAGED_BY_BRIDGE);
        labels.put(KubernetesKeys.FRAMEWORK_LABEL, TaskNames.frameworkLabelValue(target.frameworkId()));
        labels.put(KubernetesKeys.EXECUTOR_LABEL, target.podName());
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(KubernetesKeys.FRAMEWORK_ID_ANNOTATION, target.frameworkId());
        annotations.put(KubernetesKeys.EXECUTOR_ID_ANNOTATION, executorId);
        return pod(new PodBuilder()
                        .withNewMetadata()
                        .withName(target.podName())
                        .withNamespace(target.namespace())
                        .withLabels(labels)
                        .withAnnotations(annotations)
                        .withOwnerReferences(target.owners().stream()
                                .map(owner -> owner(owner.name(), owner.uid(), false)).toList())
                        .endMetadata(),
                target.nodeName(), account(target.user(), settings), grace, null, null,
                fetchContainer(tasks, containers.get(0), settings), containers, volumes);
    }

    /**
     * The Pod of a custom executor (ExecutorInfo of type CUSTOM): one container running ExecutorInfo.command with the
     * environment a Mesos agent gives an executor, made as a lone task's container is (image, fetch of its URIs,
     * hardening, sandbox). It asks for the executor's resources and those of the tasks it is started for. The
     * ExecutorInfo is kept in an annotation: the Pod is the executor, it outlives each of its tasks, and a later
     * task for the same ExecutorID is checked against it. Not owned by any task.
     *
     * @throws UnsupportedTaskException when the executor needs something a Pod cannot give it
     */
    public static Pod executorPodFor(ExecutorInfo executor, List<TaskInfo> tasks, ExecutorPodTarget target,
                                     PodSettings settings) {
        String executorId = executor.getExecutorId().getValue();
        TaskInfo.Builder asTask = TaskInfo.newBuilder()
                .setName(executor.getName())
                .setTaskId(io.mesosbridge.mesos.v1.Protos.TaskID.newBuilder().setValue(executorId))
                .setAgentId(io.mesosbridge.mesos.v1.Protos.AgentID.newBuilder().setValue(target.agentId()))
                .setCommand(executor.getCommand())
                .addAllResources(executor.getResourcesList());
        if (executor.hasContainer()) {
            asTask.setContainer(executor.getContainer());
        }
        TaskInfo launched = asTask.build();
        rejectUnsupported(launched, settings.level());
        List<Resource> taskResources = tasks.stream().flatMap(task -> task.getResourcesList().stream()).toList();
        TaskVolumes.PodVolumes volumes = new TaskVolumes.PodVolumes();
        Container base = container(launched, EXECUTOR_CONTAINER_NAME, executorId, taskResources, target.frameworkId(),
                settings, volumes, false);
        Container container = new ContainerBuilder(base)
                .withEnv(executorEnvironment(base.getEnv(), executor, target))
                .build();
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(KubernetesKeys.MANAGED_BY_LABEL, KubernetesKeys.MANAGED_BY_BRIDGE);
        labels.put(KubernetesKeys.FRAMEWORK_LABEL, TaskNames.frameworkLabelValue(target.frameworkId()));
        labels.put(KubernetesKeys.EXECUTOR_LABEL, target.podName());
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(KubernetesKeys.FRAMEWORK_ID_ANNOTATION, target.frameworkId());
        annotations.put(KubernetesKeys.EXECUTOR_ID_ANNOTATION, executorId);
        annotations.put(AGENT_ID_ANNOTATION, target.agentId());
        annotations.put(EXECUTOR_INFO_ANNOTATION, MesosJson.print(executor));
        return pod(new PodBuilder()
                        .withNewMetadata()
                        .withName(target.podName())
                        .withNamespace(target.namespace())
                        .withLabels(labels)
                        .withAnnotations(annotations)
                        .endMetadata(),
                target.nodeName(), account(target.user(), settings), executorGracePeriodSeconds(executor), null,
                hostname(executor.hasContainer() ? executor.getContainer() : null),
                fetchContainer(List.of(launched), container, settings), List.of(container), volumes);
    }

    /** The executor Pod's ExecutorInfo, as {@link #executorPodFor} recorded it; empty for any other Pod. */
    public static Optional<ExecutorInfo> executorInfoOf(Pod pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        String json = annotations == null ? null : annotations.get(EXECUTOR_INFO_ANNOTATION);
        if (json == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(MesosJson.parse(json, ExecutorInfo.newBuilder()).build());
        } catch (MesosJsonException e) {
            return Optional.empty();
        }
    }

    /** The agent id an executor Pod was made for. */
    public static String agentIdOf(Pod pod) {
        return pod.getMetadata().getAnnotations().get(AGENT_ID_ANNOTATION);
    }

    /**
     * What a Mesos agent tells an executor (src/slave/slave.cpp, executorEnvironment), for a non-checkpointing HTTP
     * executor: the agent is its node's, found from the downward API's host IP.
     */
    private static List<EnvVar> executorEnvironment(List<EnvVar> base, ExecutorInfo executor, ExecutorPodTarget target) {
        List<EnvVar> env = new ArrayList<>();
        env.add(new EnvVarBuilder().withName(HOST_IP_VARIABLE).withNewValueFrom().withNewFieldRef()
                .withFieldPath("status.hostIP").endFieldRef().endValueFrom().build());
        Map<String, String> agent = new LinkedHashMap<>();
        agent.put("MESOS_AGENT_ENDPOINT", target.agentEndpoint() != null ? target.agentEndpoint()
                : "$(" + HOST_IP_VARIABLE + "):" + target.agentPort());
        agent.put("MESOS_AGENT_ID", target.agentId());
        agent.put("MESOS_SLAVE_PID", "slave(1)@$(" + HOST_IP_VARIABLE + "):" + target.agentPort());
        agent.put("MESOS_CHECKPOINT", "0");
        agent.put("MESOS_HTTP_COMMAND_EXECUTOR", "0");
        agent.put("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", duration(executor.hasShutdownGracePeriod()
                ? Math.max(0, executor.getShutdownGracePeriod().getNanoseconds())
                : DEFAULT_EXECUTOR_SHUTDOWN_GRACE_NANOS));
        agent.put("MESOS_SUBSCRIPTION_BACKOFF_MAX", "2secs");
        Set<String> own = new HashSet<>();
        executor.getCommand().getEnvironment().getVariablesList().forEach(variable -> own.add(variable.getName()));
        for (Map.Entry<String, String> entry : agent.entrySet()) {
            if (!own.contains(entry.getKey())) {
                env.add(new EnvVarBuilder().withName(entry.getKey()).withValue(entry.getValue()).build());
            }
        }
        // MESOS_TASK_ID is a task's, not an executor's
        base.stream().filter(variable -> !variable.getName().equals("MESOS_TASK_ID")).forEach(env::add);
        return env;
    }

    /** A duration as stout prints it ({@code 5secs}, {@code 500ms}, {@code 1500ns}). */
    static String duration(long nanoseconds) {
        if (nanoseconds % NANOS_PER_SECOND == 0) {
            return nanoseconds / NANOS_PER_SECOND + "secs";
        }
        if (nanoseconds % 1_000_000 == 0) {
            return nanoseconds / 1_000_000 + "ms";
        }
        return nanoseconds + "ns";
    }

    /** The executor's shutdown grace period (Mesos's default 5 s) before its Pod is killed, rounded up. */
    public static long executorGracePeriodSeconds(ExecutorInfo executor) {
        return ceilSeconds(executor.hasShutdownGracePeriod()
                ? Math.max(0, executor.getShutdownGracePeriod().getNanoseconds())
                : DEFAULT_EXECUTOR_SHUTDOWN_GRACE_NANOS);
    }

    /**
     * The Pod around its containers: bound to the node, never restarted (a Mesos task runs once), hardened, with
     * the sandbox and the volumes its containers mount.
     */
    private static Pod pod(PodBuilder metadata, String nodeName, TaskUsers.Account account, long gracePeriodSeconds,
                           Long activeDeadlineSeconds, String hostname, List<Container> initContainers,
                           List<Container> containers, TaskVolumes.PodVolumes volumes) {
        return metadata
                .withNewSpec()
                .withNodeName(nodeName)
                .withRestartPolicy("Never")
                .withAutomountServiceAccountToken(false)
                .withEnableServiceLinks(false)
                .withSecurityContext(PodSecurity.podSecurityContext(account.uid(), account.gid()))
                .withTerminationGracePeriodSeconds(gracePeriodSeconds)
                .withActiveDeadlineSeconds(activeDeadlineSeconds)
                .withHostname(hostname)
                .withInitContainers(initContainers)
                .withContainers(containers)
                .addNewVolume().withName(SANDBOX_VOLUME).withNewEmptyDir().endEmptyDir().endVolume()
                .addAllToVolumes(volumes.list())
                .endSpec()
                .build();
    }

    /** Only a lone task's MesosTask is the Pod's controller; a group's Pod has several owners and no controller. */
    private static OwnerReference owner(String name, String uid, boolean controller) {
        return new OwnerReferenceBuilder()
                .withApiVersion(OWNER_API_VERSION)
                .withKind(OWNER_KIND)
                .withName(name)
                .withUid(uid)
                .withController(controller)
                .withBlockOwnerDeletion(true)
                .build();
    }

    /**
     * Seconds a task gets between SIGTERM and SIGKILL: the kill policy's grace period rounded up, or the command
     * executor's 3 s when there is none. Also used for KILL calls that carry their own kill policy.
     */
    public static long gracePeriodSeconds(KillPolicy killPolicy) {
        if (killPolicy == null || !killPolicy.hasGracePeriod()) {
            return DEFAULT_GRACE_PERIOD_SECONDS;
        }
        return ceilSeconds(Math.max(0, killPolicy.getGracePeriod().getNanoseconds()));
    }

    private static Map<String, String> annotations(TaskInfo task, String frameworkId) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(KubernetesKeys.FRAMEWORK_ID_ANNOTATION, frameworkId);
        annotations.put(KubernetesKeys.TASK_ID_ANNOTATION, task.getTaskId().getValue());
        annotations.put(KubernetesKeys.TASK_NAME_ANNOTATION, task.getName());
        for (Label label : task.getLabels().getLabelsList()) {
            annotations.put(TaskNames.labelAnnotationKey(label.getKey()), label.getValue());
        }
        long bytes = 0;
        for (Map.Entry<String, String> annotation : annotations.entrySet()) {
            bytes += annotation.getKey().getBytes(StandardCharsets.UTF_8).length
                    + annotation.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        if (bytes > ANNOTATION_BYTES_LIMIT) {
            throw new UnsupportedTaskException("TaskInfo.labels and TaskInfo.name take " + bytes + " bytes as Pod"
                    + " annotations; Kubernetes allows at most " + ANNOTATION_BYTES_LIMIT);
        }
        return annotations;
    }

    /** The account the task's Mesos user maps to; root only at a level that allows it. */
    private static TaskUsers.Account account(String user, PodSettings settings) {
        TaskUsers.Account account = settings.users().accountOf(user);
        if (account.isRoot() && settings.level() == PodSecurity.Level.RESTRICTED) {
            throw new UnsupportedTaskException("Task would run as root (user '" + user + "' is uid 0), which the"
                    + " Pod Security level restricted (mesos-bridge.pod-security-level) forbids; run it as another"
                    + " user (CommandInfo.user or FrameworkInfo.user)");
        }
        return account;
    }

    private static void rejectUnsupported(TaskInfo task, PodSecurity.Level level) {
        if (task.hasExecutor()) {
            throw new UnsupportedTaskException("Task '" + task.getTaskId().getValue()
                    + "' names a custom executor; only command tasks are translated to a single Pod");
        }
        if (!task.hasCommand()) {
            throw new UnsupportedTaskException(
                    "Task '" + task.getTaskId().getValue() + "' has neither a command nor an executor");
        }
        CommandInfo command = task.getCommand();
        for (CommandInfo.URI uri : command.getUrisList()) {
            if (!Fetch.fetchable(uri.getValue())) {
                throw new UnsupportedTaskException("CommandInfo.uris: '" + uri.getValue() + "' is read on the"
                        + " agent's side (" + Fetch.scheme(uri.getValue()) + "), which a Pod cannot fetch; serve it"
                        + " over " + String.join(", ", Fetch.FETCHABLE_SCHEMES.stream().sorted().toList())
                        + " or bake it into the image");
            }
            if (uri.hasOutputFile() && (uri.getOutputFile().isBlank() || uri.getOutputFile().startsWith("/")
                    || List.of(uri.getOutputFile().split("/")).contains(".."))) {
                throw new UnsupportedTaskException("CommandInfo.uris: output_file '" + uri.getOutputFile()
                        + "' of '" + uri.getValue() + "' is not a path inside the sandbox");
            }
        }
        if (task.hasCheck()) {
            throw new UnsupportedTaskException("TaskInfo.check (general checks) is not supported; "
                    + "use health_check");
        }
        if (task.hasContainer()) {
            rejectUnsupported(task.getContainer(), level);
        }
    }

    private static void rejectUnsupported(ContainerInfo container, PodSecurity.Level level) {
        for (NetworkInfo network : container.getNetworkInfosList()) {
            if (network.hasName() || network.getGroupsCount() > 0) {
                throw new UnsupportedTaskException("Named (CNI) networks are not supported: '"
                        + network.getName() + "'; tasks use the cluster's pod network");
            }
        }
        if (container.hasLinuxInfo() || container.hasRlimitInfo() || container.hasTtyInfo()) {
            throw new UnsupportedTaskException(
                    "ContainerInfo.linux_info, rlimit_info and tty_info are not supported");
        }
        if (container.getType() == ContainerInfo.Type.DOCKER) {
            if (!container.hasDocker()) {
                throw new UnsupportedTaskException("A DOCKER container needs ContainerInfo.docker");
            }
            ContainerInfo.DockerInfo docker = container.getDocker();
            if (docker.getNetwork() != ContainerInfo.DockerInfo.Network.HOST
                    && docker.getNetwork() != ContainerInfo.DockerInfo.Network.BRIDGE) {
                throw new UnsupportedTaskException(
                        "Docker network " + docker.getNetwork() + " is not supported (HOST and BRIDGE are)");
            }
            if (docker.getPrivileged() && level != PodSecurity.Level.PRIVILEGED) {
                throw new UnsupportedTaskException("ContainerInfo.docker.privileged is true, which the Pod Security"
                        + " level " + level.label() + " forbids (mesos-bridge.pod-security-level=privileged allows"
                        + " it)");
            }
            if (docker.getParametersCount() > 0) {
                throw new UnsupportedTaskException("ContainerInfo.docker.parameters (arbitrary `docker run` flags,"
                        + " which can ask for any privilege) are not supported: "
                        + docker.getParametersList().stream().map(p -> p.getKey()).toList());
            }
        } else if (container.getType() == ContainerInfo.Type.MESOS) {
            if (container.getMesos().hasImage() && container.getMesos().getImage().getType() != Image.Type.DOCKER) {
                throw new UnsupportedTaskException("Only Docker images are supported, not "
                        + container.getMesos().getImage().getType());
            }
        } else {
            throw new UnsupportedTaskException("Container type " + container.getType() + " is not supported");
        }
        if (container.hasHostname() && !DNS_LABEL.matcher(container.getHostname()).matches()) {
            throw new UnsupportedTaskException("ContainerInfo.hostname '" + container.getHostname()
                    + "' is not a DNS-1123 label, which a Pod hostname must be");
        }
    }

    private static String hostname(ContainerInfo container) {
        return container != null && container.hasHostname() ? container.getHostname() : null;
    }

    private static Container container(TaskInfo task, String name, String executorId, List<Resource> executorResources,
            String frameworkId, PodSettings settings, TaskVolumes.PodVolumes volumes, boolean nested) {
        ContainerInfo containerInfo = task.hasContainer() ? task.getContainer() : null;
        PortPlan ports = PortPlan.of(task, containerInfo, settings.hostPorts());
        String taskImage = taskImage(containerInfo);
        CommandLine commandLine = commandLine(task.getCommand(), taskImage != null,
                containerInfo != null && containerInfo.getType() == ContainerInfo.Type.DOCKER);
        boolean forcePull = containerInfo != null && containerInfo.hasDocker()
                && containerInfo.getDocker().getForcePullImage();
        HealthCheckProbes.Probes probes = task.hasHealthCheck() ? probes(task.getHealthCheck()) : null;
        boolean privileged = containerInfo != null && containerInfo.hasDocker()
                && containerInfo.getDocker().getPrivileged();
        return new ContainerBuilder()
                .withName(name)
                .withImage(taskImage != null ? taskImage : settings.defaultImage())
                .withImagePullPolicy(forcePull ? "Always" : settings.imagePullPolicy())
                .withCommand(commandLine.command())
                .withArgs(commandLine.args())
                .withWorkingDir(Sandbox.workingDirectory(taskImage != null, settings.sandboxPath()))
                .withEnv(environment(task, frameworkId, executorId, ports, settings))
                .withResources(resources(task, executorResources))
                .withPorts(ports.containerPorts())
                .addNewVolumeMount().withName(SANDBOX_VOLUME).withMountPath(settings.sandboxPath()).endVolumeMount()
                .addAllToVolumeMounts(containerInfo == null ? List.of()
                        : TaskVolumes.mounts(containerInfo, TaskVolumes.Owner.TASK, nested, volumes, settings))
                .addAllToVolumeMounts(TaskVolumes.persistentVolumeMounts(task.getResourcesList(), volumes, settings))
                .withStartupProbe(probes == null ? null : probes.startup())
                .withLivenessProbe(probes == null ? null : probes.liveness())
                .withReadinessProbe(probes == null ? null : probes.readiness())
                .withSecurityContext(PodSecurity.containerSecurityContext(settings.capabilities(), privileged))
                .build();
    }

    /**
     * The Mesos fetcher for the tasks' CommandInfo.uris: one init container fetching them all into the sandbox,
     * hardened like the tasks' containers and as large as the first. {@code cache} has no counterpart: a Pod always
     * downloads. As Mesos's fetcher does, an executable URI is never extracted.
     */
    private static List<Container> fetchContainer(List<TaskInfo> tasks, Container first, PodSettings settings) {
        List<Fetch.Artifact> artifacts = new ArrayList<>();
        for (TaskInfo task : tasks) {
            for (CommandInfo.URI uri : task.getCommand().getUrisList()) {
                artifacts.add(artifact(uri));
            }
        }
        return Fetch.initContainer(artifacts, settings.fetcherImage(), settings.imagePullPolicy(), SANDBOX_VOLUME,
                        settings.sandboxPath())
                .map(init -> new ContainerBuilder(init)
                        .withResources(first.getResources())
                        .withSecurityContext(PodSecurity.containerSecurityContext(settings.capabilities(), false))
                        .build())
                .stream().toList();
    }

    static Fetch.Artifact artifact(CommandInfo.URI uri) {
        String fileName = uri.hasOutputFile() ? uri.getOutputFile() : Fetch.baseName(uri.getValue());
        return new Fetch.Artifact(uri.getValue(), fileName, uri.getExtract() && !uri.getExecutable(),
                uri.getExecutable());
    }

    private static HealthCheckProbes.Probes probes(HealthCheck check) {
        try {
            return HealthCheckProbes.of(check);
        } catch (UnsupportedHealthCheckException e) {
            throw new UnsupportedTaskException("TaskInfo.health_check: " + e.getMessage());
        }
    }

    private static String taskImage(ContainerInfo container) {
        if (container == null) {
            return null;
        }
        if (container.getType() == ContainerInfo.Type.DOCKER) {
            return container.getDocker().getImage();
        }
        if (container.getMesos().hasImage()) {
            return container.getMesos().getImage().getDocker().getName();
        }
        return null;
    }

    private record CommandLine(List<String> command, List<String> args) {
    }

    /**
     * Mesos's two launch conventions. The Mesos containerizer execs {@code value} with argv = {@code arguments}
     * (argv[0] included), or runs the image's entrypoint with {@code arguments} when there is no value. The Docker
     * containerizer keeps the image's entrypoint and passes {@code value} (if any) followed by every argument as
     * its command. Both run shell commands as {@code /bin/sh -c value}.
     */
    private static CommandLine commandLine(CommandInfo command, boolean hasTaskImage, boolean dockerContainerizer) {
        if (command.getShell()) {
            if (!command.hasValue()) {
                throw new UnsupportedTaskException("A shell command needs CommandInfo.value");
            }
            return new CommandLine(List.of("/bin/sh", "-c", command.getValue()), List.of());
        }
        if (dockerContainerizer) {
            List<String> args = new ArrayList<>();
            if (command.hasValue()) {
                args.add(command.getValue());
            }
            args.addAll(command.getArgumentsList());
            return new CommandLine(List.of(), args);
        }
        if (command.hasValue()) {
            List<String> arguments = command.getArgumentsList();
            return new CommandLine(List.of(command.getValue()),
                    arguments.isEmpty() ? List.of() : List.copyOf(arguments.subList(1, arguments.size())));
        }
        if (!hasTaskImage) {
            throw new UnsupportedTaskException(
                    "A non-shell command without CommandInfo.value needs an image whose entrypoint to run");
        }
        return new CommandLine(List.of(), List.copyOf(command.getArgumentsList()));
    }

    /**
     * What the Mesos agent and command executor put in a task's environment, then the port variables Marathon
     * would set, then the task's own variables, which win over both (as in Mesos).
     */
    private static List<EnvVar> environment(TaskInfo task, String frameworkId, String executorId, PortPlan ports,
                                            PodSettings settings) {
        Map<String, EnvVar> env = new LinkedHashMap<>();
        put(env, "MESOS_FRAMEWORK_ID", frameworkId);
        // A command task's executor has the task's id as its own; a group's tasks share their default executor's.
        put(env, "MESOS_EXECUTOR_ID", executorId);
        // Not set by Mesos itself but by Marathon, and many task scripts read it.
        put(env, "MESOS_TASK_ID", task.getTaskId().getValue());
        put(env, "MESOS_SLAVE_ID", task.getAgentId().getValue());
        put(env, "MESOS_SANDBOX", settings.sandboxPath());
        put(env, "MESOS_DIRECTORY", settings.sandboxPath());
        String role = allocationRole(task);
        if (role != null) {
            put(env, "MESOS_ALLOCATION_ROLE", role);
        }
        List<Long> hostPorts = ports.hostPorts();
        for (int i = 0; i < hostPorts.size(); i++) {
            put(env, "PORT" + i, Long.toString(hostPorts.get(i)));
        }
        if (!hostPorts.isEmpty()) {
            put(env, "PORT", Long.toString(hostPorts.get(0)));
            put(env, "PORTS", String.join(",", hostPorts.stream().map(String::valueOf).toList()));
        }
        for (Environment.Variable variable : task.getCommand().getEnvironment().getVariablesList()) {
            EnvVar resolved = TaskVolumes.environmentVariable(variable, TaskVolumes.Owner.TASK);
            if (!isEnvironmentVariableName(variable.getName())) {
                throw new UnsupportedTaskException("CommandInfo.environment: '" + variable.getName() + "' is not a"
                        + " name Kubernetes accepts for an environment variable (printable ASCII without '=')");
            }
            env.put(variable.getName(), resolved);
        }
        return List.copyOf(env.values());
    }

    private static void put(Map<String, EnvVar> env, String name, String value) {
        env.put(name, new EnvVarBuilder().withName(name).withValue(value).build());
    }

    /** Kubernetes's (relaxed) rule for environment variable names: printable ASCII, no '=', not empty. */
    static boolean isEnvironmentVariableName(String name) {
        return !name.isEmpty() && name.chars().allMatch(c -> c >= 0x20 && c <= 0x7e && c != '=');
    }

    private static String allocationRole(TaskInfo task) {
        return task.getResourcesList().stream()
                .filter(r -> r.hasAllocationInfo() && r.getAllocationInfo().hasRole())
                .map(r -> r.getAllocationInfo().getRole())
                .findFirst()
                .orElse(null);
    }

    /**
     * Scalars summed by name across roles: cpus become CPU, mem and disk (MiB) memory and ephemeral storage, with
     * request = limit as Mesos isolates them; {@code TaskInfo.limits} raise (or, when infinite, remove) the cpu and
     * memory limits. GPUs must be whole, as on a Mesos agent.
     */
    private static ResourceRequirements resources(TaskInfo task, List<Resource> executorResources) {
        Map<String, Double> scalars = new TreeMap<>();
        List<Resource> all = new ArrayList<>(task.getResourcesList());
        all.addAll(executorResources);
        for (Resource resource : all) {
            if (resource.hasDisk() && (resource.getDisk().hasSource()
                    || resource.getDisk().hasVolume() != resource.getDisk().hasPersistence())) {
                throw new UnsupportedTaskException("Disk sources and volumes without persistence are not supported");
            }
            if (resource.hasDisk() && resource.getDisk().hasPersistence()) {
                continue; // its claim holds it, not the Pod's ephemeral storage
            }
            switch (resource.getName()) {
                case "cpus", "mem", "disk", "gpus" ->
                        scalars.merge(resource.getName(), resource.getScalar().getValue(), Double::sum);
                case "ports" -> {
                    // Turned into container ports by PortPlan.
                }
                default -> throw new UnsupportedTaskException("Resource '" + resource.getName()
                        + "' is not supported (cpus, mem, disk, ports and gpus are)");
            }
        }
        Map<String, Quantity> requests = new LinkedHashMap<>();
        Map<String, Quantity> limits = new LinkedHashMap<>();
        if (scalars.containsKey("cpus")) {
            Quantity cpu = quantity("cpus", "Resource 'cpus'", scalars.get("cpus"));
            requests.put("cpu", cpu);
            limits.put("cpu", cpu);
        }
        if (scalars.containsKey("mem")) {
            Quantity memory = quantity("mem", "Resource 'mem'", scalars.get("mem"));
            requests.put("memory", memory);
            limits.put("memory", memory);
        }
        if (scalars.containsKey("disk")) {
            Quantity disk = quantity("disk", "Resource 'disk'", scalars.get("disk"));
            requests.put("ephemeral-storage", disk);
            limits.put("ephemeral-storage", disk);
        }
        if (scalars.containsKey("gpus")) {
            double gpus = scalars.get("gpus");
            if (gpus != Math.rint(gpus)) {
                throw new UnsupportedTaskException("Fractional gpus (" + gpus + ") are not supported");
            }
            limits.put(KubernetesKeys.GPU_RESOURCE, new Quantity(Long.toString((long) gpus)));
        }
        for (Map.Entry<String, Value.Scalar> limit : task.getLimitsMap().entrySet()) {
            double value = limit.getValue().getValue();
            String name = switch (limit.getKey()) {
                case "cpus" -> "cpu";
                case "mem" -> "memory";
                default -> throw new UnsupportedTaskException(
                        "TaskInfo.limits['" + limit.getKey() + "'] is not supported (cpus and mem are)");
            };
            if (Double.isInfinite(value)) {
                limits.remove(name);
            } else {
                limits.put(name, quantity(limit.getKey(), "TaskInfo.limits['" + limit.getKey() + "']", value));
            }
        }
        return new ResourceRequirementsBuilder().withRequests(requests).withLimits(limits).build();
    }

    /** A Mesos scalar as a quantity: cpus in cores, mem and disk in MiB; values no machine has are refused. */
    private static Quantity quantity(String resource, String field, double value) {
        double max = resource.equals("cpus") ? MAX_CPUS : MAX_MEBIBYTES;
        if (!(value >= 0 && value <= max)) {
            throw new UnsupportedTaskException(field + " of " + value + " is out of range (0 to " + max + ")");
        }
        return resource.equals("cpus") ? Quantities.cpus(value) : Quantities.mebibytes(value);
    }

    /**
     * Host ports from the task's port resources, and how the container exposes them: published on the node (host
     * ports) unless the settings say otherwise, and never a host port outside the task's resources.
     */
    private record PortPlan(List<Long> hostPorts, List<ContainerPort> containerPorts) {

        static PortPlan of(TaskInfo task, ContainerInfo container, boolean publishHostPorts) {
            List<Value.Range> ranges = new ArrayList<>();
            List<Long> hostPorts = new ArrayList<>();
            for (Resource resource : task.getResourcesList()) {
                if (resource.getName().equals("ports")) {
                    for (Value.Range range : resource.getRanges().getRangeList()) {
                        ranges.add(range);
                        for (long port = range.getBegin(); port <= range.getEnd(); port++) {
                            hostPorts.add(port);
                        }
                    }
                }
            }
            List<ContainerPort> mapped = new ArrayList<>();
            if (container != null) {
                for (ContainerInfo.DockerInfo.PortMapping m : container.getDocker().getPortMappingsList()) {
                    requireInResources(m.getHostPort(), ranges);
                    addMapping(mapped, m.getHostPort(), m.getContainerPort(), m.getProtocol());
                }
                for (NetworkInfo network : container.getNetworkInfosList()) {
                    for (NetworkInfo.PortMapping m : network.getPortMappingsList()) {
                        requireInResources(m.getHostPort(), ranges);
                        addMapping(mapped, m.getHostPort(), m.getContainerPort(), m.getProtocol());
                    }
                }
            }
            List<ContainerPort> exposed = !mapped.isEmpty() ? mapped : hostPorts.stream()
                    .map(port -> port(port, port, "TCP"))
                    .toList();
            checkKubernetesAccepts(exposed);
            if (!publishHostPorts) {
                exposed = exposed.stream().map(port -> new ContainerPortBuilder(port).withHostPort(null).build())
                        .toList();
            }
            return new PortPlan(hostPorts, exposed);
        }

        /** A mapping may only publish a port the task was given, as the Mesos Docker containerizer requires. */
        private static void requireInResources(long hostPort, List<Value.Range> ranges) {
            if (ranges.stream().noneMatch(range -> hostPort >= range.getBegin() && hostPort <= range.getEnd())) {
                throw new UnsupportedTaskException("Port [" + hostPort + "] not included in resources");
            }
        }

        /** Kubernetes refuses ports outside 1-65535 and a host port bound twice for one protocol. */
        private static void checkKubernetesAccepts(List<ContainerPort> ports) {
            Set<String> bound = new HashSet<>();
            for (ContainerPort port : ports) {
                for (int number : List.of(port.getContainerPort(), port.getHostPort())) {
                    if (number < 1 || number > 65535) {
                        throw new UnsupportedTaskException("Port " + number + " is not a port number (1-65535)");
                    }
                }
                if (!bound.add(port.getHostPort() + "/" + port.getProtocol())) {
                    throw new UnsupportedTaskException("Host port " + port.getHostPort() + "/" + port.getProtocol()
                            + " is mapped more than once");
                }
            }
        }

        /** Marathon writes protocols such as "udp,tcp" into one mapping; each becomes its own container port. */
        private static void addMapping(List<ContainerPort> ports, int hostPort, int containerPort, String protocols) {
            String list = protocols == null || protocols.isBlank() ? "tcp" : protocols;
            for (String protocol : list.split(",")) {
                String upper = protocol.trim().toUpperCase(Locale.ROOT);
                if (!upper.equals("TCP") && !upper.equals("UDP") && !upper.equals("SCTP")) {
                    throw new UnsupportedTaskException("Port mapping protocol '" + protocol + "' is not supported");
                }
                ports.add(port(containerPort, hostPort, upper));
            }
        }

        private static ContainerPort port(long containerPort, long hostPort, String protocol) {
            return new ContainerPortBuilder()
                    .withContainerPort((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, containerPort)))
                    .withHostPort((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, hostPort)))
                    .withProtocol(protocol)
                    .build();
        }
    }

    /** TaskInfo.max_completion_time as the Pod's activeDeadlineSeconds, which Kubernetes keeps below 2^31 s. */
    private static Long activeDeadlineSeconds(TaskInfo task) {
        long nanoseconds = task.getMaxCompletionTime().getNanoseconds();
        if (nanoseconds <= 0) {
            return null;
        }
        long seconds = ceilSeconds(nanoseconds);
        if (seconds > Integer.MAX_VALUE) {
            throw new UnsupportedTaskException("TaskInfo.max_completion_time of " + seconds + " s is longer than a"
                    + " Pod's activeDeadlineSeconds can be (" + Integer.MAX_VALUE + " s)");
        }
        return seconds;
    }

    private static long ceilSeconds(long nanoseconds) {
        return (nanoseconds + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND;
    }
}
