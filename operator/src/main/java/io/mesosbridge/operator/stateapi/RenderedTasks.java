package io.mesosbridge.operator.stateapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.util.RawValue;
import io.mesosbridge.operator.state.MasterSnapshot.TaskView;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Function;

/**
 * Each task's JSON as {@link StateJson#task} renders it, kept as text for as long as the master's view of the task
 * lives: the master state hands out the same view while the task's MesosTask, Pod address and role stay the same, so
 * a {@code /state} of 10,000 tasks renders only those that changed since the last request. A view no longer in use
 * is collected, and its text with it.
 */
@ApplicationScoped
public class RenderedTasks implements Function<TaskView, JsonNode> {

    private final Map<TaskView, JsonNode> rendered = Collections.synchronizedMap(new WeakHashMap<>());

    @Override
    public JsonNode apply(TaskView task) {
        JsonNode known = rendered.get(task);
        if (known == null) {
            known = JsonNodeFactory.instance.rawValueNode(new RawValue(JsonWriter.write(StateJson.task(task))));
            rendered.put(task, known);
        }
        return known;
    }
}
