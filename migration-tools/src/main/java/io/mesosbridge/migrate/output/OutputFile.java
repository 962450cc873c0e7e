package io.mesosbridge.migrate.output;

/** One file of output: its name inside the output folder and its content. */
public record OutputFile(String name, String content) {
}
