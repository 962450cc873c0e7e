package io.mesosbridge.operator.state;

import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.operator.state.MasterSnapshot.FrameworkView;

import java.util.List;
import java.util.Map;

/**
 * What the metrics' gauges show, read from running totals rather than from a whole {@link MasterSnapshot}.
 *
 * @param registeredAgents  the agents (Ready nodes); {@code activeAgents} of them are neither cordoned nor drained
 * @param agentsTotal       what the registered agents have
 * @param agentsUsed        what live tasks and their executors hold on the registered agents
 * @param offered           what the outstanding offers hold
 * @param frameworks        the registered frameworks, their views without offers and allocation (not needed here)
 * @param liveTasks         live tasks (every MesosTask) by state
 * @param tasksByFramework  the same per framework id
 * @param heldByRole        what each role's live tasks (without executors) and outstanding offers hold
 */
public record MasterTotals(boolean elected, double startTimeSecs, int registeredAgents, int activeAgents,
                           int unreachableAgents, Resources agentsTotal, Resources agentsUsed, Resources offered,
                           int outstandingOffers, List<FrameworkView> frameworks, Map<TaskState, Integer> liveTasks,
                           Map<String, Map<TaskState, Integer>> tasksByFramework, Map<String, Resources> heldByRole) {
}
