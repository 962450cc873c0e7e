package io.mesosbridge.migrate.jobs;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpecBuilder;
import io.mesosbridge.conventions.Fetch;
import io.mesosbridge.conventions.KubernetesKeys;
import io.mesosbridge.migrate.input.InputError;
import io.mesosbridge.migrate.input.JsonDocuments;
import io.mesosbridge.migrate.input.Node;
import io.mesosbridge.migrate.input.Source;
import io.mesosbridge.migrate.kube.KubeNames;
import io.mesosbridge.migrate.marathon.DockerParameters;
import io.mesosbridge.migrate.marathon.Fetcher;
import io.mesosbridge.migrate.marathon.MarathonOptions;
import io.mesosbridge.migrate.marathon.Placement;
import io.mesosbridge.migrate.marathon.WorkloadParts;
import io.mesosbridge.migrate.marathon.WorkloadSecurity;
import io.mesosbridge.migrate.report.Warnings;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Metronome and Chronos job definitions as CronJobs (or, for a Chronos job that runs once, a Job). A job without a
 * schedule (run on demand in Metronome, or triggered by parents in Chronos) becomes a suspended CronJob, to start
 * with {@code kubectl create job --from=cronjob/NAME}.
 */
public final class JobConverter {

    /** CronJob names leave room for the 11 characters Kubernetes appends to the Jobs it creates. */
    static final int MAX_CRONJOB_NAME = 52;
    static final String ON_DEMAND_SCHEDULE = "@yearly";
    static final String SHM_VOLUME = "shm";
    /** Metronome reads a schedule without timezone in UTC; a CronJob without timeZone uses kube-controller-manager's zone. */
    static final String METRONOME_DEFAULT_TIME_ZONE = "UTC";
    /** Metronome skips a run that could not start within 15 minutes of its time; a CronJob without one never does. */
    static final long METRONOME_DEFAULT_STARTING_DEADLINE = 900;
    /** Metronome gives up a run that has not started within an hour unless run.maxLaunchDelay says otherwise. */
    static final long METRONOME_DEFAULT_MAX_LAUNCH_DELAY = 3600;
    /** Chronos's --mesos_task_cpu, --mesos_task_mem (MB) and --mesos_task_disk (MB) defaults, used when a job sets none (or 0). */
    static final BigDecimal CHRONOS_DEFAULT_CPUS = new BigDecimal("0.1");
    static final BigDecimal CHRONOS_DEFAULT_MEM = BigDecimal.valueOf(128);
    static final BigDecimal CHRONOS_DEFAULT_DISK = BigDecimal.valueOf(256);
    /** Chronos's number of retries of a job that sets none (BaseJob.retries and its JobDeserializer). */
    static final int CHRONOS_DEFAULT_RETRIES = 2;
    /** Chronos's container has no {@code privileged} (JobFields warns about one as unknown): never privileged. */
    private static final Node NOT_A_CHRONOS_FIELD = Node.root(MissingNode.getInstance());

    private final MarathonOptions options;
    private final String namespace;

    public JobConverter(MarathonOptions options, String namespace) {
        this.options = options;
        this.namespace = namespace;
    }

    /**
     * The converted jobs, and the input that could not be converted: a file that does not parse or has no job shape
     * is left out whole, a job that fails (or whose name another job already took) alone; the rest is converted.
     */
    public record Result(List<HasMetadata> resources, List<InputError> errors) {
    }

    public Result convert(List<Source> sources, Warnings warnings) {
        List<HasMetadata> result = new ArrayList<>();
        List<InputError> errors = new ArrayList<>();
        Map<String, String> seen = new TreeMap<>();
        for (Source source : sources) {
            Warnings.SourceWarnings w = warnings.forSource(source.name());
            List<Node> jobs;
            try {
                Node root = JsonDocuments.parse(source);
                jobs = root.isArray() ? root.elements() : root.has("jobs") ? root.get("jobs").elements() : List.of(root);
            } catch (InputError e) {
                errors.add(e.in(source.name()));
                continue;
            }
            for (Node job : jobs) {
                try {
                    HasMetadata converted = convert(job, w);
                    String key = converted.getKind() + "/" + converted.getMetadata().getName();
                    String previous = seen.putIfAbsent(key, source.name() + " " + job.path());
                    if (previous != null) {
                        throw job.error(key + " is produced twice (also by " + previous + "); this one is not converted");
                    }
                    result.add(converted);
                } catch (InputError e) {
                    errors.add(e.in(source.name()));
                }
            }
        }
        return new Result(result, errors);
    }

    private HasMetadata convert(Node job, Warnings.SourceWarnings w) {
        if (!job.isObject()) {
            throw job.error("expected a Metronome or Chronos job object");
        }
        if (job.has("run")) {
            return metronome(job, w);
        }
        if (job.has("name") && (job.has("command") || job.has("schedule") || job.has("parents"))) {
            return chronos(job, w);
        }
        throw job.error("not a Metronome job (no run) nor a Chronos job (no name and command)");
    }

    private HasMetadata metronome(Node job, Warnings.SourceWarnings w) {
        JobFields.warnUnknown(job, JobFields.METRONOME, w);
        String id = job.get("id").text();
        String name = KubeNames.dnsLabel(id.replace('.', '-'), id, "job");
        name = shorten(name, id);
        Node run = job.get("run");
        Node ucr = run.get("ucr");
        MesosCommand.Runtime runtime = run.has("docker") ? MesosCommand.Runtime.DOCKER
                : ucr.has("image") ? MesosCommand.Runtime.MESOS : MesosCommand.Runtime.AGENT;
        String image = run.get("docker").get("image").optionalText()
                .or(() -> ucr.get("image").get("id").optionalText()).orElse(null);
        boolean forcePull = run.get("docker").get("forcePullImage").bool(false)
                || ucr.get("image").get("forcePull").bool(false);
        warnMetronomeWithoutCounterpart(job, w);
        MesosCommand.Launch launch = launch(metronomeCommand(run, runtime, w), runtime, run.get("args"), w);
        List<EnvVar> env = WorkloadParts.environment(run.get("env"), run.get("secrets"), new ArrayList<>(), w);
        PodSpec pod = podSpec(name, run, WorkloadParts.resources(run, options, BigDecimal.ONE, BigDecimal.valueOf(128), w),
                new ContainerImage(image, runtime, forcePull), launch, run.has("cmd") ? run.get("cmd") : run.get("args"),
                env, run.get("docker"), run.get("docker").get("privileged"), run.get("volumes"), run.get("secrets"),
                Placement.read(run.get("placement").get("constraints")), run.get("artifacts"), run.get("user"), w);
        if (run.has("taskKillGracePeriodSeconds")) {
            pod.setTerminationGracePeriodSeconds(run.get("taskKillGracePeriodSeconds").longInteger(0));
        }
        String policy = run.get("restart").get("policy").text("NEVER");
        JobSpecBuilder jobSpec = new JobSpecBuilder()
                .withBackoffLimit(policy.equalsIgnoreCase("ON_FAILURE") ? 6 : 0)
                .withTemplate(new io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder()
                        .withNewMetadata().withLabels(labels(name)).endMetadata().withSpec(pod).build());
        warnRestartWindow(run.get("restart"), policy, w);
        Map<String, String> annotations = new TreeMap<>();
        annotations.put(KubernetesKeys.MIGRATION_ANNOTATION_PREFIX + "metronome-id", id);
        job.get("description").optionalText()
                .ifPresent(d -> annotations.put(KubernetesKeys.MIGRATION_ANNOTATION_PREFIX + "description", d));
        Map<String, String> labels = labels(name);
        WorkloadParts.carryLabels(job.get("labels"), labels, annotations, w);

        List<Node> schedules = job.get("schedules").elements();
        if (!schedules.isEmpty()) {
            schedules.get(0).get("id").optionalText().ifPresent(scheduleId -> annotations.put(
                    KubernetesKeys.MIGRATION_ANNOTATION_PREFIX + "metronome-schedule-id", scheduleId));
        }
        CronJobBuilder cron = new CronJobBuilder().withMetadata(WorkloadParts.metadata(name, namespace, labels, annotations));
        if (schedules.isEmpty()) {
            w.warn(job, "no schedule: runs on demand; became a suspended CronJob, started with"
                    + " kubectl create job --from=cronjob/" + name + " " + name + "-1");
            return cron.withNewSpec().withSchedule(ON_DEMAND_SCHEDULE).withSuspend(true)
                    .withNewJobTemplate().withSpec(jobSpec.build()).endJobTemplate().endSpec().build();
        }
        for (int i = 1; i < schedules.size(); i++) {
            w.warn(schedules.get(i), "a CronJob has one schedule; kept the first, dropped this one");
        }
        Node schedule = schedules.get(0);
        String concurrency = switch (schedule.get("concurrencyPolicy").text("ALLOW").toUpperCase()) {
            case "FORBID" -> "Forbid";
            case "REPLACE" -> "Replace";
            default -> "Allow";
        };
        return cron.withNewSpec()
                .withSchedule(schedule.get("cron").text())
                .withTimeZone(schedule.get("timezone").text(METRONOME_DEFAULT_TIME_ZONE))
                .withStartingDeadlineSeconds(schedule.get("startingDeadlineSeconds")
                        .longInteger(METRONOME_DEFAULT_STARTING_DEADLINE))
                .withConcurrencyPolicy(concurrency)
                .withSuspend(schedule.get("enabled").bool(true) ? null : Boolean.TRUE)
                .withNewJobTemplate().withSpec(jobSpec.build()).endJobTemplate()
                .endSpec().build();
    }

    private HasMetadata chronos(Node job, Warnings.SourceWarnings w) {
        JobFields.warnUnknown(job, JobFields.CHRONOS, w);
        String jobName = job.get("name").text();
        String name = shorten(KubeNames.dnsLabel(jobName, jobName, "job"), jobName);
        Node container = job.get("container");
        // Chronos ignores a container without an image.
        String image = container.get("image").optionalText().orElse(null);
        MesosCommand.Runtime runtime = image == null ? MesosCommand.Runtime.AGENT
                : container.get("type").text("DOCKER").equalsIgnoreCase("MESOS") ? MesosCommand.Runtime.MESOS
                : MesosCommand.Runtime.DOCKER;
        warnChronosWithoutCounterpart(job, w);
        MesosCommand.Launch launch = launch(chronosCommand(job, w), runtime, job.get("arguments"), w);
        List<EnvVar> env = new ArrayList<>();
        for (Node variable : job.get("environmentVariables").elements()) {
            env.add(new EnvVarBuilder().withName(variable.get("name").text())
                    .withValue(variable.get("value").present() ? variable.get("value").scalarText() : "").build());
        }
        Node fetch = job.has("fetch") ? job.get("fetch") : job.get("uris");
        PodSpec pod = podSpec(name, job, chronosResources(job, w),
                new ContainerImage(image, runtime, chronosBoolean(container.get("forcePullImage"), false, w)),
                launch, job.get("command"), env, container, NOT_A_CHRONOS_FIELD, container.get("volumes"),
                job.get("secrets"),
                Placement.read(job.get("constraints")),
                fetch, job.get("runAsUser"), w);
        JobSpec jobSpec = new JobSpecBuilder()
                .withBackoffLimit(chronosRetries(job.get("retries"), w))
                .withTemplate(new io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder()
                        .withNewMetadata().withLabels(labels(name)).endMetadata().withSpec(pod).build())
                .build();
        Map<String, String> annotations = new TreeMap<>();
        annotations.put(KubernetesKeys.MIGRATION_ANNOTATION_PREFIX + "chronos-name", jobName);
        job.get("description").optionalText().filter(d -> !d.isEmpty())
                .ifPresent(d -> annotations.put(KubernetesKeys.MIGRATION_ANNOTATION_PREFIX + "description", d));
        job.get("owner").optionalText().filter(d -> !d.isEmpty())
                .ifPresent(d -> annotations.put(KubernetesKeys.MIGRATION_ANNOTATION_PREFIX + "owner", d));
        job.get("ownerName").optionalText().filter(d -> !d.isEmpty())
                .ifPresent(d -> annotations.put(KubernetesKeys.MIGRATION_ANNOTATION_PREFIX + "owner-name", d));
        boolean disabled = chronosBoolean(job.get("disabled"), false, w);
        String concurrency = chronosBoolean(job.get("concurrent"), false, w) ? "Allow" : "Forbid";
        Long deadline = null;
        if (job.has("epsilon")) {
            try {
                deadline = Duration.parse(job.get("epsilon").text()).getSeconds();
            } catch (DateTimeParseException e) {
                throw job.get("epsilon").error("not an ISO 8601 duration: " + job.get("epsilon").text());
            }
        }
        if (job.get("parents").present() && !job.get("parents").elements().isEmpty()) {
            List<String> parents = job.get("parents").elements().stream().map(Node::text).toList();
            annotations.put(KubernetesKeys.MIGRATION_ANNOTATION_PREFIX + "chronos-parents", String.join(",", parents));
            w.warn(job.get("parents"), "runs after " + String.join(", ", parents) + ": Kubernetes has no job"
                    + " dependencies (consider Argo Workflows); became a suspended CronJob");
            return new CronJobBuilder().withMetadata(WorkloadParts.metadata(name, namespace, labels(name), annotations))
                    .withNewSpec().withSchedule(ON_DEMAND_SCHEDULE).withSuspend(true).withConcurrencyPolicy(concurrency)
                    .withNewJobTemplate().withSpec(jobSpec).endJobTemplate().endSpec().build();
        }
        ChronosSchedule schedule = ChronosSchedule.parse(job.get("schedule"),
                job.get("scheduleTimeZone").text(""), w);
        if (schedule.runsOnce()) {
            w.warn(job.get("schedule"), "runs once (R1): became a Job, which starts when applied, not at "
                    + schedule.start());
            return new JobBuilder().withMetadata(WorkloadParts.metadata(name, namespace, labels(name), annotations))
                    .withSpec(jobSpec).build();
        }
        return new CronJobBuilder().withMetadata(WorkloadParts.metadata(name, namespace, labels(name), annotations))
                .withNewSpec()
                .withSchedule(schedule.cron())
                .withTimeZone(schedule.timeZone())
                .withStartingDeadlineSeconds(deadline)
                .withConcurrencyPolicy(concurrency)
                .withSuspend(disabled || schedule.never() ? Boolean.TRUE : null)
                .withNewJobTemplate().withSpec(jobSpec).endJobTemplate()
                .endSpec().build();
    }

    /** The job's image (null when it ran on the agent's own filesystem) and what started it. */
    private record ContainerImage(String reference, MesosCommand.Runtime runtime, boolean forcePull) {
    }

    private PodSpec podSpec(String name, Node resources, ResourceRequirements requirements, ContainerImage containerImage,
                            MesosCommand.Launch launch, Node commandField, List<EnvVar> env,
                            Node docker, Node privileged, Node volumesNode, Node secrets,
                            List<Placement.Constraint> constraints,
                            Node fetch, Node user, Warnings.SourceWarnings w) {
        String image = containerImage.reference();
        if (image == null) {
            image = options.defaultImage();
            w.warn(resources, "ran on the agent's own filesystem without an image; used image " + image
                    + ", which must provide what the command needs");
        } else {
            WorkloadParts.warnImageWorkingDirectory(commandField,
                    containerImage.runtime() == MesosCommand.Runtime.MESOS, !fetch.elements().isEmpty(), w);
        }
        List<Volume> volumes = new ArrayList<>();
        List<VolumeMount> mounts = new ArrayList<>();
        volumes.add(new VolumeBuilder().withName(WorkloadParts.SANDBOX_VOLUME).withNewEmptyDir().endEmptyDir().build());
        mounts.add(new VolumeMountBuilder().withName(WorkloadParts.SANDBOX_VOLUME).withMountPath(WorkloadParts.SANDBOX_PATH).build());
        List<Node> volumeList = volumesNode.elements();
        for (int i = 0; i < volumeList.size(); i++) {
            Node v = volumeList.get(i);
            if (v.get("hostPath").present() && v.get("hostPath").text().startsWith("/")) {
                volumes.add(new VolumeBuilder().withName("host-" + i).withNewHostPath().withPath(v.get("hostPath").text())
                        .endHostPath().build());
                mounts.add(new VolumeMountBuilder().withName("host-" + i)
                        .withMountPath(WorkloadParts.mountPath(v.get("containerPath").text()))
                        .withReadOnly(v.get("mode").text("RW").equalsIgnoreCase("RO") ? Boolean.TRUE : null).build());
            } else if (v.get("secret").present()) {
                String ref = v.get("secret").text();
                String secret = WorkloadParts.secretName(secrets.get(ref).get("source").text(ref));
                volumes.add(new VolumeBuilder().withName("secret-" + i).withNewSecret().withSecretName(secret)
                        .endSecret().build());
                mounts.add(new VolumeMountBuilder().withName("secret-" + i)
                        .withMountPath(WorkloadParts.mountPath(v.get("containerPath").text()))
                        .withSubPath(WorkloadParts.SECRET_KEY).withReadOnly(true).build());
                w.warn(v, "secret " + ref + " became a file from Secret " + secret + " (key \""
                        + WorkloadParts.SECRET_KEY + "\"), which must exist in the namespace");
            } else {
                w.warn(v, "only absolute host-path and secret volumes are carried over for jobs; not carried over");
            }
        }
        DockerParameters.Mapped parameters = DockerParameters.read(docker.get("parameters"), w);
        WorkloadSecurity.warnHostNamespaces(parameters.hostPid(), parameters.hostIpc(), docker.get("parameters"), w);
        if (parameters.shmSize() != null) {
            volumes.add(new VolumeBuilder().withName(SHM_VOLUME).withNewEmptyDir().withMedium("Memory")
                    .withSizeLimit(parameters.shmSize()).endEmptyDir().build());
            mounts.add(new VolumeMountBuilder().withName(SHM_VOLUME).withMountPath("/dev/shm").build());
        }
        List<EnvVar> allEnv = new ArrayList<>();
        allEnv.add(new EnvVarBuilder().withName("MESOS_SANDBOX").withValue(WorkloadParts.SANDBOX_PATH).build());
        allEnv.addAll(env);
        // Mesos passes the job's environment before the parameters, so docker keeps a parameter's value of a name.
        Set<String> fromParameters = new HashSet<>();
        parameters.env().forEach(e -> fromParameters.add(e.getName()));
        allEnv.removeIf(e -> fromParameters.contains(e.getName()));
        allEnv.addAll(parameters.env());
        ContainerBuilder main = new ContainerBuilder()
                .withName("job")
                .withImage(options.imageOverride() != null ? options.imageOverride() : image)
                .withImagePullPolicy(WorkloadParts.pullPolicy(options, containerImage.forcePull()))
                .withCommand(launch.command())
                .withArgs(launch.args())
                .withEnv(allEnv)
                .withWorkingDir(WorkloadParts.workingDir(containerImage.reference()))
                .withResources(requirements)
                .withVolumeMounts(mounts);
        main.withSecurityContext(WorkloadSecurity.container(parameters.capabilitiesAdded(),
                parameters.capabilitiesDropped(), docker.get("parameters"), privileged.bool(false), privileged, w));
        List<Container> init = new ArrayList<>();
        Fetch.initContainer(Fetcher.read(fetch, w),
                options.imageOverride() != null ? options.imageOverride() : options.fetchImage(),
                WorkloadParts.pullPolicy(options, false), WorkloadParts.SANDBOX_VOLUME, WorkloadParts.SANDBOX_PATH)
                .ifPresent(init::add);
        Placement placement = Placement.translate(constraints, labels(name), options.attributes(), w);
        return new PodSpecBuilder()
                .withRestartPolicy("Never")
                .withSecurityContext(WorkloadSecurity.pod(WorkloadSecurity.uid(user, w)))
                .withAutomountServiceAccountToken(false)
                .withHostPID(parameters.hostPid() ? Boolean.TRUE : null)
                .withHostIPC(parameters.hostIpc() ? Boolean.TRUE : null)
                .withHostname(parameters.hostname())
                .withInitContainers(init)
                .withContainers(main.build())
                .withVolumes(volumes)
                .withAffinity(placement.affinity())
                .withTopologySpreadConstraints(placement.topologySpread())
                .build();
    }

    /**
     * The CommandInfo that Metronome's task builder (Marathon's) makes of cmd and args: cmd alone is a shell command;
     * args turn the shell off and are the arguments, and without a container args[0] also becomes the executable.
     * Metronome's documentation calls cmd together with args invalid, but its validation accepts them.
     */
    private static MesosCommand metronomeCommand(Node run, MesosCommand.Runtime runtime, Warnings.SourceWarnings w) {
        String cmd = run.get("cmd").optionalText().filter(c -> !c.isEmpty()).orElse(null);
        List<String> args = run.get("args").elements().stream().map(Node::scalarText).toList();
        if (args.isEmpty()) {
            return new MesosCommand(cmd != null, cmd, List.of());
        }
        if (cmd != null) {
            String both = "cmd and args are both set (Metronome's docs call that invalid, its validation accepts it): ";
            w.warn(run.get("cmd"), both + switch (runtime) {
                case AGENT -> "without an image Mesos ran args and ignored cmd; cmd not carried over";
                case DOCKER -> "Mesos did not run cmd in a shell but passed cmd and then args to the image's"
                        + " entrypoint (docker run IMAGE cmd args...); carried over the same way, as the container's args";
                case MESOS -> "Mesos did not run cmd in a shell but executed cmd as a program with args; carried"
                        + " over the same way, as the container's command";
            });
        }
        return new MesosCommand(false, runtime == MesosCommand.Runtime.AGENT ? args.get(0) : cmd, args);
    }

    /** The CommandInfo Chronos makes of command, shell (true by default) and arguments. */
    private static MesosCommand chronosCommand(Node job, Warnings.SourceWarnings w) {
        String command = job.get("command").optionalText().filter(c -> !c.isEmpty()).orElse(null);
        List<String> arguments = job.get("arguments").elements().stream().map(Node::scalarText).toList();
        if (command == null) {
            return new MesosCommand(false, null, arguments);
        }
        boolean shell = chronosBoolean(job.get("shell"), true, w);
        if (shell && !arguments.isEmpty()) {
            w.warn(job.get("arguments"), "Mesos ignores arguments of a shell command (shell is true): it ran"
                    + " /bin/sh -c command; not carried over");
        }
        return new MesosCommand(shell, command, shell ? List.of() : arguments);
    }

    private static MesosCommand.Launch launch(MesosCommand command, MesosCommand.Runtime runtime, Node arguments,
                                              Warnings.SourceWarnings w) {
        String programName = command.argumentTakenAsProgramName(runtime);
        if (programName != null) {
            w.warn(arguments.at(0), "Mesos passes the first argument as the program's name (argv[0]): "
                    + command.value() + " never received \"" + programName + "\" as an argument; left out the same way");
        }
        return command.launch(runtime);
    }

    /** Metronome fields that are read but have no Kubernetes counterpart. */
    private static void warnMetronomeWithoutCounterpart(Node job, Warnings.SourceWarnings w) {
        Node run = job.get("run");
        List<String> parents = job.get("dependencies").elements().stream()
                .map(d -> d.isObject() ? d.get("id").text() : d.text()).toList();
        if (!parents.isEmpty()) {
            w.warn(job.get("dependencies"), "runs after " + String.join(", ", parents) + ": Kubernetes has no job"
                    + " dependencies (consider Argo Workflows); not carried over");
        }
        if (run.get("ucr").get("privileged").bool(false)) {
            w.warn(run.get("ucr").get("privileged"), "Metronome does not pass ucr.privileged on to Mesos (its task"
                    + " builder drops it), so the job ran unprivileged; not carried over");
        }
        Node kind = run.get("ucr").get("image").get("kind");
        if (!kind.text("docker").equalsIgnoreCase("docker")) {
            w.warn(kind, "image kind " + kind.text() + " is not supported by Kubernetes runtimes; convert the image to OCI");
        }
        if (run.get("maxLaunchDelay").longInteger(METRONOME_DEFAULT_MAX_LAUNCH_DELAY) != METRONOME_DEFAULT_MAX_LAUNCH_DELAY) {
            w.warn(run.get("maxLaunchDelay"), "Metronome gave up a run that had not started within "
                    + run.get("maxLaunchDelay").longInteger(0) + " s; Kubernetes has no deadline for a pod to start"
                    + " (a Job's activeDeadlineSeconds would also kill a running pod); not carried over");
        }
        // Host networking (the default) and container/bridge both become the pod network, as for every job.
        for (Node network : run.get("networks").elements()) {
            if (network.get("mode").text("host").equals("container")) {
                w.warn(network, "network " + network.get("name").text("") + ": the pod joins the cluster's pod"
                        + " network instead; not carried over");
            }
        }
    }

    /** Chronos fields that are read but have no Kubernetes counterpart. */
    private static void warnChronosWithoutCounterpart(Node job, Warnings.SourceWarnings w) {
        for (String field : List.of("executor", "executorFlags", "taskInfoData")) {
            if (!job.get(field).text("").isEmpty()) {
                w.warn(job.get(field), "a custom Mesos executor setting; the command runs in the container itself;"
                        + " not carried over");
            }
        }
        Map<String, String> flags = new TreeMap<>(Map.of(
                "async", "the job reported its own completion to Chronos; a Job completes when its container exits",
                "softError", "Chronos did not count this job's failures as errors; a failed Job is failed",
                "dataProcessingJobType", "Chronos tracked the elements the job processed; Kubernetes does not",
                "dataJob", "Chronos tracked the elements the job processed; Kubernetes does not",
                "highPriority", "Chronos ran it ahead of other jobs; give the pod a PriorityClass instead"));
        for (Map.Entry<String, String> flag : flags.entrySet()) {
            if (chronosBoolean(job.get(flag.getKey()), false, w)) {
                w.warn(job.get(flag.getKey()), flag.getValue() + "; not carried over");
            }
        }
        if (chronosNumber(job.get("maxCompletionTime"), BigDecimal.ZERO, w).signum() > 0) {
            w.warn(job.get("maxCompletionTime"), "Chronos stopped a run that took longer than this; not carried over:"
                    + " set the Job's activeDeadlineSeconds to the same duration");
        }
        Node container = job.get("container");
        // HOST (the default, which Chronos writes into every container) and BRIDGE become the pod network.
        for (String field : List.of("network", "networkName", "networkInfos")) {
            if (container.has(field) && !(field.equals("network")
                    && List.of("HOST", "BRIDGE").contains(container.get(field).text().toUpperCase()))) {
                w.warn(container.get(field), "a named network: the pod joins the cluster's pod network instead; not"
                        + " carried over");
            }
        }
        for (Node fetch : job.get("fetch").elements()) {
            if (fetch.has("output_file")) {
                w.warn(fetch.get("output_file"), "the file is saved under the name its URI ends with; not carried over");
            }
        }
    }

    /**
     * Metronome's restart.activeDeadlineSeconds is how long after a run started it still relaunches a failed task;
     * it never stops a running one. A Job's activeDeadlineSeconds kills running pods, so it is not the counterpart.
     */
    private static void warnRestartWindow(Node restart, String policy, Warnings.SourceWarnings w) {
        Node window = restart.get("activeDeadlineSeconds");
        if (!window.present()) {
            return;
        }
        long seconds = window.longInteger(0);
        if (policy.equalsIgnoreCase("ON_FAILURE")) {
            w.warn(window, "Metronome relaunches a failed run only within " + seconds + " s of its start and never"
                    + " stops a running one; Kubernetes has no retry time window (a Job's activeDeadlineSeconds"
                    + " would kill a running pod): the Job retries up to backoffLimit 6 instead; not carried over");
        } else {
            w.warn(window, "only limits relaunches, and restart policy " + policy + " never relaunches; not carried over");
        }
    }

    /** cpus, mem and disk as Chronos reads them: numbers or numeric strings, 0 or absent meaning Chronos's default. */
    private ResourceRequirements chronosResources(Node job, Warnings.SourceWarnings w) {
        ObjectNode values = JsonNodeFactory.instance.objectNode();
        values.put("cpus", chronosNumber(job.get("cpus"), CHRONOS_DEFAULT_CPUS, w));
        values.put("mem", chronosNumber(job.get("mem"), CHRONOS_DEFAULT_MEM, w));
        values.put("disk", chronosNumber(job.get("disk"), CHRONOS_DEFAULT_DISK, w));
        return WorkloadParts.resources(new Node(values, job.path()), options, CHRONOS_DEFAULT_CPUS,
                CHRONOS_DEFAULT_MEM, w);
    }

    /** Chronos reads numbers with Jackson's asDouble: "0.5" is 0.5, and 0 or text that is no number is the default. */
    private static BigDecimal chronosNumber(Node field, BigDecimal fallback, Warnings.SourceWarnings w) {
        if (!field.present()) {
            return fallback;
        }
        BigDecimal value;
        if (field.isNumber()) {
            value = field.decimal(fallback);
        } else {
            String text = field.scalarText().trim();
            try {
                value = new BigDecimal(text);
            } catch (NumberFormatException e) {
                w.warn(field, "\"" + text + "\" is not a number; Chronos reads it as 0 and uses its default "
                        + fallback.toPlainString());
                return fallback;
            }
        }
        return value.signum() == 0 ? fallback : value;
    }

    /**
     * The number of times Chronos relaunches a failed run (it retries while the attempt, counted from 0, is below
     * retries), which is a Job's backoffLimit. Chronos reads it with Jackson's asInt: absent is its default 2, but 0
     * (or null) is no retry, a fraction is cut to a whole number, and text that is no number is 0.
     */
    private static int chronosRetries(Node field, Warnings.SourceWarnings w) {
        if (field.json().isNull()) {
            return 0;
        }
        if (!field.present()) {
            return CHRONOS_DEFAULT_RETRIES;
        }
        BigDecimal value;
        try {
            value = field.isNumber() ? field.decimal(BigDecimal.ZERO) : new BigDecimal(field.scalarText().trim());
        } catch (NumberFormatException e) {
            w.warn(field, "\"" + field.scalarText() + "\" is not a number; Chronos reads it as 0: no retry");
            return 0;
        }
        return Math.max(0, value.intValue());
    }

    /** Chronos reads flags with Jackson's asBoolean: "true" and "false" as text too (other text is false), 0 as false. */
    private static boolean chronosBoolean(Node field, boolean fallback, Warnings.SourceWarnings w) {
        if (field.isNumber()) {
            return field.decimal(BigDecimal.ZERO).signum() != 0;
        }
        if (!field.isText()) {
            return field.bool(fallback);
        }
        String text = field.scalarText().trim();
        if (!text.equals("true") && !text.equals("false")) {
            w.warn(field, "\"" + text + "\" is neither true nor false; Chronos reads it as false");
        }
        return text.equals("true");
    }

    private static Map<String, String> labels(String name) {
        Map<String, String> labels = new TreeMap<>();
        labels.put(KubernetesKeys.NAME_LABEL, name);
        labels.put(KubernetesKeys.MANAGED_BY_LABEL, KubernetesKeys.MANAGED_BY_MIGRATE);
        return labels;
    }

    private static String shorten(String name, String whole) {
        if (name.length() <= MAX_CRONJOB_NAME) {
            return name;
        }
        return name.substring(0, MAX_CRONJOB_NAME - 9).replaceAll("-+$", "") + "-" + KubeNames.shortHash(whole);
    }
}
