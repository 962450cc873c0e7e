package io.mesosbridge.agent.endpoints;

import com.google.protobuf.MessageOrBuilder;
import io.mesosbridge.mesos.json.MesosJson;
import io.mesosbridge.mesos.v1.Protos.Attribute;
import io.mesosbridge.mesos.v1.Protos.Label;
import io.mesosbridge.mesos.v1.Protos.Resource;
import io.mesosbridge.mesos.v1.Protos.Task;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;
import io.mesosbridge.mesos.v1.Protos.Value;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The JSON shapes Mesos's endpoints share (src/common/http.cpp): resources, attributes, tasks, statuses. */
final class AgentJson {

    private AgentJson() {
    }

    /**
     * json(ObjectWriter*, const Resources&): one field per name, scalars summed (cpus, gpus, mem and disk always
     * present), ranges as {@code "[31000-31001, 31005-31005]"}, sets as {@code "{a, b}"}, revocable ones under
     * {@code <name>_revocable}.
     */
    static JsonObject resources(Iterable<Resource> resources) {
        Map<String, BigDecimal> scalars = new LinkedHashMap<>();
        for (String name : List.of("cpus", "gpus", "mem", "disk")) {
            scalars.put(name, BigDecimal.ZERO);
        }
        Map<String, List<long[]>> ranges = new LinkedHashMap<>();
        Map<String, Set<String>> sets = new LinkedHashMap<>();
        for (Resource resource : resources) {
            String name = resource.getName() + (resource.hasRevocable() ? "_revocable" : "");
            switch (resource.getType()) {
                case SCALAR -> scalars.merge(name, BigDecimal.valueOf(resource.getScalar().getValue()),
                        BigDecimal::add);
                case RANGES -> {
                    List<long[]> list = ranges.computeIfAbsent(name, key -> new ArrayList<>());
                    resource.getRanges().getRangeList().forEach(r -> list.add(new long[] {r.getBegin(), r.getEnd()}));
                }
                case SET -> sets.computeIfAbsent(name, key -> new LinkedHashSet<>())
                        .addAll(resource.getSet().getItemList());
                default -> {
                    // not a resource type
                }
            }
        }
        JsonObject json = new JsonObject();
        scalars.forEach((name, value) -> json.put(name, value.doubleValue()));
        ranges.forEach((name, list) -> json.put(name, rangesText(list)));
        sets.forEach((name, items) -> json.put(name, "{" + String.join(", ", items) + "}"));
        return json;
    }

    /** Attributes by name: scalars as numbers, ranges, sets and text as strings. */
    static JsonObject attributes(Iterable<Attribute> attributes) {
        JsonObject json = new JsonObject();
        for (Attribute attribute : attributes) {
            switch (attribute.getType()) {
                case SCALAR -> json.put(attribute.getName(), attribute.getScalar().getValue());
                case RANGES -> json.put(attribute.getName(), rangesText(ranges(attribute.getRanges())));
                case SET -> json.put(attribute.getName(), "{" + String.join(", ", attribute.getSet().getItemList())
                        + "}");
                case TEXT -> json.put(attribute.getName(), attribute.getText().getValue());
                default -> {
                }
            }
        }
        return json;
    }

    /** json(ObjectWriter*, const Task&). */
    static JsonObject task(Task task) {
        JsonObject json = new JsonObject()
                .put("id", task.getTaskId().getValue())
                .put("name", task.getName())
                .put("framework_id", task.getFrameworkId().getValue())
                .put("executor_id", task.getExecutorId().getValue())
                .put("slave_id", task.getAgentId().getValue())
                .put("state", task.getState().name())
                .put("resources", resources(task.getResourcesList()));
        if (task.getLimitsCount() > 0) {
            JsonObject limits = new JsonObject();
            task.getLimitsMap().forEach((name, scalar) -> limits.put(name, scalar.getValue()));
            json.put("limits", limits);
        }
        if (task.getResourcesCount() > 0) {
            json.put("role", task.getResources(0).getAllocationInfo().getRole());
        }
        JsonArray statuses = new JsonArray();
        task.getStatusesList().forEach(status -> statuses.add(status(status)));
        json.put("statuses", statuses);
        if (task.hasUser()) {
            json.put("user", task.getUser());
        }
        if (task.hasLabels()) {
            json.put("labels", labels(task.getLabels().getLabelsList()));
        }
        if (task.hasDiscovery()) {
            json.put("discovery", proto(task.getDiscovery()));
        }
        if (task.hasContainer()) {
            json.put("container", proto(task.getContainer()));
        }
        if (task.hasHealthCheck()) {
            json.put("health_check", proto(task.getHealthCheck()));
        }
        return json;
    }

    /** json(ObjectWriter*, const TaskStatus&). */
    static JsonObject status(TaskStatus status) {
        JsonObject json = new JsonObject()
                .put("state", status.getState().name())
                .put("timestamp", status.getTimestamp());
        if (status.hasLabels()) {
            json.put("labels", labels(status.getLabels().getLabelsList()));
        }
        if (status.hasContainerStatus()) {
            json.put("container_status", proto(status.getContainerStatus()));
        }
        if (status.hasHealthy()) {
            json.put("healthy", status.getHealthy());
        }
        return json;
    }

    static JsonArray labels(List<Label> labels) {
        JsonArray array = new JsonArray();
        labels.forEach(label -> array.add(proto(label)));
        return array;
    }

    static JsonObject proto(MessageOrBuilder message) {
        return new JsonObject(MesosJson.print(message));
    }

    private static List<long[]> ranges(Value.Ranges ranges) {
        List<long[]> list = new ArrayList<>();
        ranges.getRangeList().forEach(r -> list.add(new long[] {r.getBegin(), r.getEnd()}));
        return list;
    }

    /** Coalesces overlapping and adjacent ranges, as Mesos's Ranges arithmetic does, and prints them. */
    static String rangesText(List<long[]> ranges) {
        List<long[]> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingLong(r -> r[0]));
        List<long[]> merged = new ArrayList<>();
        for (long[] range : sorted) {
            long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && range[0] <= last[1] + 1) {
                last[1] = Math.max(last[1], range[1]);
            } else {
                merged.add(new long[] {range[0], range[1]});
            }
        }
        List<String> parts = new ArrayList<>();
        merged.forEach(range -> parts.add(range[0] + "-" + range[1]));
        return "[" + String.join(", ", parts) + "]";
    }
}
