package io.mesosbridge.operator.tasks;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.mesosbridge.crds.MesosTask;

/**
 * Asks for a task to be killed by marking its MesosTask's spec; the reconciler then deletes the Pod with the grace
 * period. A merge patch of the spec alone, so it never conflicts with the status writes going on at the same time.
 */
public final class KillRequests {

    private KillRequests() {
    }

    /** {@code gracePeriodSeconds} null keeps the task's own kill policy. */
    public static void request(KubernetesClient client, MesosTask task, Long gracePeriodSeconds) {
        String patch = "{\"spec\":{\"killRequested\":true"
                + (gracePeriodSeconds == null ? "" : ",\"killGracePeriodSeconds\":" + gracePeriodSeconds) + "}}";
        client.resources(MesosTask.class).inNamespace(task.getMetadata().getNamespace())
                .withName(task.getMetadata().getName()).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    }
}
