package io.mesosbridge.operator.stateapi;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mesosbridge.mesos.resources.Values;
import io.mesosbridge.mesos.v1.Protos.Attribute;
import io.mesosbridge.mesos.v1.Protos.Resource;
import io.mesosbridge.mesos.v1.Protos.Value;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resources and attributes in the summarised form the Mesos master's endpoints print them (src/common/http.cpp
 * {@code json(ObjectWriter*, const Resources&)}): one field per name, scalars summed (cpus, gpus, mem and disk
 * always present, as 0 when absent), ranges as {@code "[31000-31001, 31005-31005]"}, sets as {@code "{a, b}"},
 * revocable resources under {@code <name>_revocable}.
 */
public final class ResourcesJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ResourcesJson() {
    }

    public static ObjectNode object(Iterable<Resource> resources) {
        Map<String, Double> scalars = new LinkedHashMap<>();
        scalars.put("cpus", 0.0);
        scalars.put("gpus", 0.0);
        scalars.put("mem", 0.0);
        scalars.put("disk", 0.0);
        Map<String, List<long[]>> ranges = new LinkedHashMap<>();
        Map<String, Set<String>> sets = new LinkedHashMap<>();
        for (Resource resource : resources) {
            String name = resource.getName() + (resource.hasRevocable() ? "_revocable" : "");
            switch (resource.getType()) {
                case SCALAR -> scalars.merge(name, resource.getScalar().getValue(),
                        (a, b) -> Values.fromFixed(Values.toFixed(a) + Values.toFixed(b)));
                case RANGES -> {
                    List<long[]> list = ranges.computeIfAbsent(name, key -> new ArrayList<>());
                    resource.getRanges().getRangeList().forEach(r -> list.add(new long[] {r.getBegin(), r.getEnd()}));
                }
                case SET -> sets.computeIfAbsent(name, key -> new LinkedHashSet<>())
                        .addAll(resource.getSet().getItemList());
                default -> {
                    // TEXT is not a resource type; Mesos refuses it at validation
                }
            }
        }
        ObjectNode object = NODES.objectNode();
        scalars.forEach((name, value) -> object.put(name, value));
        ranges.forEach((name, list) -> object.put(name, rangesText(list)));
        sets.forEach((name, items) -> object.put(name, setText(items)));
        return object;
    }

    /** Agent attributes as an object: scalars as numbers, ranges, sets and text as strings. */
    public static ObjectNode attributes(Iterable<Attribute> attributes) {
        ObjectNode object = NODES.objectNode();
        for (Attribute attribute : attributes) {
            switch (attribute.getType()) {
                case SCALAR -> object.put(attribute.getName(), attribute.getScalar().getValue());
                case RANGES -> object.put(attribute.getName(), rangesText(attribute.getRanges()));
                case SET -> object.put(attribute.getName(), setText(attribute.getSet().getItemList()));
                case TEXT -> object.put(attribute.getName(), attribute.getText().getValue());
                default -> {
                }
            }
        }
        return object;
    }

    public static String rangesText(Value.Ranges ranges) {
        List<long[]> list = new ArrayList<>();
        ranges.getRangeList().forEach(r -> list.add(new long[] {r.getBegin(), r.getEnd()}));
        return rangesText(list);
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
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < merged.size(); i++) {
            if (i > 0) {
                text.append(", ");
            }
            text.append(merged.get(i)[0]).append('-').append(merged.get(i)[1]);
        }
        return text.append(']').toString();
    }

    static String setText(Iterable<String> items) {
        return "{" + String.join(", ", items) + "}";
    }
}
