package io.mesosbridge.migrate.input;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A JSON value together with its JSON path ({@code $.container.docker.portMappings[0]}), so that every warning
 * and error can say exactly which field it is about. Typed accessors fail with an {@link InputError} naming the
 * path instead of guessing.
 */
public final class Node {

    private static final Pattern PLAIN_FIELD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final JsonNode value;
    // The path is built only when asked for (warnings and errors): most values are read and never reported.
    private final Node parent;
    private final String field;
    private final int index;
    private String path;

    public Node(JsonNode value, String path) {
        this(value, null, null, -1);
        this.path = path;
    }

    private Node(JsonNode value, Node parent, String field, int index) {
        this.value = value == null ? MissingNode.getInstance() : value;
        this.parent = parent;
        this.field = field;
        this.index = index;
    }

    public static Node root(JsonNode value) {
        return new Node(value, "$");
    }

    public String path() {
        if (path == null) {
            String parentPath = parent.path();
            if (field == null) {
                path = parentPath + "[" + index + "]";
            } else if (PLAIN_FIELD.matcher(field).matches()) {
                path = parentPath + "." + field;
            } else {
                path = parentPath + "['" + field + "']";
            }
        }
        return path;
    }

    public JsonNode json() {
        return value;
    }

    /** Present and not JSON null. */
    public boolean present() {
        return !value.isMissingNode() && !value.isNull();
    }

    public boolean isObject() {
        return value.isObject();
    }

    public boolean isArray() {
        return value.isArray();
    }

    public boolean isText() {
        return value.isTextual();
    }

    public boolean isNumber() {
        return value.isNumber();
    }

    public boolean has(String field) {
        return get(field).present();
    }

    public Node get(String field) {
        return new Node(value.isObject() ? value.get(field) : null, this, field, -1);
    }

    public Node at(int index) {
        return new Node(value.isArray() ? value.get(index) : null, this, null, index);
    }

    /** The elements of an array; an absent value is an empty array. */
    public List<Node> elements() {
        if (!present()) {
            return List.of();
        }
        requireKind(value.isArray(), "an array");
        List<Node> result = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            result.add(at(i));
        }
        return result;
    }

    /** The fields of an object in document order; an absent value is an empty object. */
    public Map<String, Node> fields() {
        if (!present()) {
            return Map.of();
        }
        requireKind(value.isObject(), "an object");
        Map<String, Node> result = new LinkedHashMap<>();
        Iterator<String> names = value.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            result.put(name, get(name));
        }
        return result;
    }

    public String text() {
        requirePresent();
        requireKind(value.isTextual(), "a string");
        return value.textValue();
    }

    public String text(String fallback) {
        return present() ? text() : fallback;
    }

    public Optional<String> optionalText() {
        return present() ? Optional.of(text()) : Optional.empty();
    }

    /** A string, or the text of a number or boolean (Marathon env values and label values are sometimes those). */
    public String scalarText() {
        requirePresent();
        requireKind(value.isValueNode(), "a string, number or boolean");
        return value.asText();
    }

    public double number(double fallback) {
        if (!present()) {
            return fallback;
        }
        requireKind(value.isNumber(), "a number");
        return value.doubleValue();
    }

    public BigDecimal decimal(BigDecimal fallback) {
        if (!present()) {
            return fallback;
        }
        requireKind(value.isNumber(), "a number");
        return value.decimalValue();
    }

    public int integer(int fallback) {
        if (!present()) {
            return fallback;
        }
        requireKind(value.isNumber(), "a number");
        if (!value.canConvertToInt() || value.doubleValue() != Math.rint(value.doubleValue())) {
            throw error("expected a whole number, found " + value.asText());
        }
        return value.intValue();
    }

    public long longInteger(long fallback) {
        if (!present()) {
            return fallback;
        }
        requireKind(value.isNumber(), "a number");
        if (!value.canConvertToLong() || value.doubleValue() != Math.rint(value.doubleValue())) {
            throw error("expected a whole number, found " + value.asText());
        }
        return value.longValue();
    }

    public boolean bool(boolean fallback) {
        if (!present()) {
            return fallback;
        }
        requireKind(value.isBoolean(), "true or false");
        return value.booleanValue();
    }

    public void requireObject() {
        requirePresent();
        requireKind(value.isObject(), "an object");
    }

    public InputError error(String message) {
        return new InputError(null, path(), message);
    }

    private void requirePresent() {
        if (!present()) {
            throw error("required field is missing");
        }
    }

    private void requireKind(boolean ok, String expected) {
        if (!ok) {
            throw error("expected " + expected + ", found " + describeKind(value));
        }
    }

    static String describeKind(JsonNode node) {
        if (node.isMissingNode()) {
            return "nothing";
        }
        if (node.isNull()) {
            return "null";
        }
        if (node.isTextual()) {
            return "a string";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        if (node.isArray()) {
            return "an array";
        }
        return "an object";
    }
}
