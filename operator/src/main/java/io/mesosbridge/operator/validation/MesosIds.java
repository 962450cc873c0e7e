package io.mesosbridge.operator.validation;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Mesos's rule for task, framework, agent and executor IDs ({@code common::validation::validateID}): not empty, at
 * most NAME_MAX (255) bytes, not {@code .} or {@code ..}, and no {@code /}, {@code \} or control character. Mesos
 * tests control characters byte by byte ({@code iscntrl}); this also refuses the C1 controls (U+0080 to U+009F),
 * which some terminals and log readers take as line breaks.
 */
public final class MesosIds {

    /** An ID names a directory on a Mesos agent: at most NAME_MAX bytes. */
    public static final int MAX_BYTES = 255;

    private MesosIds() {
    }

    /** The problem with {@code id} in Mesos's words, or empty for a valid ID. */
    public static Optional<String> problem(String id) {
        if (id.isEmpty()) {
            return Optional.of("ID must not be empty");
        }
        if (id.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return Optional.of("ID must not be greater than " + MAX_BYTES + " characters");
        }
        if (id.equals(".") || id.equals("..")) {
            return Optional.of("'" + id + "' is disallowed");
        }
        if (id.chars().anyMatch(c -> Character.isISOControl(c) || c == '/' || c == '\\')) {
            return Optional.of("'" + id + "' contains invalid characters");
        }
        return Optional.empty();
    }
}
