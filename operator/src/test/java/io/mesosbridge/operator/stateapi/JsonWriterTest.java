package io.mesosbridge.operator.stateapi;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JsonWriterTest {

    @Test
    void largeAndSmallDoublesArePrintedAsPlainDecimalsLikeMesos() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("start_time", 1795659783.213);
        node.put("cpus", 1.0);
        node.put("tiny", 0.0001);
        node.put("port", 5051);
        node.putArray("nested").addObject().put("timestamp", 1.7e9);

        assertThat(JsonWriter.write(node)).isEqualTo("{\"start_time\":1795659783.213,\"cpus\":1.0,\"tiny\":0.0001,"
                + "\"port\":5051,\"nested\":[{\"timestamp\":1700000000}]}");
    }

    @Test
    void metricsAreAFlatObjectOfNumbers() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("master/elected", 1.0);
        metrics.put("master/mem_total", 73158.25);

        assertThat(JsonWriter.write(metrics)).isEqualTo("{\"master/elected\":1.0,\"master/mem_total\":73158.25}");
    }

    @Test
    void jsonpWrapsTheJsonInACallOfTheCallback() {
        assertThat(JsonWriter.jsonp("cb", "{\"a\":1}")).isEqualTo("cb({\"a\":1});");
    }
}
