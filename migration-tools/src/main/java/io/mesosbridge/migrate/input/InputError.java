package io.mesosbridge.migrate.input;

/**
 * Input that cannot be converted: malformed, of the wrong type, or of an unknown shape. It names the place
 * (source and JSON path, or line) so the CLI can print one clear line instead of a stack trace.
 */
public final class InputError extends RuntimeException {

    private final String source;
    private final String place;

    public InputError(String source, String place, String message) {
        super(message);
        this.source = source;
        this.place = place;
    }

    public String source() {
        return source;
    }

    public String place() {
        return place;
    }

    /** The same error, attributed to a source when the code that found it did not know the source's name. */
    public InputError in(String sourceName) {
        return source == null ? new InputError(sourceName, place, getMessage()) : this;
    }

    /** "apps/x.json: $.cpus: expected a number, found a string". */
    public String describe() {
        StringBuilder text = new StringBuilder();
        if (source != null) {
            text.append(source).append(": ");
        }
        if (place != null && !place.isEmpty()) {
            text.append(place).append(": ");
        }
        return text.append(getMessage()).toString();
    }
}
