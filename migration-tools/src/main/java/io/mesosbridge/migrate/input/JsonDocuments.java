package io.mesosbridge.migrate.input;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** Parses JSON input; a syntax error becomes an {@link InputError} with the line and column. */
public final class JsonDocuments {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private JsonDocuments() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static Node parse(Source source) {
        if (source.text().isBlank()) {
            throw new InputError(source.name(), null, "empty input, expected a JSON document");
        }
        try {
            JsonNode tree = MAPPER.readTree(source.text());
            return Node.root(tree);
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            String place = where == null ? null : "line " + where.getLineNr() + ", column " + where.getColumnNr();
            throw new InputError(source.name(), place, "malformed JSON: " + e.getOriginalMessage());
        }
    }
}
