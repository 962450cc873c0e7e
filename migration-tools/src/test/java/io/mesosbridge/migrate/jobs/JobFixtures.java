package io.mesosbridge.migrate.jobs;

/** Metronome and Chronos job definitions shared by the unit tests and the cluster tests. */
public final class JobFixtures {
    public static final String METRONOME = JobConverterTest.METRONOME;
    public static final String CHRONOS = JobConverterTest.CHRONOS;

    private JobFixtures() {
    }
}
