package io.mesosbridge.conventions;

import io.mesosbridge.crds.MesosResources;

/** The label, annotation and resource names mesos-bridge writes on Kubernetes objects and reads back. */
public final class KubernetesKeys {

    public static final String GROUP = MesosResources.GROUP;

    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    public static final String NAME_LABEL = "app.kubernetes.io/name";
    /** {@link #MANAGED_BY_LABEL} of task Pods and MesosTasks. */
    public static final String MANAGED_BY_BRIDGE = "mesos-bridge";
    /** {@link #MANAGED_BY_LABEL} of the manifests mesos-migrate writes. */
    public static final String MANAGED_BY_MIGRATE = "mesos-migrate";

    /**
     * On MesosTasks, task Pods and the role namespaces a bridge created: the namespace of the bridge they belong to,
     * so that bridges sharing a cluster each watch only their own across namespaces.
     */
    public static final String BRIDGE_LABEL = GROUP + "/bridge";
    public static final String FRAMEWORK_LABEL = GROUP + "/framework";
    public static final String TASK_LABEL = GROUP + "/task";
    public static final String FRAMEWORK_ID_ANNOTATION = GROUP + "/framework-id";
    public static final String TASK_ID_ANNOTATION = GROUP + "/task-id";
    public static final String TASK_NAME_ANNOTATION = GROUP + "/task-name";
    /** On a task group's Pod and its MesosTasks: the group's Pod name ({@link TaskNames#executorPodName}). */
    public static final String EXECUTOR_LABEL = GROUP + "/executor";
    public static final String EXECUTOR_ID_ANNOTATION = GROUP + "/executor-id";
    /** On a MesosTask: the Mesos user the task runs as (CommandInfo.user, else FrameworkInfo.user). */
    public static final String TASK_USER_ANNOTATION = GROUP + "/user";
    /** Each TaskInfo label {@code key=value} becomes the annotation {@code <prefix><key>=value}. */
    public static final String TASK_LABEL_ANNOTATION_PREFIX = "label." + GROUP + "/";

    /** On a Node: the port ranges its agent offers, in Mesos range syntax ({@code [8000-9000, 31000-32000]}). */
    public static final String PORTS_ANNOTATION = GROUP + "/ports";
    /** On a Node: its agent's statically reserved resources ({@code --resources} with roles), in Mesos JSON. */
    public static final String STATIC_RESERVATIONS_ANNOTATION = GROUP + "/static-reservations";
    /** On a Node: its agent's dynamic reservations and persistent volumes, in Mesos JSON; the bridge writes it. */
    public static final String RESERVED_RESOURCES_ANNOTATION = GROUP + "/reserved-resources";
    /** On a Node: the DrainInfo of an agent being drained. */
    public static final String DRAIN_ANNOTATION = GROUP + "/drain-info";
    /** On a Node the bridge cordoned: only such a cordon is lifted again by REACTIVATE_AGENT. */
    public static final String CORDONED_ANNOTATION = GROUP + "/cordoned-by-bridge";
    /** On a Node (label and taint): the one role every resource of its agent was reserved for. */
    public static final String ROLE_LABEL = GROUP + "/role";
    /** The default prefix of the Node labels that carry agent attributes: {@code <prefix>rack=rack1}. */
    public static final String ATTRIBUTE_LABEL_PREFIX = GROUP + "/attribute.";

    public static final String GPU_RESOURCE = "nvidia.com/gpu";

    /** Prefix of the annotations in which mesos-migrate keeps what has no Kubernetes field. */
    public static final String MIGRATION_ANNOTATION_PREFIX = "migration.mesosbridge.io/";

    private KubernetesKeys() {
    }
}
