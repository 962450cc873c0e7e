package io.mesosbridge.migrate.marathon;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.mesosbridge.conventions.Fetch;
import io.mesosbridge.conventions.HealthCheckProbes;
import io.mesosbridge.conventions.KubernetesKeys;
import io.mesosbridge.mesos.v1.Protos.CommandInfo;
import io.mesosbridge.mesos.v1.Protos.HealthCheck;
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
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** One Marathon pod (several containers sharing volumes and a network) as one Kubernetes pod template. */
final class PodConverter {

    static final Set<String> KNOWN_FIELDS = Set.of("id", "labels", "environment", "containers", "volumes", "networks",
            "scaling", "scheduling", "secrets", "executorResources", "user", "version", "versionInfo", "role",
            "linuxInfo", "legacySharedCgroups");
    static final Set<String> KNOWN_CONTAINER_FIELDS = Set.of("name", "exec", "resources", "endpoints", "image",
            "environment", "user", "healthCheck", "check", "volumeMounts", "artifacts", "labels", "lifecycle", "tty",
            "resourceLimits", "linuxInfo");

    private static final BigDecimal DEFAULT_CPUS = BigDecimal.valueOf(0.1);
    private static final BigDecimal DEFAULT_MEM = BigDecimal.valueOf(32);

    private final MarathonOptions options;

    PodConverter(MarathonOptions options) {
        this.options = options;
    }

    Converted convert(Node pod, ItemContext item) {
        Warnings.SourceWarnings warnings = item.warnings();
        String name = item.name();
        for (String field : pod.fields().keySet()) {
            if (!KNOWN_FIELDS.contains(field)) {
                warnings.warn(pod.get(field), UnknownFields.warning(field, KNOWN_FIELDS));
            }
        }
        NestedFields.warnUnknownInPod(pod, warnings);
        UnconvertedFields.warnInPod(pod, warnings);
        LaunchBackoff.warnIfTuned(pod.get("scheduling").get("backoff"), "backoff", "backoffFactor", "maxLaunchDelay",
                warnings);
        if (pod.has("executorResources")) {
            warnings.warn(pod.get("executorResources"), "the pod executor's own resources have no Kubernetes"
                    + " equivalent; not carried over");
        }
        Map<String, String> labels = new TreeMap<>(WorkloadParts.selector(name));
        labels.put(KubernetesKeys.MANAGED_BY_LABEL, KubernetesKeys.MANAGED_BY_MIGRATE);
        Map<String, String> annotations = new TreeMap<>();
        annotations.put(KubernetesKeys.MIGRATION_ANNOTATION_PREFIX + "marathon-id", item.id());
        annotations.put(KubernetesKeys.MIGRATION_ANNOTATION_PREFIX + "marathon-kind", "pod");
        if (!item.dependencies().isEmpty()) {
            annotations.put(KubernetesKeys.MIGRATION_ANNOTATION_PREFIX + "marathon-dependencies",
                    String.join(",", item.dependencies()));
            warnings.warn(pod, "depends on " + String.join(", ", item.dependencies()) + ": Kubernetes starts"
                    + " workloads independently; recorded in an annotation");
        }
        WorkloadParts.carryLabels(pod.get("labels"), labels, annotations, warnings);

        List<String> secretNames = new ArrayList<>();
        List<Volume> volumes = new ArrayList<>();
        List<PersistentVolumeClaim> claims = new ArrayList<>();
        Map<String, String> volumeNames = new LinkedHashMap<>();
        for (Node v : pod.get("volumes").elements()) {
            String marathonName = v.get("name").text();
            String volumeName = KubeNames.dnsLabel(marathonName, marathonName, "volume");
            volumeNames.put(marathonName, volumeName);
            if (v.get("persistent").present()) {
                claims.add(AgentDisks.claim(volumeName, v.get("persistent"), warnings));
            } else if (v.get("host").present()) {
                volumes.add(new VolumeBuilder().withName(volumeName).withNewHostPath().withPath(v.get("host").text())
                        .endHostPath().build());
            } else if (v.get("secret").present()) {
                String ref = v.get("secret").text();
                String secret = WorkloadParts.secretName(pod.get("secrets").get(ref).get("source").text(ref));
                secretNames.add(secret);
                volumes.add(new VolumeBuilder().withName(volumeName).withNewSecret().withSecretName(secret)
                        .endSecret().build());
            } else {
                volumes.add(new VolumeBuilder().withName(volumeName).withNewEmptyDir().endEmptyDir().build());
            }
        }

        // Endpoints of all containers share the pod's network, so ports are planned across containers.
        List<List<PortPlan.Declared>> declaredPerContainer = new ArrayList<>();
        Set<Integer> fixedPorts = new HashSet<>();
        for (Node c : pod.get("containers").elements()) {
            List<PortPlan.Declared> declared = new ArrayList<>();
            for (Node e : c.get("endpoints").elements()) {
                int containerPort = e.get("containerPort").integer(0);
                int hostPort = e.get("hostPort").integer(0);
                int port = containerPort != 0 ? containerPort : hostPort;
                if (port != 0) {
                    fixedPorts.add(port);
                }
                List<String> protocols = new ArrayList<>();
                for (Node p : e.get("protocol").elements()) {
                    protocols.add(p.text());
                }
                declared.add(new PortPlan.Declared(e.get("name").text(), port, hostPort != 0 ? hostPort : null,
                        protocols.isEmpty() ? "tcp" : String.join(",", protocols), e));
                warnAboutEndpointLabels(e.get("labels"), warnings);
            }
            declaredPerContainer.add(declared);
        }

        List<Node> containerNodes = pod.get("containers").elements();
        if (containerNodes.isEmpty()) {
            throw pod.get("containers").error("a pod needs at least one container");
        }
        List<PortPlan> plans = new ArrayList<>();
        Set<Integer> taken = new HashSet<>(fixedPorts);
        for (List<PortPlan.Declared> declared : declaredPerContainer) {
            plans.add(PortPlan.forPodContainer(declared, options.dynamicPortBase(), taken, warnings));
        }
        List<EnvVar> endpointEnv = new ArrayList<>();
        for (PortPlan plan : plans) {
            for (PortSpec p : plan.ports()) {
                String suffix = KubeNames.envSuffix(p.marathonName());
                String port = Integer.toString(p.containerPort());
                for (String prefix : List.of("ENDPOINT_", "EP_HOST_", "EP_CONTAINER_", "PORT_")) {
                    endpointEnv.add(new EnvVarBuilder().withName(prefix + suffix).withValue(port).build());
                }
            }
        }

        List<Container> containers = new ArrayList<>();
        List<Container> initContainers = new ArrayList<>();
        List<ServicePort> servicePorts = new ArrayList<>();
        Set<String> containerNames = new HashSet<>();
        long gracePeriod = -1;
        OptionalLong podUid = WorkloadSecurity.uid(pod.get("user"), warnings);
        for (int i = 0; i < containerNodes.size(); i++) {
            Node c = containerNodes.get(i);
            for (String field : c.fields().keySet()) {
                if (!KNOWN_CONTAINER_FIELDS.contains(field)) {
                    warnings.warn(c.get(field), UnknownFields.warning(field, KNOWN_CONTAINER_FIELDS));
                }
            }
            String marathonName = c.get("name").text();
            String containerName = KubeNames.dnsLabel(marathonName, marathonName, "c");
            if (!containerNames.add(containerName)) {
                throw c.get("name").error("two containers are named " + containerName + " once made valid for Kubernetes");
            }
            String sandboxVolume = KubeNames.dnsLabel("sandbox-" + containerName, "sandbox-" + containerName, "sandbox");
            volumes.add(new VolumeBuilder().withName(sandboxVolume).withNewEmptyDir().endEmptyDir().build());
            List<VolumeMount> mounts = new ArrayList<>();
            mounts.add(new VolumeMountBuilder().withName(sandboxVolume).withMountPath(WorkloadParts.SANDBOX_PATH).build());
            for (Node m : c.get("volumeMounts").elements()) {
                String volume = volumeNames.get(m.get("name").text());
                if (volume == null) {
                    throw m.get("name").error("volume " + m.get("name").text() + " is not declared in the pod's volumes");
                }
                mounts.add(new VolumeMountBuilder().withName(volume)
                        .withMountPath(WorkloadParts.mountPath(m.get("mountPath").text()))
                        .withReadOnly(m.get("readOnly").bool(false) ? Boolean.TRUE : null).build());
            }

            ContainerBuilder container = new ContainerBuilder().withName(containerName);
            Node image = c.get("image");
            String imageId = image.get("id").optionalText().orElse(null);
            if (image.present() && !image.get("kind").text("DOCKER").equalsIgnoreCase("DOCKER")) {
                warnings.warn(image.get("kind"), "image kind " + image.get("kind").text() + " is not supported by"
                        + " Kubernetes runtimes; convert the image to OCI");
            }
            container.withWorkingDir(WorkloadParts.workingDir(imageId));
            if (imageId == null) {
                imageId = options.defaultImage();
                warnings.warn(c, "container " + marathonName + " ran on the agent's own filesystem without an image;"
                        + " used image " + imageId + ", which must provide what the command needs");
            }
            container.withImage(options.imageOverride() != null ? options.imageOverride() : imageId);
            container.withImagePullPolicy(WorkloadParts.pullPolicy(options,
                    image.get("forcePull").bool(false)));
            Node command = c.get("exec").get("command");
            if (image.get("id").optionalText().isPresent()) {
                WorkloadParts.warnImageWorkingDirectory(command, true, !c.get("artifacts").elements().isEmpty(),
                        warnings);
            }
            if (command.get("shell").present()) {
                container.withCommand("/bin/sh", "-c", command.get("shell").text());
            } else if (command.get("argv").present()) {
                List<String> argv = command.get("argv").elements().stream().map(Node::scalarText).toList();
                if (c.get("exec").get("overrideEntrypoint").bool(true)) {
                    container.withCommand(argv);
                } else {
                    container.withArgs(argv);
                }
            }

            List<EnvVar> env = new ArrayList<>(endpointEnv);
            env.addAll(WorkloadParts.hostAddressEnvironment());
            env.add(WorkloadParts.fieldEnv("MESOS_TASK_ID", "metadata.name"));
            env.add(new EnvVarBuilder().withName("MARATHON_APP_ID").withValue(item.id()).build());
            env.add(new EnvVarBuilder().withName("MESOS_SANDBOX").withValue(WorkloadParts.SANDBOX_PATH).build());
            List<EnvVar> user = new ArrayList<>(WorkloadParts.environment(pod.get("environment"), pod.get("secrets"),
                    secretNames, warnings));
            user.addAll(WorkloadParts.environment(c.get("environment"), pod.get("secrets"), secretNames, warnings));
            Map<String, EnvVar> byName = new LinkedHashMap<>();
            env.forEach(e -> byName.put(e.getName(), e));
            user.forEach(e -> {
                byName.remove(e.getName());
                byName.put(e.getName(), e);
            });
            container.withEnv(new ArrayList<>(byName.values()));

            PortPlan plan = plans.get(i);
            container.withPorts(plan.containerPorts());
            servicePorts.addAll(plan.servicePorts());
            container.withResources(ResourceLimits.apply(
                    WorkloadParts.resources(c.get("resources"), options, DEFAULT_CPUS, DEFAULT_MEM, warnings),
                    c.get("resourceLimits")));
            container.withVolumeMounts(mounts);
            HealthCheckProbes.Probes probes = podProbes(c.get("healthCheck"), plans, warnings);
            container.withLivenessProbe(probes.liveness()).withStartupProbe(probes.startup())
                    .withReadinessProbe(probes.readiness());
            if (c.get("tty").bool(false)) {
                container.withTty(true).withStdin(true);
            }
            if (!c.get("labels").fields().isEmpty()) {
                warnings.warn(c.get("labels"), "container labels have no Kubernetes equivalent (labels belong to the"
                        + " pod); not carried over");
            }
            if (c.has("check")) {
                warnings.warn(c.get("check"), "Mesos checks only report and never act; not carried over");
            }
            OptionalLong containerUid = WorkloadSecurity.uid(c.get("user"), warnings);
            container.withSecurityContext(containerUid.isPresent() && !containerUid.equals(podUid)
                    ? WorkloadSecurity.runningAs(WorkloadSecurity.container(), containerUid.getAsLong())
                    : WorkloadSecurity.container());
            long kill = c.get("lifecycle").get("killGracePeriodSeconds").longInteger(-1);
            if (kill >= 0 && gracePeriod >= 0 && kill != gracePeriod) {
                warnings.warn(c.get("lifecycle"), "containers have different kill grace periods; the pod uses the longest");
            }
            gracePeriod = Math.max(gracePeriod, kill);
            containers.add(container.build());

            List<Fetch.Artifact> artifacts = Fetcher.read(c.get("artifacts"), warnings);
            Fetch.initContainer(artifacts,
                    options.imageOverride() != null ? options.imageOverride() : options.fetchImage(),
                    WorkloadParts.pullPolicy(options, false), sandboxVolume, WorkloadParts.SANDBOX_PATH)
                    .map(init -> new ContainerBuilder(init).withName(KubeNames.dnsLabel("fetch-" + containerName,
                            "fetch-" + containerName, "fetch")).build())
                    .ifPresent(initContainers::add);
        }

        List<LocalObjectReference> pullSecrets = new ArrayList<>();
        for (Node c : containerNodes) {
            Node pullSecret = c.get("image").get("pullConfig").get("secret");
            if (pullSecret.present()) {
                String ref = pullSecret.text();
                String secret = WorkloadParts.secretName(pod.get("secrets").get(ref).get("source").text(ref));
                if (pullSecrets.stream().noneMatch(r -> r.getName().equals(secret))) {
                    pullSecrets.add(new LocalObjectReference(secret));
                }
                secretNames.add(secret);
                warnings.warn(pullSecret, "image pull config comes from Secret " + secret
                        + ", which must be created as type kubernetes.io/dockerconfigjson");
            }
        }
        for (String secret : new TreeSet<>(secretNames)) {
            warnings.warn(pod.has("secrets") ? pod.get("secrets") : pod, "needs Secret " + secret
                    + " (key \"value\") in the namespace; its value is not in the pod definition");
        }
        for (Node network : pod.get("networks").elements()) {
            if (network.get("name").present()) {
                warnings.warn(network, "virtual network " + network.get("name").text() + " is not carried over;"
                        + " the pod joins the cluster's pod network");
            }
        }

        Node scheduling = pod.get("scheduling");
        Placement placement = Placement.translate(Placement.read(scheduling.get("placement").get("constraints")),
                WorkloadParts.selector(name), options.attributes(), warnings);
        Node scaling = pod.get("scaling");
        if (scaling.present() && !scaling.get("kind").text("fixed").equalsIgnoreCase("fixed")) {
            warnings.warn(scaling.get("kind"), "scaling kind " + scaling.get("kind").text() + " is not carried over;"
                    + " used a fixed count (consider a HorizontalPodAutoscaler)");
        }
        // Made from its two parts: a template builder would copy the whole pod spec twice more.
        PodTemplateSpec template = new PodTemplateSpec(
                new ObjectMetaBuilder().withLabels(new TreeMap<>(labels)).withAnnotations(new TreeMap<>(annotations)).build(),
                new PodSpecBuilder()
                .withInitContainers(initContainers)
                .withContainers(containers)
                .withVolumes(volumes)
                .withAffinity(placement.affinity())
                .withTopologySpreadConstraints(placement.topologySpread())
                .withTerminationGracePeriodSeconds(gracePeriod >= 0 ? gracePeriod : null)
                .withNodeSelector(options.publicNodes().nodeSelector(item.publicAccess()))
                .withTolerations(options.publicNodes().withTolerations(item.publicAccess(),
                        WorkloadParts.unreachableTolerations(scheduling.get("unreachableStrategy"))))
                .withImagePullSecrets(pullSecrets)
                .withSecurityContext(WorkloadSecurity.pod(podUid))
                .withAutomountServiceAccountToken(false)
                .build());
        Node upgrade = scheduling.get("upgrade");
        BigDecimal overCapacity = upgrade.get("maximumOverCapacity").decimal(claims.isEmpty() ? BigDecimal.ONE : BigDecimal.ZERO);
        HasMetadata workload = WorkloadParts.workload(WorkloadParts.metadata(name, item.namespace(), labels, annotations),
                scaling.get("instances").integer(1), template, name, claims,
                upgrade.get("minimumHealthCapacity").decimal(BigDecimal.ONE), overCapacity,
                upgrade.present() ? upgrade : pod, warnings);
        List<HasMetadata> resources = new ArrayList<>();
        if (!servicePorts.isEmpty() || !claims.isEmpty()) {
            resources.add(WorkloadParts.service(name, item.namespace(), labels, servicePorts, !claims.isEmpty()));
        }
        resources.add(workload);
        return new Converted(item.id(), name, item.namespace(), resources);
    }

    private static HealthCheckProbes.Probes podProbes(Node check, List<PortPlan> plans,
                                                      Warnings.SourceWarnings warnings) {
        if (!check.present()) {
            return Probes.NONE;
        }
        HealthCheck.Builder mesosCheck = HealthCheck.newBuilder();
        if (check.get("http").present()) {
            Node http = check.get("http");
            Optional<Integer> port = endpointPort(http.get("endpoint"), plans, warnings);
            if (port.isEmpty()) {
                return Probes.NONE;
            }
            HealthCheck.HTTPCheckInfo.Builder info = HealthCheck.HTTPCheckInfo.newBuilder().setPort(port.get())
                    .setScheme(http.get("scheme").text("HTTP").equalsIgnoreCase("HTTPS") ? "https" : "http");
            http.get("path").optionalText().ifPresent(info::setPath);
            mesosCheck.setType(HealthCheck.Type.HTTP).setHttp(info);
        } else if (check.get("tcp").present()) {
            Optional<Integer> port = endpointPort(check.get("tcp").get("endpoint"), plans, warnings);
            if (port.isEmpty()) {
                return Probes.NONE;
            }
            mesosCheck.setType(HealthCheck.Type.TCP).setTcp(HealthCheck.TCPCheckInfo.newBuilder().setPort(port.get()));
        } else if (check.get("exec").present()) {
            Node command = check.get("exec").get("command");
            CommandInfo.Builder commandInfo = CommandInfo.newBuilder();
            if (command.get("shell").present()) {
                commandInfo.setShell(true).setValue(command.get("shell").text());
            } else {
                // As Marathon passes an argv: the executable is argv[0], and the arguments hold argv[0] too.
                List<String> argv = command.get("argv").elements().stream().map(Node::scalarText).toList();
                commandInfo.setShell(false).addAllArguments(argv);
                argv.stream().findFirst().ifPresent(commandInfo::setValue);
            }
            mesosCheck.setType(HealthCheck.Type.COMMAND).setCommand(commandInfo);
        } else {
            warnings.warn(check, "health check without http, tcp or exec; not carried over");
            return Probes.NONE;
        }
        return Probes.fromMesosHealthCheck(check, mesosCheck, warnings);
    }

    private static Optional<Integer> endpointPort(Node endpoint, List<PortPlan> plans, Warnings.SourceWarnings warnings) {
        String name = endpoint.text();
        for (PortPlan plan : plans) {
            Optional<PortSpec> port = plan.byMarathonName(name);
            if (port.isPresent()) {
                return Optional.of(port.get().containerPort());
            }
        }
        warnings.warn(endpoint, "health check refers to endpoint " + name + ", which no container has; not carried over");
        return Optional.empty();
    }

    /**
     * Endpoint labels: {@code VIP_n} gave the endpoint a load-balanced name ({@code /name:port}, reached as
     * {@code name.marathon.l4lb.thisdcos.directory}); the pod's Service takes that role. Other labels were read only
     * by tools such as load balancers.
     */
    private static void warnAboutEndpointLabels(Node labels, Warnings.SourceWarnings warnings) {
        for (Map.Entry<String, Node> label : labels.fields().entrySet()) {
            String value = label.getValue().present() ? label.getValue().scalarText() : "";
            if (label.getKey().toUpperCase(Locale.ROOT).startsWith("VIP")) {
                warnings.warn(label.getValue(), "VIP " + value + " is not carried over: clients should use the"
                        + " Service's DNS name and port instead");
            } else {
                warnings.warn(label.getValue(), "endpoint label " + label.getKey() + " has no Kubernetes equivalent;"
                        + " not carried over");
            }
        }
    }
}
