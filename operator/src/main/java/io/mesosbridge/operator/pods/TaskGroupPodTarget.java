package io.mesosbridge.operator.pods;

import java.util.List;

/**
 * Where a task group's one Pod goes and who owns it: every MesosTask of the group, so the Pod stays until the last
 * of them is gone, as a Mesos default executor stays until its last task has ended.
 *
 * @param frameworkId the id of the framework that launched the group
 * @param nodeName    the node behind the accepted offer
 * @param namespace   the namespace of the MesosTasks
 * @param podName     the group's Pod name ({@code TaskNames.executorPodName})
 * @param owners      the group's MesosTasks, in the order of the group's tasks
 * @param user        the Mesos user all the group's tasks run as
 */
public record TaskGroupPodTarget(String frameworkId, String nodeName, String namespace, String podName,
                                 List<Owner> owners, String user) {

    /** A MesosTask of the group, for its owner reference. */
    public record Owner(String name, String uid) {
    }
}
