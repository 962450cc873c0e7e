package io.mesosbridge.migrate.report;

/** Something that was not carried over exactly: where (input, JSON path or field) and what was done instead. */
public record Warning(String source, String place, String message) {

    public String describe() {
        return source + ": " + place + ": " + message;
    }
}
