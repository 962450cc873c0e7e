package io.mesosbridge.migrate.kube;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Writes a JSON tree (as fabric8's serialization makes it from a model object) as block-style YAML. Jackson's
 * YAML generator spends most of a large conversion's time; this writer does the same job an order of magnitude
 * faster, with a deliberately small style: every string double-quoted (JSON escapes are valid YAML), or a literal
 * block when it spans lines; keys plain only when no YAML 1.1 reader could take them for something else.
 */
final class YamlWriter {

    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_./-]*");
    private static final Set<String> AMBIGUOUS = Set.of("y", "n", "yes", "no", "on", "off", "true", "false", "null", "~");
    /** Each key as written, with its colon: a large output repeats the same few hundred keys many thousand times. */
    private static final Map<String, String> WRITTEN_KEYS = new ConcurrentHashMap<>();

    private final StringBuilder out;

    YamlWriter(StringBuilder out) {
        this.out = out;
    }

    void document(JsonNode root) {
        if (root.isObject()) {
            mapEntries(root, 0);
        } else if (root.isArray()) {
            listItems(root, 0);
        } else {
            scalar(root, 0);
            out.append('\n');
        }
    }

    private void mapEntries(JsonNode map, int indent) {
        Iterator<Map.Entry<String, JsonNode>> fields = map.fields();
        boolean first = true;
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!first) {
                spaces(indent);
            }
            first = false;
            key(field.getKey());
            value(field.getValue(), indent);
        }
    }

    /** After "key:" or "- ", the rest of the line and whatever nests below. */
    private void value(JsonNode value, int indent) {
        if (value.isObject()) {
            if (value.isEmpty()) {
                out.append(" {}\n");
            } else {
                out.append('\n');
                spaces(indent + 2);
                mapEntries(value, indent + 2);
            }
        } else if (value.isArray()) {
            if (value.isEmpty()) {
                out.append(" []\n");
            } else {
                out.append('\n');
                spaces(indent);
                listItems(value, indent);
            }
        } else {
            out.append(' ');
            scalar(value, indent);
            out.append('\n');
        }
    }

    private void listItems(JsonNode list, int indent) {
        boolean first = true;
        for (JsonNode item : list) {
            if (!first) {
                spaces(indent);
            }
            first = false;
            out.append('-');
            if (item.isObject() && !item.isEmpty()) {
                out.append(' ');
                mapEntries(item, indent + 2);
            } else if (item.isArray() && !item.isEmpty()) {
                out.append('\n');
                spaces(indent + 2);
                listItems(item, indent + 2);
            } else {
                value(item, indent);
            }
        }
    }

    private void key(String key) {
        out.append(WRITTEN_KEYS.computeIfAbsent(key, YamlWriter::writtenKey));
    }

    private static String writtenKey(String key) {
        if (PLAIN_KEY.matcher(key).matches() && !AMBIGUOUS.contains(key.toLowerCase(Locale.ROOT))) {
            return key + ':';
        }
        StringBuilder quotedKey = new StringBuilder(key.length() + 3);
        new YamlWriter(quotedKey).quoted(key);
        return quotedKey.append(':').toString();
    }

    private void scalar(JsonNode value, int indent) {
        if (value.isTextual()) {
            String text = value.textValue();
            if (suitsLiteralBlock(text)) {
                literalBlock(text, indent);
            } else {
                quoted(text);
            }
        } else if (value.isNull() || value.isMissingNode()) {
            out.append("null");
        } else if (value.isNumber() || value.isBoolean()) {
            out.append(value.asText());
        } else {
            quoted(value.asText());
        }
    }

    private static boolean suitsLiteralBlock(String text) {
        if (text.indexOf('\n') < 0 || text.isEmpty() || text.charAt(0) == ' ' || text.charAt(0) == '\n') {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\n') || c == 0x7f || c == '\u0085' || c == '\u2028' || c == '\u2029' || c == '\uFEFF') {
                return false;
            }
            if (c == ' ' && (i + 1 == text.length() || text.charAt(i + 1) == '\n')) {
                return false;
            }
        }
        return true;
    }

    private void literalBlock(String text, int indent) {
        int trailingNewlines = 0;
        while (trailingNewlines < text.length() && text.charAt(text.length() - 1 - trailingNewlines) == '\n') {
            trailingNewlines++;
        }
        out.append(trailingNewlines == 0 ? "|-" : trailingNewlines == 1 ? "|" : "|+");
        String body = text.substring(0, text.length() - trailingNewlines);
        for (String line : body.split("\n", -1)) {
            out.append('\n');
            if (!line.isEmpty()) {
                spaces(indent + 2);
                out.append(line);
            }
        }
        for (int i = 1; i < trailingNewlines; i++) {
            out.append('\n');
        }
    }

    private void quoted(String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\u0085' || c == '\u2028' || c == '\u2029' || c == '\uFEFF') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private void spaces(int count) {
        for (int i = 0; i < count; i++) {
            out.append(' ');
        }
    }
}
