package io.mesosbridge.migrate.cli;

/** What the exit status of mesos-migrate means. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int WARNINGS_UNDER_STRICT = 1;
    public static final int BAD_INPUT = 2;
    public static final int CANNOT_WRITE = 3;
    public static final int INTERNAL_ERROR = 70;

    private ExitCodes() {
    }
}
