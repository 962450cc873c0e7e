package io.mesosbridge.migrate.marathon;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.mesosbridge.conventions.KubernetesKeys;
import io.mesosbridge.conventions.Quantities;
import io.mesosbridge.conventions.Sandbox;
import io.mesosbridge.conventions.Volumes;
import io.mesosbridge.migrate.input.JsonDocuments;
import io.mesosbridge.migrate.input.Node;
import io.mesosbridge.migrate.kube.KubeNames;
import io.mesosbridge.migrate.report.Warnings;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The pieces apps and pods share: metadata, resources, environment, update strategy, Service, workload kind. */
public final class WorkloadParts {

    public static final String SANDBOX_PATH = Sandbox.PATH;
    public static final String SANDBOX_VOLUME = "mesos-sandbox";
    public static final String SECRET_KEY = Volumes.DEFAULT_SECRET_KEY;

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private WorkloadParts() {
    }

    /** The working directory of a migrated container, as the bridge gives a task's: see {@link Sandbox}. */
    public static String workingDir(String image) {
        return Sandbox.workingDirectory(image != null, SANDBOX_PATH);
    }

    /**
     * A Mesos (UCR) container with an image started in the image's WORKDIR, or in the sandbox if the image has none;
     * Kubernetes starts it in the WORKDIR or in {@code /}. A {@code command} that reaches fetched files by a relative
     * path therefore works only if the image sets a WORKDIR that is the sandbox or none at all: warned at it.
     */
    public static void warnImageWorkingDirectory(Node command, boolean mesosContainer, boolean fetches,
                                                 Warnings.SourceWarnings warnings) {
        if (mesosContainer && fetches && command.present()) {
            warnings.warn(command, "a Mesos container started in its image's WORKDIR, or in the sandbox ("
                    + SANDBOX_PATH + ", where fetched files land) if the image has none; Kubernetes starts it in"
                    + " the WORKDIR or in /: reach fetched files through $MESOS_SANDBOX if the image sets no WORKDIR");
        }
    }

    public static Map<String, String> selector(String name) {
        return Map.of(KubernetesKeys.NAME_LABEL, name);
    }

    /** Where the workload and its pods come from, in labels (valid ones) and annotations (all of them, verbatim). */
    public static void carryLabels(Node marathonLabels, Map<String, String> labels, Map<String, String> annotations,
                            Warnings.SourceWarnings warnings) {
        carryLabels(marathonLabels, labels, annotations, warnings, false);
    }

    /** As above; with {@code vhostsConverted}, HAPROXY_n_VHOST and _PATH became an Ingress and are not warned here. */
    static void carryLabels(Node marathonLabels, Map<String, String> labels, Map<String, String> annotations,
                            Warnings.SourceWarnings warnings, boolean vhostsConverted) {
        Map<String, String> all = new TreeMap<>();
        for (Map.Entry<String, Node> label : marathonLabels.fields().entrySet()) {
            String value = label.getValue().present() ? label.getValue().scalarText() : "";
            all.put(label.getKey(), value);
            if (KubeNames.isQualifiedKey(label.getKey()) && KubeNames.isLabelValue(value)
                    && !label.getKey().equals(KubernetesKeys.NAME_LABEL)
                    && !label.getKey().equals(KubernetesKeys.MANAGED_BY_LABEL)) {
                labels.put(label.getKey(), value);
            }
        }
        if (!all.isEmpty()) {
            try {
                annotations.put(KubernetesKeys.MIGRATION_ANNOTATION_PREFIX + "marathon-labels",
                        JsonDocuments.mapper().writeValueAsString(all));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a map of strings always serializes", e);
            }
        }
        if (all.keySet().stream().anyMatch(k -> k.startsWith("HAPROXY_") && !(vhostsConverted && VhostIngress.converts(k)))) {
            warnings.warn(marathonLabels, "HAPROXY_* labels configured marathon-lb; not carried over: expose the"
                    + " Service with an Ingress or a LoadBalancer");
        }
    }

    public static ObjectMeta metadata(String name, String namespace, Map<String, String> labels,
                               Map<String, String> annotations) {
        return new ObjectMetaBuilder().withName(name).withNamespace(namespace)
                .withLabels(labels.isEmpty() ? null : new TreeMap<>(labels))
                .withAnnotations(annotations.isEmpty() ? null : new TreeMap<>(annotations))
                .build();
    }

    /** cpus, mem, disk and gpus of an app, a pod container or a job. */
    public static ResourceRequirements resources(Node holder, MarathonOptions options, BigDecimal defaultCpus,
                                          BigDecimal defaultMem, Warnings.SourceWarnings warnings) {
        Map<String, Quantity> requests = new TreeMap<>();
        Map<String, Quantity> limits = new TreeMap<>();
        BigDecimal cpus = holder.get("cpus").decimal(defaultCpus);
        BigDecimal mem = holder.get("mem").decimal(defaultMem);
        BigDecimal disk = holder.get("disk").decimal(BigDecimal.ZERO);
        BigDecimal gpus = holder.get("gpus").decimal(BigDecimal.ZERO);
        if (cpus.signum() > 0) {
            requests.put("cpu", Quantities.cpus(cpus));
            if (options.cpuLimits()) {
                limits.put("cpu", Quantities.cpus(cpus));
            }
        }
        if (mem.signum() > 0) {
            requests.put("memory", Quantities.mebibytes(mem));
            limits.put("memory", Quantities.mebibytes(mem));
        }
        if (disk.signum() > 0) {
            requests.put("ephemeral-storage", Quantities.mebibytes(disk));
        }
        if (gpus.signum() > 0) {
            BigDecimal whole = gpus.setScale(0, RoundingMode.CEILING);
            if (whole.compareTo(gpus) != 0) {
                warnings.warn(holder.get("gpus"), "fractional gpus " + gpus.toPlainString() + " rounded up to " + whole);
            }
            limits.put(options.gpuResource(), new Quantity(whole.toPlainString()));
        }
        return new ResourceRequirementsBuilder()
                .withRequests(requests.isEmpty() ? null : requests)
                .withLimits(limits.isEmpty() ? null : limits)
                .build();
    }

    /** Marathon's minimumHealthCapacity as maxUnavailable: 0.5 keeps half healthy, so half may be unavailable. */
    static IntOrString maxUnavailable(BigDecimal minimumHealthCapacity) {
        BigDecimal unavailable = BigDecimal.ONE.subtract(minimumHealthCapacity.min(BigDecimal.ONE).max(BigDecimal.ZERO));
        return new IntOrString(unavailable.multiply(HUNDRED).setScale(0, RoundingMode.FLOOR).toPlainString() + "%");
    }

    /** Marathon's maximumOverCapacity as maxSurge: 0.2 allows 20% extra instances during an upgrade. */
    static IntOrString maxSurge(BigDecimal maximumOverCapacity) {
        BigDecimal over = maximumOverCapacity.min(BigDecimal.ONE).max(BigDecimal.ZERO);
        return new IntOrString(over.multiply(HUNDRED).setScale(0, RoundingMode.FLOOR).toPlainString() + "%");
    }

    /** A DC/OS secret store path ({@code /db/password}) as a Secret name; the value lives under key "value". */
    public static String secretName(String source) {
        return Volumes.secretName(source);
    }

    /**
     * Environment variables: plain values as they are; {@code {"secret": "ref"}} through the app's or pod's
     * {@code secrets} map to a secretKeyRef.
     */
    public static List<EnvVar> environment(Node env, Node secrets, List<String> secretNames, Warnings.SourceWarnings warnings) {
        List<EnvVar> result = new ArrayList<>();
        for (Map.Entry<String, Node> e : env.fields().entrySet()) {
            Node value = e.getValue();
            if (value.isObject()) {
                String ref = value.get("secret").text();
                String source = secrets.get(ref).present() ? secrets.get(ref).get("source").text() : null;
                if (source == null) {
                    warnings.warn(value.get("secret"), "secret " + ref + " is not in secrets; taken as a secret store path");
                    source = ref;
                }
                String secret = secretName(source);
                secretNames.add(secret);
                result.add(new EnvVarBuilder().withName(e.getKey()).withNewValueFrom().withNewSecretKeyRef()
                        .withName(secret).withKey(SECRET_KEY).endSecretKeyRef().endValueFrom().build());
            } else if (value.present()) {
                result.add(new EnvVarBuilder().withName(e.getKey()).withValue(value.scalarText()).build());
            } else {
                result.add(new EnvVarBuilder().withName(e.getKey()).withValue("").build());
            }
        }
        return result;
    }

    /**
     * {@code $HOST} and {@code $LIBPROCESS_IP}: on Mesos the agent's address, which a task on the host network
     * listens on and is reached at; a pod has its own network, so that address is the pod's IP.
     */
    public static List<EnvVar> hostAddressEnvironment() {
        return List.of(fieldEnv("HOST", "status.podIP"), fieldEnv("LIBPROCESS_IP", "status.podIP"));
    }

    public static EnvVar fieldEnv(String name, String fieldPath) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewFieldRef().withFieldPath(fieldPath)
                .endFieldRef().endValueFrom().build();
    }

    /** Mesos mounts relative container paths inside the sandbox. */
    public static String mountPath(String containerPath) {
        return Volumes.mountPath(containerPath, SANDBOX_PATH);
    }

    /**
     * unreachableStrategy.inactiveAfterSeconds: how long pods stay bound to a node that stopped answering;
     * {@code "disabled"} (Marathon never replaces an unreachable instance) tolerates that for ever.
     */
    static List<Toleration> unreachableTolerations(Node strategy) {
        if (strategy.isText() && strategy.text().equals("disabled")) {
            return List.of(unreachableToleration("node.kubernetes.io/not-ready", null),
                    unreachableToleration("node.kubernetes.io/unreachable", null));
        }
        if (!strategy.present()) {
            return List.of();
        }
        if (!strategy.isObject()) {
            throw strategy.error("expected \"disabled\" or an object with inactiveAfterSeconds and expungeAfterSeconds");
        }
        long seconds = strategy.get("inactiveAfterSeconds").longInteger(UnconvertedFields.DEFAULT_INACTIVE_AFTER_SECONDS);
        List<Toleration> result = new ArrayList<>();
        for (String key : List.of("node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable")) {
            result.add(unreachableToleration(key, seconds));
        }
        return result;
    }

    private static Toleration unreachableToleration(String key, Long seconds) {
        return new TolerationBuilder().withKey(key).withOperator("Exists").withEffect("NoExecute")
                .withTolerationSeconds(seconds).build();
    }

    /** The Deployment, or StatefulSet when there are claims; the template is set, not copied in by the builder. */
    static HasMetadata workload(ObjectMeta meta, int replicas, PodTemplateSpec template, String name,
                                List<PersistentVolumeClaim> claims, BigDecimal minimumHealthCapacity,
                                BigDecimal maximumOverCapacity, Node upgradeAt, Warnings.SourceWarnings warnings) {
        IntOrString unavailable = maxUnavailable(minimumHealthCapacity);
        IntOrString surge = maxSurge(maximumOverCapacity);
        if (!claims.isEmpty()) {
            if (maximumOverCapacity.signum() > 0) {
                warnings.warn(upgradeAt, "maximumOverCapacity: a StatefulSet (for persistent volumes) replaces pods"
                        + " one by one and never runs extra ones; surge not carried over");
            }
            StatefulSet statefulSet = new StatefulSetBuilder().withMetadata(meta).withNewSpec()
                    .withReplicas(replicas)
                    .withServiceName(name)
                    .withPodManagementPolicy("Parallel")
                    .withNewSelector().withMatchLabels(selector(name)).endSelector()
                    .withNewUpdateStrategy().withType("RollingUpdate").withNewRollingUpdate()
                    .withMaxUnavailable("0%".equals(unavailable.getStrVal()) ? null : unavailable)
                    .endRollingUpdate().endUpdateStrategy()
                    .withVolumeClaimTemplates(claims)
                    .endSpec().build();
            statefulSet.getSpec().setTemplate(template);
            return statefulSet;
        }
        if ("0%".equals(unavailable.getStrVal()) && "0%".equals(surge.getStrVal())) {
            warnings.warn(upgradeAt, "minimumHealthCapacity 1 with maximumOverCapacity 0 leaves no room to upgrade;"
                    + " used maxSurge 1");
            surge = new IntOrString(1);
        }
        Deployment deployment = new DeploymentBuilder().withMetadata(meta).withNewSpec()
                .withReplicas(replicas)
                .withNewSelector().withMatchLabels(selector(name)).endSelector()
                .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxUnavailable(unavailable).withMaxSurge(surge).endRollingUpdate().endStrategy()
                .endSpec().build();
        deployment.getSpec().setTemplate(template);
        return deployment;
    }

    /** A ClusterIP Service for the ports; headless for StatefulSets, which need a governing Service. */
    static Service service(String name, String namespace, Map<String, String> labels, List<ServicePort> ports,
                           boolean headless) {
        return new ServiceBuilder()
                .withMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace)
                        .withLabels(new TreeMap<>(labels)).build())
                .withNewSpec()
                .withType("ClusterIP")
                .withClusterIP(headless ? "None" : null)
                .withSelector(selector(name))
                .withPorts(ports)
                .endSpec().build();
    }

    public static String pullPolicy(MarathonOptions options, boolean forcePull) {
        if (options.imagePullPolicy() != null) {
            return options.imagePullPolicy();
        }
        return forcePull ? "Always" : null;
    }

}
