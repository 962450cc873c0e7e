package io.mesosbridge.migrate.jobs;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpecBuilder;
import io.mesosbridge.conventions.KubernetesKeys;
import io.mesosbridge.migrate.input.InputError;
import io.mesosbridge.migrate.input.JsonDocuments;
import io.mesosbridge.migrate.input.Node;
import io.mesosbridge.migrate.input.Source;
import io.mesosbridge.migrate.kube.KubeNames;
import io.mesosbridge.migrate.marathon.Fetcher;
import io.mesosbridge.migrate.marathon.MarathonOptions;
import io.mesosbridge.migrate.marathon.Placement;
import io.mesosbridge.migrate.marathon.WorkloadParts;
import io.mesosbridge.migrate.report.Warnings;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    private final MarathonOptions options;
    private final String namespace;

    public JobConverter(MarathonOptions options, String namespace) {
        this.options = options;
        this.namespace = namespace;
    }

    public List<HasMetadata> convert(List<Source> sources, Warnings warnings) {
        List<HasMetadata> result = new ArrayList<>();
        Map<String, String> seen = new TreeMap<>();
        for (Source source : sources) {
            Node root = JsonDocuments.parse(source);
            Warnings.SourceWarnings w = warnings.forSource(source.name());
            try {
                List<Node> jobs = root.isArray() ? root.elements()
                        : root.has("jobs") ? root.get("jobs").elements() : List.of(root);
                for (Node job : jobs) {
                    if (!job.isObject()) {
                        throw job.error("expected a Metronome or Chronos job object");
                    }
                    HasMetadata converted;
                    if (job.has("run")) {
                        converted = metronome(job, w);
                    } else if (job.has("name") && (job.has("command") || job.has("schedule") || job.has("parents"))) {
                        converted = chronos(job, w);
                    } else {
                        throw job.error("not a Metronome job (no run) nor a Chronos job (no name and command)");
                    }
                    String key = converted.getKind() + "/" + converted.getMetadata().getName();
                    String previous = seen.put(key, source.name() + " " + job.path());
                    if (previous != null) {
                        throw job.error(key + " is produced twice (also by " + previous + ")");
                    }
                    result.add(converted);
                }
            } catch (InputError e) {
                throw e.in(source.name());
            }
        }
        return result;
    }

    private HasMetadata metronome(Node job, Warnings.SourceWarnings w) {
        String id = job.get("id").text();
        String name = KubeNames.dnsLabel(id.replace('.', '-'), id, "job");
        name = shorten(name, id);
        Node run = job.get("run");
        String image = run.get("docker").get("image").optionalText()
                .or(() -> run.get("ucr").get("image").get("id").optionalText()).orElse(null);
        boolean forcePull = run.get("docker").get("forcePullImage").bool(false)
                || run.get("ucr").get("image").get("forcePull").bool(false);
        List<String> command = null;
        List<String> args = null;
        if (run.has("cmd")) {
            command = List.of("/bin/sh", "-c", run.get("cmd").text());
        }
        if (run.has("args")) {
            args = run.get("args").elements().stream().map(Node::scalarText).toList();
        }
        List<EnvVar> env = WorkloadParts.environment(run.get("env"), run.get("secrets"), new ArrayList<>(), w);
        PodSpec pod = podSpec(name, run, image, forcePull, command, args, env, run.get("volumes"),
                Placement.read(run.get("placement").get("constraints")), run.get("artifacts"), run.get("user"), w);
        if (run.has("taskKillGracePeriodSeconds")) {
            pod.setTerminationGracePeriodSeconds(run.get("taskKillGracePeriodSeconds").longInteger(0));
        }
        String policy = run.get("restart").get("policy").text("NEVER");
        JobSpecBuilder jobSpec = new JobSpecBuilder()
                .withBackoffLimit(policy.equalsIgnoreCase("ON_FAILURE") ? 6 : 0)
                .withTemplate(new io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder()
                        .withNewMetadata().withLabels(labels(name)).endMetadata().withSpec(pod).build());
        if (run.get("restart").has("activeDeadlineSeconds")) {
            jobSpec.withActiveDeadlineSeconds(run.get("restart").get("activeDeadlineSeconds").longInteger(0));
        }
        Map<String, String> annotations = new TreeMap<>();
        annotations.put(KubernetesKeys.MIGRATION_ANNOTATION_PREFIX + "metronome-id", id);
        job.get("description").optionalText()
                .ifPresent(d -> annotations.put(KubernetesKeys.MIGRATION_ANNOTATION_PREFIX + "description", d));
        Map<String, String> labels = labels(name);
        WorkloadParts.carryLabels(job.get("labels"), labels, annotations, w);

        List<Node> schedules = job.get("schedules").elements();
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
                .withTimeZone(schedule.get("timezone").optionalText().orElse(null))
                .withStartingDeadlineSeconds(schedule.has("startingDeadlineSeconds")
                        ? schedule.get("startingDeadlineSeconds").longInteger(0) : null)
                .withConcurrencyPolicy(concurrency)
                .withSuspend(schedule.get("enabled").bool(true) ? null : Boolean.TRUE)
                .withNewJobTemplate().withSpec(jobSpec.build()).endJobTemplate()
                .endSpec().build();
    }

    private HasMetadata chronos(Node job, Warnings.SourceWarnings w) {
        String jobName = job.get("name").text();
        String name = shorten(KubeNames.dnsLabel(jobName, jobName, "job"), jobName);
        Node container = job.get("container");
        String image = container.get("image").optionalText().orElse(null);
        List<String> command = null;
        List<String> args = null;
        if (job.has("command") && !job.get("command").text().isEmpty()) {
            if (job.get("shell").bool(true)) {
                command = List.of("/bin/sh", "-c", job.get("command").text());
            } else {
                List<String> argv = new ArrayList<>();
                argv.add(job.get("command").text());
                job.get("arguments").elements().forEach(a -> argv.add(a.scalarText()));
                command = argv;
            }
        } else if (job.has("arguments")) {
            args = job.get("arguments").elements().stream().map(Node::scalarText).toList();
        }
        List<EnvVar> env = new ArrayList<>();
        for (Node variable : job.get("environmentVariables").elements()) {
            env.add(new EnvVarBuilder().withName(variable.get("name").text())
                    .withValue(variable.get("value").present() ? variable.get("value").scalarText() : "").build());
        }
        Node fetch = job.has("fetch") ? job.get("fetch") : job.get("uris");
        PodSpec pod = podSpec(name, job, image, container.get("forcePullImage").bool(false), command, args, env,
                container.get("volumes"), Placement.read(job.get("constraints")), fetch, job.get("runAsUser"), w);
        JobSpec jobSpec = new JobSpecBuilder()
                .withBackoffLimit(job.get("retries").integer(2))
                .withTemplate(new io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder()
                        .withNewMetadata().withLabels(labels(name)).endMetadata().withSpec(pod).build())
                .build();
        Map<String, String> annotations = new TreeMap<>();
        annotations.put(KubernetesKeys.MIGRATION_ANNOTATION_PREFIX + "chronos-name", jobName);
        job.get("description").optionalText().filter(d -> !d.isEmpty())
                .ifPresent(d -> annotations.put(KubernetesKeys.MIGRATION_ANNOTATION_PREFIX + "description", d));
        job.get("owner").optionalText().filter(d -> !d.isEmpty())
                .ifPresent(d -> annotations.put(KubernetesKeys.MIGRATION_ANNOTATION_PREFIX + "owner", d));
        boolean disabled = job.get("disabled").bool(false);
        String concurrency = job.get("concurrent").bool(false) ? "Allow" : "Forbid";
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

    private PodSpec podSpec(String name, Node resources, String image, boolean forcePull, List<String> command,
                            List<String> args, List<EnvVar> env, Node volumesNode, List<Placement.Constraint> constraints,
                            Node fetch, Node user, Warnings.SourceWarnings w) {
        if (image == null) {
            image = options.defaultImage();
            w.warn(resources, "ran on the agent's own filesystem without an image; used image " + image
                    + ", which must provide what the command needs");
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
            } else {
                w.warn(v, "only absolute host-path volumes are carried over for jobs; not carried over");
            }
        }
        List<EnvVar> allEnv = new ArrayList<>();
        allEnv.add(new EnvVarBuilder().withName("MESOS_SANDBOX").withValue(WorkloadParts.SANDBOX_PATH).build());
        allEnv.addAll(env);
        ContainerBuilder main = new ContainerBuilder()
                .withName("job")
                .withImage(options.imageOverride() != null ? options.imageOverride() : image)
                .withImagePullPolicy(WorkloadParts.pullPolicy(options, forcePull))
                .withCommand(command)
                .withArgs(args)
                .withEnv(allEnv)
                .withWorkingDir(command != null || args != null ? WorkloadParts.SANDBOX_PATH : null)
                .withResources(WorkloadParts.resources(resources, options, BigDecimal.ONE, BigDecimal.valueOf(128), w))
                .withVolumeMounts(mounts);
        if (user.present()) {
            String userName = user.text();
            if (userName.equals("root")) {
                main.withNewSecurityContext().withRunAsUser(0L).endSecurityContext();
            } else if (!userName.isEmpty()) {
                w.warn(user, "user " + userName + " is a name; Kubernetes needs a numeric id in runAsUser; not carried over");
            }
        }
        List<Container> init = new ArrayList<>();
        Fetcher.initContainer(Fetcher.read(fetch, w),
                options.imageOverride() != null ? options.imageOverride() : options.fetchImage(),
                WorkloadParts.pullPolicy(options, false), WorkloadParts.SANDBOX_VOLUME, WorkloadParts.SANDBOX_PATH)
                .ifPresent(init::add);
        Placement placement = Placement.translate(constraints, labels(name), options.attributes(), w);
        return new PodSpecBuilder()
                .withRestartPolicy("Never")
                .withInitContainers(init)
                .withContainers(main.build())
                .withVolumes(volumes)
                .withAffinity(placement.affinity())
                .withTopologySpreadConstraints(placement.topologySpread())
                .build();
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
