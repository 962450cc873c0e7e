package io.mesosbridge.operator.stateapi;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Map;

/**
 * Writes endpoint JSON with numbers as a Mesos master prints them: plain decimals ({@code 1795659783.213},
 * {@code 0.0001}), never Java's scientific notation ({@code 1.795659783213E9}), which some clients do not read.
 * The tree is written as it is, each number rewritten as it goes out (no copy of a large state's tree).
 */
public final class JsonWriter {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = JSON.getFactory();

    private JsonWriter() {
    }

    public static String write(JsonNode node) {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = new PlainNumbers(FACTORY.createGenerator(out))) {
            JSON.writeTree(generator, node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
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

    /** A generator that writes a double Java would print in scientific notation as a plain decimal instead. */
    private static final class PlainNumbers extends JsonGeneratorDelegate {

        PlainNumbers(JsonGenerator generator) {
            super(generator, false);
        }

        @Override
        public void writeNumber(double value) throws IOException {
            if (Double.isFinite(value) && isScientific(Double.toString(value))) {
                delegate.writeNumber(BigDecimal.valueOf(value).stripTrailingZeros().toPlainString());
            } else {
                delegate.writeNumber(value);
            }
        }

        @Override
        public void writeNumber(float value) throws IOException {
            String text = Float.toString(value);
            if (Float.isFinite(value) && isScientific(text)) {
                delegate.writeNumber(new BigDecimal(text).stripTrailingZeros().toPlainString());
            } else {
                delegate.writeNumber(value);
            }
        }

        private static boolean isScientific(String text) {
            return text.indexOf('E') >= 0 || text.indexOf('e') >= 0;
        }
    }
}
