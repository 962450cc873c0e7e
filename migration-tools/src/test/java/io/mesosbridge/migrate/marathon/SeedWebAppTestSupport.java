package io.mesosbridge.migrate.marathon;

/** The seed document's web-app, shared by tests in other packages. */
public final class SeedWebAppTestSupport {
    public static final String WEB_APP = SeedWebAppTest.WEB_APP;

    private SeedWebAppTestSupport() {
    }
}
