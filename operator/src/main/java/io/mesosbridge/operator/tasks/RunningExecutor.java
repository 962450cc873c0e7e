package io.mesosbridge.operator.tasks;

import io.mesosbridge.mesos.v1.Protos.ExecutorInfo;

/**
 * An executor a framework already runs: what it was launched with, on which agent and in which namespace. A task
 * for its ExecutorID must bring the same ExecutorInfo, and goes to it.
 */
public record RunningExecutor(ExecutorInfo info, String agentId, String namespace) {
}
