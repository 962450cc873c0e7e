package io.mesosbridge.crds;

/** Names shared by every custom resource of the bridge. */
public final class MesosResources {
    public static final String GROUP = "mesos.mesosbridge.io";
    public static final String VERSION = "v1alpha1";
    /** The kubectl category: {@code kubectl get mesos} lists frameworks and tasks. */
    public static final String CATEGORY = "mesos";

    private MesosResources() {
    }
}
