package io.mesosbridge.operator.operatorapi;

import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.master.Protos.Event;
import io.mesosbridge.mesos.v1.master.Protos.Response;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one operator API subscriber has been told, and so what a change in the master means to it: the events to
 * send, none when it already knows. Changes that arrive before it has its SUBSCRIBED state wait, and are then told
 * against that state. Not thread-safe: each subscriber's is used under its own lock.
 */
final class OperatorEventFilter {

    /** Something that happened in the master, told to each subscriber as it needs it. */
    sealed interface Change {
    }

    /** A status update record of a task: its uuid and the TaskStatus it stands for. */
    record Update(String uuid, Protos.TaskStatus status) {
    }

    /** A new version of a live task, with every status update it has recorded. */
    record TaskSeen(String key, String frameworkId, Protos.Task task, List<Update> updates) implements Change {
    }

    /** A task is gone from the live tasks; {@code last} is the last state the master gave it. */
    record TaskGone(String key, String frameworkId, Protos.TaskStatus last) implements Change {
    }

    record FrameworkSeen(String id, Response.GetFrameworks.Framework framework) implements Change {
    }

    record FrameworkGone(String id, Protos.FrameworkInfo info) implements Change {
    }

    record AgentSeen(String id, Response.GetAgents.Agent agent) implements Change {
    }

    record AgentGone(String id) implements Change {
    }

    private final List<Change> waiting = new ArrayList<>();
    private final Map<String, Set<String>> toldUpdates = new HashMap<>();
    private final Map<String, TaskState> toldStates = new HashMap<>();
    private final Map<String, Response.GetFrameworks.Framework> toldFrameworks = new HashMap<>();
    private final Set<String> toldAgents = new HashSet<>();
    private boolean started;

    /** The subscriber now has {@code state}; returns what changed meanwhile that it does not know. */
    List<Event> start(Response.GetState state) {
        List<Protos.Task> live = new ArrayList<>(state.getGetTasks().getTasksList());
        live.addAll(state.getGetTasks().getUnreachableTasksList());
        for (Protos.Task task : live) {
            Set<String> uuids = toldUpdates.computeIfAbsent(key(task), k -> new HashSet<>());
            for (Protos.TaskStatus status : task.getStatusesList()) {
                if (status.hasUuid()) {
                    uuids.add(Base64.getEncoder().encodeToString(status.getUuid().toByteArray()));
                }
            }
            toldStates.put(key(task), task.getState());
        }
        for (Protos.Task task : state.getGetTasks().getCompletedTasksList()) {
            toldStates.put(key(task), task.getState());
        }
        for (Response.GetFrameworks.Framework framework : state.getGetFrameworks().getFrameworksList()) {
            toldFrameworks.put(framework.getFrameworkInfo().getId().getValue(), framework);
        }
        state.getGetAgents().getAgentsList().forEach(agent -> toldAgents.add(agent.getAgentInfo().getId()
                .getValue()));
        started = true;
        List<Event> events = new ArrayList<>();
        waiting.forEach(change -> events.addAll(tell(change)));
        waiting.clear();
        return events;
    }

    /** The events {@code change} means to this subscriber (none while it waits for its state). */
    List<Event> tell(Change change) {
        if (!started) {
            waiting.add(change);
            return List.of();
        }
        List<Event> events = new ArrayList<>();
        if (change instanceof TaskSeen seen) {
            Set<String> told = toldUpdates.get(seen.key());
            if (told == null) {
                told = new HashSet<>();
                toldUpdates.put(seen.key(), told);
                events.add(MasterResponses.taskAdded(seen.task()));
            }
            for (Update update : seen.updates()) {
                if (update.uuid() == null || told.add(update.uuid())) {
                    events.add(MasterResponses.taskUpdated(seen.frameworkId(), update.status(),
                            update.status().getState()));
                    toldStates.put(seen.key(), update.status().getState());
                }
            }
        } else if (change instanceof TaskGone gone) {
            TaskState last = toldStates.get(gone.key());
            if (toldUpdates.remove(gone.key()) != null && last != gone.last().getState()) {
                events.add(MasterResponses.taskUpdated(gone.frameworkId(), gone.last(), gone.last().getState()));
            }
            toldStates.put(gone.key(), gone.last().getState());
        } else if (change instanceof FrameworkSeen seen) {
            Response.GetFrameworks.Framework told = toldFrameworks.put(seen.id(), seen.framework());
            if (told == null) {
                events.add(MasterResponses.frameworkAdded(seen.framework()));
            } else if (!sameFramework(told, seen.framework())) {
                events.add(MasterResponses.frameworkUpdated(seen.framework()));
            }
        } else if (change instanceof FrameworkGone gone) {
            if (toldFrameworks.remove(gone.id()) != null) {
                events.add(MasterResponses.frameworkRemoved(gone.info()));
            }
        } else if (change instanceof AgentSeen seen) {
            if (toldAgents.add(seen.id())) {
                events.add(MasterResponses.agentAdded(seen.agent()));
            }
        } else if (change instanceof AgentGone gone && toldAgents.remove(gone.id())) {
            events.add(MasterResponses.agentRemoved(gone.id()));
        }
        return events;
    }

    static String key(Protos.Task task) {
        return task.getFrameworkId().getValue() + "\u0000" + task.getTaskId().getValue();
    }

    /** FRAMEWORK_UPDATED tells a new FrameworkInfo or a change of connection, not offers coming and going. */
    private static boolean sameFramework(Response.GetFrameworks.Framework a, Response.GetFrameworks.Framework b) {
        return a.getFrameworkInfo().equals(b.getFrameworkInfo()) && a.getConnected() == b.getConnected()
                && a.getActive() == b.getActive();
    }
}
