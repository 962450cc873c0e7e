package io.mesosbridge.operator.authentication;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The principals and secrets of a Mesos master's {@code --credentials} file, in either of the two formats Mesos reads.
 * <ul>
 * <li>JSON: {@code {"credentials": [{"principal": "alice", "secret": "s3cret"}, ...]}}. As in Mesos, fields other
 * than these are ignored, a missing or null secret is the empty secret, and a missing list is no credentials.</li>
 * <li>Text (deprecated by Mesos since 1.0): one {@code principal secret} per line. As in Mesos, empty lines are
 * skipped, the separator is one or more spaces (a tab is part of a field), and any other count of fields is an
 * error.</li>
 * </ul>
 * Where a principal appears twice, the later secret wins, as in Mesos. Error messages name the source and the line or
 * credential at fault, never the content, so that no secret reaches a log.
 */
public final class Credentials {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Map<String, String> secretsByPrincipal;

    private Credentials(Map<String, String> secretsByPrincipal) {
        this.secretsByPrincipal = Map.copyOf(secretsByPrincipal);
    }

    /** No credentials: a master started without {@code --credentials}, which refuses every authentication. */
    public static Credentials none() {
        return new Credentials(Map.of());
    }

    /**
     * Loads the file that the value of {@code --credentials} names: {@code /path/to/file} or
     * {@code file:///path/to/file}.
     */
    public static Credentials fromFlag(String value) {
        return load(Path.of(value.startsWith("file://") ? value.substring("file://".length()) : value));
    }

    /** Reads and parses a credentials file; an empty file holds no credentials. */
    public static Credentials load(Path file) {
        String content;
        try {
            content = Files.readString(file);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("Credentials file '" + file + "' is not UTF-8 text", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("Failed to read credentials file '" + file + "': " + e, e);
        }
        return parse(content, file.toString());
    }

    /**
     * Parses the content of a credentials file.
     *
     * @param sourceName what error messages call the content, e.g. the file's path
     */
    public static Credentials parse(String content, String sourceName) {
        // Mesos tries JSON first and falls back to text; a '{' decides it here, so that broken JSON is reported as
        // such rather than as a text line with the wrong number of fields.
        return content.stripLeading().startsWith("{") ? parseJson(content, sourceName) : parseText(content, sourceName);
    }

    public Optional<String> secretOf(String principal) {
        return Optional.ofNullable(secretsByPrincipal.get(principal));
    }

    public int size() {
        return secretsByPrincipal.size();
    }

    public boolean isEmpty() {
        return secretsByPrincipal.isEmpty();
    }

    private static Credentials parseText(String content, String sourceName) {
        Map<String, String> secrets = new HashMap<>();
        String[] lines = content.split("\n", -1);
        for (int index = 0; index < lines.length; index++) {
            if (lines[index].isEmpty()) {
                continue;
            }
            String[] fields = Arrays.stream(lines[index].split(" ")).filter(field -> !field.isEmpty())
                    .toArray(String[]::new);
            if (fields.length != 2) {
                throw new IllegalArgumentException("Invalid credential format at line " + (index + 1) + " of '"
                        + sourceName + "': expected a principal and a secret separated by spaces, found "
                        + fields.length + " field(s)");
            }
            secrets.put(fields[0], fields[1]);
        }
        return new Credentials(secrets);
    }

    private static Credentials parseJson(String content, String sourceName) {
        JsonNode root;
        try {
            root = JSON.readTree(content);
        } catch (JsonProcessingException e) {
            // Jackson's own message quotes the offending text, which may be a secret: only its position is kept.
            JsonLocation where = e.getLocation();
            String position = where == null ? ""
                    : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
            throw new IllegalArgumentException("Invalid JSON in credentials '" + sourceName + "'" + position);
        }
        JsonNode list = root.path("credentials");
        if (list.isMissingNode() || list.isNull()) {
            return new Credentials(Map.of());
        }
        if (!list.isArray()) {
            throw invalidJson(sourceName, "'credentials' is not an array");
        }
        Map<String, String> secrets = new HashMap<>();
        for (int index = 0; index < list.size(); index++) {
            String credential = "credential " + (index + 1);
            JsonNode entry = list.get(index);
            if (!entry.isObject()) {
                throw invalidJson(sourceName, credential + " is not an object");
            }
            JsonNode principal = entry.path("principal");
            if (principal.isMissingNode() || principal.isNull()) {
                throw invalidJson(sourceName, credential + " has no 'principal'");
            }
            if (!principal.isTextual()) {
                throw invalidJson(sourceName, "the 'principal' of " + credential + " is not a string");
            }
            JsonNode secret = entry.path("secret");
            if (!secret.isMissingNode() && !secret.isNull() && !secret.isTextual()) {
                throw invalidJson(sourceName, "the 'secret' of " + credential + " is not a string");
            }
            secrets.put(principal.textValue(), secret.isTextual() ? secret.textValue() : "");
        }
        return new Credentials(secrets);
    }

    private static IllegalArgumentException invalidJson(String sourceName, String problem) {
        return new IllegalArgumentException("Invalid credentials in '" + sourceName + "': " + problem);
    }
}
