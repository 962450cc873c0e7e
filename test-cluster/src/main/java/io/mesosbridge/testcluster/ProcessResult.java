package io.mesosbridge.testcluster;

/** What a finished command left: its exit code and its standard output and error, interleaved. */
public record ProcessResult(int exitCode, String output) {
}
