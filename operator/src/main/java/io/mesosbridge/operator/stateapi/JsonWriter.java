package io.mesosbridge.operator.stateapi;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.Map;

/**
 * Writes endpoint JSON with numbers as a Mesos master prints them: plain decimals ({@code 1795659783.213},
 * {@code 0.0001}), never Java's scientific notation ({@code 1.795659783213E9}), which some clients do not read.
 */
public final class JsonWriter {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN, true);

    private JsonWriter() {
    }

    public static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(plain(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A flat map of metrics ({@code /metrics/snapshot}). */
    public static String write(Map<String, Double> metrics) {
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        metrics.forEach(object::put);
        return write(object);
    }

    /** JSONP, as a Mesos master answers {@code ?jsonp=callback}: {@code callback(json);}. */
    public static String jsonp(String callback, String json) {
        return callback + "(" + json + ");";
    }

    private static JsonNode plain(JsonNode node) {
        if (node.isDouble() || node.isFloat()) {
            double value = node.doubleValue();
            String text = Double.toString(value);
            if (Double.isFinite(value) && (text.contains("E") || text.contains("e"))) {
                return DecimalNode.valueOf(BigDecimal.valueOf(value).stripTrailingZeros());
            }
            return node;
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(e -> copy.set(e.getKey(), plain(e.getValue())));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(e -> copy.add(plain(e)));
            return copy;
        }
        return node;
    }
}
