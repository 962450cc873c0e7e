package io.mesosbridge.migrate.marathon;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.mesosbridge.conventions.Fetch;
import io.mesosbridge.conventions.HealthCheckProbes;
import io.mesosbridge.conventions.KubernetesKeys;
import io.mesosbridge.conventions.Quantities;
import io.mesosbridge.conventions.Volumes;
import io.mesosbridge.migrate.input.Node;
import io.mesosbridge.migrate.kube.KubeNames;
import io.mesosbridge.migrate.report.UnknownFields;
import io.mesosbridge.migrate.report.Warnings;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** One Marathon app (a {@code /v2/apps} entry) as a Deployment or StatefulSet, its Service and claims. */
final class AppConverter {

    /** Fields that are read, or deliberately dropped because Kubernetes does that job itself. */
    static final Set<String> KNOWN_FIELDS = Set.of(
            "id", "cmd", "args", "user", "env", "instances", "cpus", "mem", "disk", "gpus", "executor",
            "constraints", "uris", "fetch", "container", "healthChecks", "readinessChecks", "dependencies",
            "upgradeStrategy", "labels", "acceptedResourceRoles", "role", "ipAddress", "networks", "secrets",
            "taskKillGracePeriodSeconds", "unreachableStrategy", "killSelection", "portDefinitions", "ports",
            "requirePorts", "tty", "residency", "check", "resourceLimits",
            // Kubernetes restarts crashed containers with its own back-off; LaunchBackoff warns when these are tuned.
            "backoffSeconds", "backoffFactor", "maxLaunchDelaySeconds",
            // Present in /v2/apps answers, describing the running state rather than the definition.
            "version", "versionInfo", "tasks", "tasksStaged", "tasksRunning", "tasksHealthy", "tasksUnhealthy",
            "deployments", "lastTaskFailure", "taskStats", "readinessCheckResults", "overdue");

    private static final BigDecimal DEFAULT_CPUS = BigDecimal.ONE;
    private static final BigDecimal DEFAULT_MEM = BigDecimal.valueOf(128);
    /** The memory-backed /dev/shm that docker's shm-size sized. */
    private static final String SHM_VOLUME = "shm";

    private final MarathonOptions options;

    AppConverter(MarathonOptions options) {
        this.options = options;
    }

    Converted convert(Node app, ItemContext item) {
        Warnings.SourceWarnings warnings = item.warnings();
        String name = item.name();
        for (String field : app.fields().keySet()) {
            if (!KNOWN_FIELDS.contains(field)) {
                warnings.warn(app.get(field), UnknownFields.warning(field, KNOWN_FIELDS));
            }
        }
        NestedFields.warnUnknownInApp(app, warnings);
        UnconvertedFields.warnInApp(app, warnings);
        LaunchBackoff.warnIfTuned(app, "backoffSeconds", "backoffFactor", "maxLaunchDelaySeconds", warnings);
        Node container = app.get("container");
        Node docker = container.get("docker");
        PortPlan ports = PortPlan.forApp(app, options.dynamicPortBase(), warnings);

        Map<String, String> labels = new TreeMap<>(WorkloadParts.selector(name));
        labels.put(KubernetesKeys.MANAGED_BY_LABEL, KubernetesKeys.MANAGED_BY_MIGRATE);
        Map<String, String> annotations = new TreeMap<>();
        annotations.put(KubernetesKeys.MIGRATION_ANNOTATION_PREFIX + "marathon-id", item.id());
        if (!item.dependencies().isEmpty()) {
            annotations.put(KubernetesKeys.MIGRATION_ANNOTATION_PREFIX + "marathon-dependencies",
                    String.join(",", item.dependencies()));
            warnings.warn(app.get("dependencies").present() ? app.get("dependencies") : app,
                    "depends on " + String.join(", ", item.dependencies()) + ": Kubernetes starts workloads"
                            + " independently; recorded in an annotation, and the output lists dependencies first");
        }
        WorkloadParts.carryLabels(app.get("labels"), labels, annotations, warnings, true);

        List<String> secretNames = new ArrayList<>();
        List<Volume> volumes = new ArrayList<>();
        List<VolumeMount> mounts = new ArrayList<>();
        List<PersistentVolumeClaim> claims = new ArrayList<>();
        List<HasMetadata> standaloneClaims = new ArrayList<>();
        volumes.add(new VolumeBuilder().withName(WorkloadParts.SANDBOX_VOLUME).withNewEmptyDir().endEmptyDir().build());
        mounts.add(new VolumeMountBuilder().withName(WorkloadParts.SANDBOX_VOLUME)
                .withMountPath(WorkloadParts.SANDBOX_PATH).build());
        convertVolumes(container.get("volumes"), app.get("secrets"), item, volumes, mounts, claims,
                standaloneClaims, secretNames);

        ContainerBuilder main = new ContainerBuilder().withName(KubeNames.dnsLabel(lastSegment(item.id()), item.id(), "app"));
        String image = docker.get("image").optionalText()
                .or(() -> container.get("appc").get("image").optionalText()).orElse(null);
        if (container.get("appc").present()) {
            warnings.warn(container.get("appc"), "AppC images are not supported by Kubernetes runtimes; convert the"
                    + " image to OCI");
        }
        main.withWorkingDir(WorkloadParts.workingDir(image));
        if (image == null) {
            image = options.defaultImage();
            if (app.has("cmd") || app.has("args")) {
                warnings.warn(app.has("cmd") ? app.get("cmd") : app.get("args"), "ran on the agent's own filesystem"
                        + " without an image; used image " + image + ", which must provide what the command needs");
            }
        } else {
            WorkloadParts.warnImageWorkingDirectory(app.get("cmd"),
                    container.get("type").text("DOCKER").equalsIgnoreCase("MESOS"),
                    !app.get("fetch").elements().isEmpty() || !app.get("uris").elements().isEmpty(), warnings);
        }
        main.withImage(options.imageOverride() != null ? options.imageOverride() : image);
        main.withImagePullPolicy(WorkloadParts.pullPolicy(options,
                docker.get("forcePullImage").bool(false) || docker.get("forcePull").bool(false)));

        if (app.has("cmd")) {
            main.withCommand("/bin/sh", "-c", app.get("cmd").text());
            if (app.has("args") && !app.get("args").elements().isEmpty()) {
                warnings.warn(app.get("args"), "both cmd and args are set (Marathon refuses that); used cmd, dropped args");
            }
        } else if (app.has("args")) {
            main.withArgs(app.get("args").elements().stream().map(Node::scalarText).toList());
        }

        List<EnvVar> env = new ArrayList<>(ports.appEnvironment());
        env.addAll(WorkloadParts.hostAddressEnvironment());
        env.add(WorkloadParts.fieldEnv("MESOS_TASK_ID", "metadata.name"));
        env.add(new io.fabric8.kubernetes.api.model.EnvVarBuilder().withName("MARATHON_APP_ID").withValue(item.id()).build());
        env.add(new io.fabric8.kubernetes.api.model.EnvVarBuilder().withName("MESOS_SANDBOX").withValue(WorkloadParts.SANDBOX_PATH).build());
        List<EnvVar> userEnv = WorkloadParts.environment(app.get("env"), app.get("secrets"), secretNames, warnings);
        Set<String> userNames = new HashSet<>();
        userEnv.forEach(e -> userNames.add(e.getName()));
        env.removeIf(e -> userNames.contains(e.getName()));
        env.addAll(userEnv);
        // Mesos passes the app's environment before the parameters, so docker keeps a parameter's value of a name.
        DockerParameters.Mapped parameters = DockerParameters.read(docker.get("parameters"), warnings);
        Set<String> parameterNames = new HashSet<>();
        parameters.env().forEach(e -> parameterNames.add(e.getName()));
        env.removeIf(e -> parameterNames.contains(e.getName()));
        env.addAll(parameters.env());
        main.withEnv(env);
        // A Mesos container's ipcInfo: SHARE_PARENT shares the agent's IPC namespace, PRIVATE has its own /dev/shm.
        Node ipcInfo = container.get("linuxInfo").get("ipcInfo");
        boolean hostIpc = parameters.hostIpc() || ipcInfo.get("mode").text("").equalsIgnoreCase("SHARE_PARENT");
        Quantity shmSize = parameters.shmSize() != null ? parameters.shmSize()
                : ipcInfo.has("shmSize") ? Quantities.mebibytes(ipcInfo.get("shmSize").decimal(BigDecimal.ZERO)) : null;
        if (shmSize != null) {
            volumes.add(new VolumeBuilder().withName(SHM_VOLUME).withNewEmptyDir().withMedium("Memory")
                    .withSizeLimit(shmSize).endEmptyDir().build());
            mounts.add(new VolumeMountBuilder().withName(SHM_VOLUME).withMountPath("/dev/shm").build());
        }
        WorkloadSecurity.warnHostNamespaces(parameters.hostPid(), hostIpc,
                parameters.hostPid() || parameters.hostIpc() ? docker.get("parameters") : ipcInfo.get("mode"), warnings);

        main.withPorts(ports.containerPorts());
        main.withResources(ResourceLimits.apply(
                WorkloadParts.resources(app, options, DEFAULT_CPUS, DEFAULT_MEM, warnings), app.get("resourceLimits")));
        main.withVolumeMounts(mounts);
        applyChecks(app, ports, main, warnings);

        main.withSecurityContext(WorkloadSecurity.container(parameters.capabilitiesAdded(),
                parameters.capabilitiesDropped(), docker.get("parameters"), docker.get("privileged").bool(false),
                docker.get("privileged"), warnings));
        if (app.get("tty").bool(false)) {
            main.withTty(true).withStdin(true);
        }
        warnAboutNetworks(app, docker, warnings);
        String executor = app.get("executor").text("");
        if (!executor.isEmpty() && !executor.equals("//cmd")) {
            warnings.warn(app.get("executor"), "custom executor " + executor + " is not carried over: the command"
                    + " runs directly in the container");
        }
        if (app.get("killSelection").text("YOUNGEST_FIRST").equals("OLDEST_FIRST")) {
            warnings.warn(app.get("killSelection"), "OLDEST_FIRST: Kubernetes picks which pods to remove when"
                    + " scaling down; not carried over");
        }
        if (app.has("check")) {
            warnings.warn(app.get("check"), "Mesos checks only report and never act; no probe equivalent, not"
                    + " carried over");
        }

        List<Container> initContainers = new ArrayList<>();
        List<Fetch.Artifact> artifacts = new ArrayList<>(Fetcher.read(app.get("fetch"), warnings));
        artifacts.addAll(Fetcher.read(app.get("uris"), warnings));
        Fetch.initContainer(artifacts,
                options.imageOverride() != null ? options.imageOverride() : options.fetchImage(),
                WorkloadParts.pullPolicy(options, false), WorkloadParts.SANDBOX_VOLUME, WorkloadParts.SANDBOX_PATH)
                .ifPresent(initContainers::add);

        List<LocalObjectReference> pullSecrets = new ArrayList<>();
        Node pullSecret = docker.get("pullConfig").get("secret");
        if (pullSecret.present()) {
            String ref = pullSecret.text();
            String source = app.get("secrets").get(ref).get("source").text(ref);
            String secret = WorkloadParts.secretName(source);
            pullSecrets.add(new LocalObjectReference(secret));
            warnings.warn(pullSecret, "image pull config comes from Secret " + secret
                    + ", which must be created as type kubernetes.io/dockerconfigjson");
            secretNames.add(secret);
        }
        reportSecrets(app, app.get("secrets"), secretNames, warnings);

        Placement placement = Placement.translate(Placement.read(app.get("constraints")),
                WorkloadParts.selector(name), options.attributes(), warnings);

        Long grace = app.has("taskKillGracePeriodSeconds") ? app.get("taskKillGracePeriodSeconds").longInteger(0) : null;
        // Made from its two parts: a template builder would copy the whole pod spec twice more.
        PodTemplateSpec template = new PodTemplateSpec(
                new ObjectMetaBuilder().withLabels(new TreeMap<>(labels)).withAnnotations(new TreeMap<>(annotations)).build(),
                new PodSpecBuilder()
                .withInitContainers(initContainers)
                .withContainers(main.build())
                .withVolumes(volumes)
                .withAffinity(placement.affinity())
                .withTopologySpreadConstraints(placement.topologySpread())
                .withTerminationGracePeriodSeconds(grace)
                .withNodeSelector(options.publicNodes().nodeSelector(item.publicAccess()))
                .withTolerations(options.publicNodes().withTolerations(item.publicAccess(),
                        WorkloadParts.unreachableTolerations(app.get("unreachableStrategy"))))
                .withImagePullSecrets(pullSecrets)
                .withSecurityContext(WorkloadSecurity.pod(WorkloadSecurity.uid(app.get("user"), warnings)))
                .withAutomountServiceAccountToken(false)
                .withHostPID(parameters.hostPid() ? Boolean.TRUE : null)
                .withHostIPC(hostIpc ? Boolean.TRUE : null)
                .withHostname(parameters.hostname())
                .build());

        Node upgrade = app.get("upgradeStrategy");
        BigDecimal minimumHealth = upgrade.get("minimumHealthCapacity").decimal(BigDecimal.ONE);
        BigDecimal overCapacity = upgrade.get("maximumOverCapacity").decimal(BigDecimal.ONE);
        if (!claims.isEmpty() && !upgrade.get("maximumOverCapacity").present()) {
            overCapacity = BigDecimal.ZERO; // Marathon's default for resident apps
        }
        HasMetadata workload;
        if (PerNodeAgents.isPerNode(app, options.perNodeAgents()) && claims.isEmpty()) {
            workload = PerNodeAgents.daemonSet(WorkloadParts.metadata(name, item.namespace(), labels, annotations),
                    template, name, minimumHealth);
        } else {
            if (PerNodeAgents.isPerNode(app, options.perNodeAgents())) {
                warnings.warn(app.get("instances"), "one instance per agent, but with persistent volumes: kept as a"
                        + " StatefulSet, since a DaemonSet has no volume claim templates");
            }
            workload = WorkloadParts.workload(WorkloadParts.metadata(name, item.namespace(), labels, annotations),
                    app.get("instances").integer(1), template, name, claims, minimumHealth, overCapacity,
                    upgrade.present() ? upgrade : app, warnings);
        }

        List<HasMetadata> resources = new ArrayList<>(standaloneClaims);
        if (!ports.isEmpty() || !claims.isEmpty()) {
            resources.add(WorkloadParts.service(name, item.namespace(), labels, ports.servicePorts(), !claims.isEmpty()));
        }
        VhostIngress.from(app.get("labels"), name, item.namespace(), labels,
                ports.isEmpty() ? List.of() : ports.servicePorts(), warnings).ifPresent(resources::add);
        resources.add(workload);
        return new Converted(item.id(), name, item.namespace(), resources);
    }

    private void applyChecks(Node app, PortPlan ports, ContainerBuilder main, Warnings.SourceWarnings warnings) {
        List<Node> checks = app.get("healthChecks").elements();
        HealthCheckProbes.Probes probes = Probes.NONE;
        for (int i = 0; i < checks.size(); i++) {
            Node check = checks.get(i);
            if (i > 0) {
                warnings.warn(check, "only one health check per container is possible; kept the first, dropped this one");
                continue;
            }
            probes = Probes.fromAppHealthCheck(check, ports, warnings);
        }
        Probe readiness = probes.readiness();
        boolean onlyReadiness = probes.liveness() == null && readiness != null;
        List<Node> readinessChecks = app.get("readinessChecks").elements();
        for (int i = 0; i < readinessChecks.size(); i++) {
            Node check = readinessChecks.get(i);
            if (i > 0) {
                warnings.warn(check, "only one readiness probe per container is possible; kept the first, dropped this one");
                continue;
            }
            Optional<Probe> probe = Probes.fromReadinessCheck(check, ports, warnings);
            if (probe.isPresent()) {
                if (onlyReadiness) {
                    warnings.warn(checks.get(0), "health check with maxConsecutiveFailures 0 only gates readiness,"
                            + " and the readiness check takes that place; health check not carried over");
                }
                readiness = probe.get();
            }
        }
        main.withLivenessProbe(probes.liveness()).withStartupProbe(probes.startup()).withReadinessProbe(readiness);
    }

    private void convertVolumes(Node volumesNode, Node secrets, ItemContext item, List<Volume> volumes,
                                List<VolumeMount> mounts, List<PersistentVolumeClaim> claims,
                                List<HasMetadata> standaloneClaims, List<String> secretNames) {
        Warnings.SourceWarnings warnings = item.warnings();
        Map<String, String> persistentByPath = new LinkedHashMap<>();
        List<Node> volumeList = volumesNode.elements();
        for (Node v : volumeList) {
            if (v.get("persistent").present()) {
                String containerPath = v.get("containerPath").text();
                String claim = KubeNames.dnsLabel(containerPath, containerPath, "data");
                persistentByPath.put(containerPath, claim);
                claims.add(AgentDisks.claim(claim, v.get("persistent"), warnings));
                mounts.add(new VolumeMountBuilder().withName(claim).withMountPath(WorkloadParts.mountPath(containerPath))
                        .withReadOnly(readOnly(v)).build());
            }
        }
        for (int i = 0; i < volumeList.size(); i++) {
            Node v = volumeList.get(i);
            if (v.get("persistent").present()) {
                continue;
            }
            String containerPath = v.get("containerPath").text();
            if (v.get("external").present()) {
                Node external = v.get("external");
                String externalName = external.get("name").text();
                String claim = Volumes.claimName(externalName);
                standaloneClaims.add(new PersistentVolumeClaimBuilder()
                        .withMetadata(new ObjectMetaBuilder().withName(claim).withNamespace(item.namespace()).build())
                        .withNewSpec().withAccessModes(external.get("shared").bool(false) ? "ReadWriteMany" : "ReadWriteOnce")
                        .withNewResources().addToRequests("storage", new Quantity(
                                external.get("size").decimal(BigDecimal.ONE).toPlainString() + "Gi")).endResources()
                        .endSpec().build());
                volumes.add(new VolumeBuilder().withName(claim).withNewPersistentVolumeClaim().withClaimName(claim)
                        .endPersistentVolumeClaim().build());
                mounts.add(new VolumeMountBuilder().withName(claim).withMountPath(WorkloadParts.mountPath(containerPath))
                        .withReadOnly(readOnly(v)).build());
                warnings.warn(external, "external volume from provider " + external.get("provider").text("dvdi")
                        + " became PersistentVolumeClaim " + claim + "; its driver options are not carried over:"
                        + " pick a StorageClass that provides it");
            } else if (v.get("secret").present()) {
                String ref = v.get("secret").text();
                String secret = WorkloadParts.secretName(secrets.get(ref).get("source").text(ref));
                secretNames.add(secret);
                String volumeName = "secret-" + i;
                volumes.add(Volumes.secretVolume(volumeName, secret));
                mounts.add(Volumes.secretMount(volumeName, WorkloadParts.mountPath(containerPath), WorkloadParts.SECRET_KEY));
            } else if (v.get("hostPath").present()) {
                String hostPath = v.get("hostPath").text();
                if (hostPath.startsWith("/")) {
                    String volumeName = "host-" + i;
                    volumes.add(new VolumeBuilder().withName(volumeName).withNewHostPath().withPath(hostPath)
                            .endHostPath().build());
                    mounts.add(new VolumeMountBuilder().withName(volumeName)
                            .withMountPath(WorkloadParts.mountPath(containerPath)).withReadOnly(readOnly(v)).build());
                } else if (persistentByPath.containsKey(hostPath)) {
                    mounts.add(new VolumeMountBuilder().withName(persistentByPath.get(hostPath))
                            .withMountPath(WorkloadParts.mountPath(containerPath)).withReadOnly(readOnly(v)).build());
                } else {
                    // A relative host path is a path in the task's sandbox (e.g. a fetched file).
                    mounts.add(new VolumeMountBuilder().withName(WorkloadParts.SANDBOX_VOLUME)
                            .withMountPath(WorkloadParts.mountPath(containerPath)).withSubPath(hostPath)
                            .withReadOnly(readOnly(v)).build());
                }
            } else {
                warnings.warn(v, "volume of unknown kind at " + containerPath + "; not carried over");
            }
        }
    }

    private static Boolean readOnly(Node volume) {
        return volume.get("mode").text("RW").equalsIgnoreCase("RO") ? Boolean.TRUE : null;
    }

    private static void warnAboutNetworks(Node app, Node docker, Warnings.SourceWarnings warnings) {
        Set<String> named = new TreeSet<>();
        for (Node network : app.get("networks").elements()) {
            network.get("name").optionalText().ifPresent(named::add);
        }
        app.get("ipAddress").get("networkName").optionalText().ifPresent(named::add);
        if (!named.isEmpty()) {
            warnings.warn(app.has("networks") ? app.get("networks") : app.get("ipAddress"),
                    "virtual network " + String.join(", ", named) + " is not carried over; the pod joins the"
                            + " cluster's pod network");
        }
        String dockerNetwork = docker.get("network").text("").toUpperCase(Locale.ROOT);
        if (dockerNetwork.equals("NONE")) {
            warnings.warn(docker.get("network"), "network NONE is not carried over; the pod joins the pod network");
        }
    }

    private static void reportSecrets(Node app, Node secrets, List<String> used, Warnings.SourceWarnings warnings) {
        for (Map.Entry<String, Node> secret : secrets.fields().entrySet()) {
            String name = WorkloadParts.secretName(secret.getValue().get("source").text(secret.getKey()));
            if (!used.contains(name)) {
                warnings.warn(secret.getValue(), "secret " + secret.getKey() + " is not used by env, volumes or"
                        + " pull config; not carried over");
            }
        }
        for (String name : new TreeSet<>(used)) {
            warnings.warn(secrets.present() ? secrets : app, "needs Secret " + name + " (key \""
                    + WorkloadParts.SECRET_KEY + "\") in the namespace; its value is not in the app definition");
        }
    }

    static String lastSegment(String id) {
        String trimmed = id.endsWith("/") ? id.substring(0, id.length() - 1) : id;
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }
}
