package io.mesosbridge.migrate.marathon;

import io.mesosbridge.conventions.KubernetesKeys;
import io.mesosbridge.conventions.AttributeLabels;

/**
 * Choices the user makes for a Marathon conversion.
 *
 * @param defaultNamespace   namespace for apps without a role of their own; null leaves it to kubectl's context
 * @param namespaceFromRole  whether {@code acceptedResourceRoles}/{@code role} picks the namespace
 * @param defaultImage       image for apps that ran on the agent's own filesystem (no container image)
 * @param imageOverride      when set, replaces every image (for clusters without a registry)
 * @param imagePullPolicy    when set, the pull policy of every container
 * @param fetchImage         image of the init container that downloads {@code fetch} URIs
 * @param attributes         where agent attributes live as node labels
 * @param gpuResource        the extended resource that Mesos {@code gpus} become
 * @param cpuLimits          whether cpus also become a CPU limit (Mesos enforces CPU only with CFS quotas)
 * @param dynamicPortBase    first container port handed to ports that Marathon would have picked ({@code 0})
 * @param publicNodes        the label and taint of the nodes that stand for public agents (role slave_public)
 * @param perNodeAgents      when set, the agent count: apps with hostname UNIQUE and that many instances become
 *                           DaemonSets; null keeps them Deployments
 */
public record MarathonOptions(String defaultNamespace, boolean namespaceFromRole, String defaultImage,
                              String imageOverride, String imagePullPolicy, String fetchImage,
                              AttributeLabels attributes, String gpuResource, boolean cpuLimits,
                              int dynamicPortBase, PublicNodes publicNodes, Integer perNodeAgents) {

    public static final String DEFAULT_IMAGE = "debian:bookworm-slim";
    public static final String DEFAULT_FETCH_IMAGE = "busybox:1.36";
    public static final int DEFAULT_DYNAMIC_PORT_BASE = 10000;

    /** Public agents as {@code agent-config} projects them ({@link PublicNodes#defaults()}). */
    public MarathonOptions(String defaultNamespace, boolean namespaceFromRole, String defaultImage,
                           String imageOverride, String imagePullPolicy, String fetchImage, AttributeLabels attributes,
                           String gpuResource, boolean cpuLimits, int dynamicPortBase) {
        this(defaultNamespace, namespaceFromRole, defaultImage, imageOverride, imagePullPolicy, fetchImage, attributes,
                gpuResource, cpuLimits, dynamicPortBase, PublicNodes.defaults(), null);
    }

    public static MarathonOptions defaults() {
        return new MarathonOptions(null, true, DEFAULT_IMAGE, null, null, DEFAULT_FETCH_IMAGE,
                AttributeLabels.defaults(), KubernetesKeys.GPU_RESOURCE, false, DEFAULT_DYNAMIC_PORT_BASE);
    }

    public MarathonOptions withImageOverride(String image, String pullPolicy) {
        return new MarathonOptions(defaultNamespace, namespaceFromRole, defaultImage, image, pullPolicy, fetchImage,
                attributes, gpuResource, cpuLimits, dynamicPortBase, publicNodes, perNodeAgents);
    }

    public MarathonOptions withPerNodeAgents(Integer agentCount) {
        return new MarathonOptions(defaultNamespace, namespaceFromRole, defaultImage, imageOverride, imagePullPolicy,
                fetchImage, attributes, gpuResource, cpuLimits, dynamicPortBase, publicNodes, agentCount);
    }

    public MarathonOptions withDefaultNamespace(String namespace) {
        return new MarathonOptions(namespace, namespaceFromRole, defaultImage, imageOverride, imagePullPolicy,
                fetchImage, attributes, gpuResource, cpuLimits, dynamicPortBase, publicNodes, perNodeAgents);
    }
}
