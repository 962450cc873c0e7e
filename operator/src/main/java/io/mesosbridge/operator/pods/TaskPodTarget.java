package io.mesosbridge.operator.pods;

/**
 * Where a task's Pod goes and who owns it.
 *
 * @param frameworkId the id of the framework that launched the task
 * @param nodeName    the node behind the accepted offer; the Pod is bound to it directly, without a scheduler
 * @param namespace   the namespace of the owning MesosTask
 * @param ownerName   the MesosTask's name, which the Pod shares
 * @param ownerUid    the MesosTask's uid, for the owner reference
 * @param user        the Mesos user the task runs as ({@link TaskUsers#effectiveUser})
 */
public record TaskPodTarget(String frameworkId, String nodeName, String namespace, String ownerName, String ownerUid,
                            String user) {
}
