package io.mesosbridge.migrate.input;

/** One input document: where it came from (a path, a URL or "<stdin>") and its text. */
public record Source(String name, String text) {
}
