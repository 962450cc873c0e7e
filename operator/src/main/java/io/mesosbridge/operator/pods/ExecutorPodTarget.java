package io.mesosbridge.operator.pods;

/**
 * Where a custom executor's Pod goes and what its executor is told of its agent.
 *
 * @param frameworkId the id of the framework whose executor it is
 * @param nodeName    the node behind the accepted offer
 * @param agentId     that node's agent id
 * @param namespace   the namespace of the executor's MesosTasks
 * @param podName     the executor's Pod name ({@code TaskNames.executorPodName})
 * @param user        the Mesos user the executor runs as
 * @param agentPort   the port the node's agent serves the executor API on
 * @param agentEndpoint host:port the node's agent registered with, null when it has not: then the node's IP and
 *                    {@code agentPort}
 */
public record ExecutorPodTarget(String frameworkId, String nodeName, String agentId, String namespace, String podName,
                                String user, int agentPort, String agentEndpoint) {
}
