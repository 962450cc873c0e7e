package io.mesosbridge.conventions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Probe;
import io.mesosbridge.conventions.HealthCheckProbes.Probes;
import io.mesosbridge.mesos.v1.Protos.CommandInfo;
import io.mesosbridge.mesos.v1.Protos.Environment;
import io.mesosbridge.mesos.v1.Protos.HealthCheck;
import org.junit.jupiter.api.Test;

class HealthCheckProbesTest {

    private static HealthCheck.Builder http(int port) {
        return HealthCheck.newBuilder().setType(HealthCheck.Type.HTTP)
                .setHttp(HealthCheck.HTTPCheckInfo.newBuilder().setPort(port));
    }

    private static HealthCheck.Builder command(CommandInfo.Builder command) {
        return HealthCheck.newBuilder().setType(HealthCheck.Type.COMMAND).setCommand(command);
    }

    @Test
    void anHttpHealthCheckBecomesStartupLivenessAndReadinessProbes() {
        Probes probes = HealthCheckProbes.of(HealthCheck.newBuilder()
                .setType(HealthCheck.Type.HTTP)
                .setHttp(HealthCheck.HTTPCheckInfo.newBuilder().setPort(8080).setPath("/health"))
                .setDelaySeconds(5).setIntervalSeconds(10).setTimeoutSeconds(2.5)
                .setConsecutiveFailures(4).setGracePeriodSeconds(25)
                .build());

        Probe startup = probes.startup();
        assertThat(startup.getHttpGet().getPort().getIntVal()).isEqualTo(8080);
        assertThat(startup.getHttpGet().getPath()).isEqualTo("/health");
        assertThat(startup.getHttpGet().getScheme()).isEqualTo("HTTP");
        assertThat(startup.getInitialDelaySeconds()).isEqualTo(5);
        assertThat(startup.getPeriodSeconds()).isEqualTo(10);
        assertThat(startup.getTimeoutSeconds()).isEqualTo(3);
        assertThat(startup.getFailureThreshold()).as("ceil(25 s / 10 s) grace checks, then the 4 that kill")
                .isEqualTo(3 + 4);
        Probe liveness = probes.liveness();
        assertThat(liveness.getHttpGet()).isEqualTo(startup.getHttpGet());
        assertThat(liveness.getInitialDelaySeconds()).isZero();
        assertThat(liveness.getPeriodSeconds()).isEqualTo(10);
        assertThat(liveness.getFailureThreshold()).isEqualTo(4);
        Probe readiness = probes.readiness();
        assertThat(readiness.getHttpGet()).isEqualTo(startup.getHttpGet());
        assertThat(readiness.getInitialDelaySeconds()).isZero();
        assertThat(readiness.getFailureThreshold()).isEqualTo(1);
    }

    @Test
    void withoutAGracePeriodTheDelayGoesOnTheLivenessAndReadinessProbes() {
        Probes probes = HealthCheckProbes.of(HealthCheck.newBuilder()
                .setType(HealthCheck.Type.TCP)
                .setTcp(HealthCheck.TCPCheckInfo.newBuilder().setPort(6379))
                .setGracePeriodSeconds(0)
                .build());

        assertThat(probes.startup()).isNull();
        assertThat(probes.liveness().getTcpSocket().getPort().getIntVal()).isEqualTo(6379);
        assertThat(probes.liveness().getInitialDelaySeconds()).isEqualTo(15);
        assertThat(probes.liveness().getPeriodSeconds()).isEqualTo(10);
        assertThat(probes.liveness().getTimeoutSeconds()).isEqualTo(20);
        assertThat(probes.liveness().getFailureThreshold()).isEqualTo(3);
        assertThat(probes.readiness().getTcpSocket()).isEqualTo(probes.liveness().getTcpSocket());
        assertThat(probes.readiness().getInitialDelaySeconds()).isEqualTo(15);
        assertThat(probes.readiness().getFailureThreshold()).isEqualTo(1);
    }

    @Test
    void unsetFieldsHaveTheirMesosDefaults() {
        Probes probes = HealthCheckProbes.of(http(80).build());

        assertThat(probes.startup().getInitialDelaySeconds()).as("delay 15 s").isEqualTo(15);
        assertThat(probes.startup().getPeriodSeconds()).as("interval 10 s").isEqualTo(10);
        assertThat(probes.startup().getTimeoutSeconds()).as("timeout 20 s").isEqualTo(20);
        assertThat(probes.startup().getFailureThreshold()).as("grace 10 s, then 3 failures").isEqualTo(1 + 3);
        assertThat(probes.liveness().getFailureThreshold()).isEqualTo(3);
        assertThat(probes.startup().getHttpGet().getPath()).isEqualTo("/");
    }

    @Test
    void zeroConsecutiveFailuresKillsOnTheFirstFailureAsMesosDoes() {
        Probes probes = HealthCheckProbes.of(http(80).setConsecutiveFailures(0).setGracePeriodSeconds(30)
                .setIntervalSeconds(10).build());

        assertThat(probes.liveness().getFailureThreshold()).isEqualTo(1);
        assertThat(probes.startup().getFailureThreshold()).isEqualTo(3 + 1);
    }

    @Test
    void aGracePeriodThatIsNotAWholeNumberOfIntervalsIsRoundedUp() {
        Probes probes = HealthCheckProbes.of(http(80).setGracePeriodSeconds(21).setIntervalSeconds(10)
                .setConsecutiveFailures(2).build());

        assertThat(probes.startup().getFailureThreshold())
                .as("probes at 15, 25, 35 and 45 s: the 4th, which kills, is after 21 s of grace and 2 intervals")
                .isEqualTo(4);
    }

    @Test
    void withoutADelayTheStartupProbeToleratesTheFailuresThatFollowTheGrace() {
        // Marathon's own checks have no delay: failures during the 10 s of grace, then 3 tolerated ones.
        Probes probes = HealthCheckProbes.of(http(80).setDelaySeconds(0).setGracePeriodSeconds(10)
                .setIntervalSeconds(5).setConsecutiveFailures(3).build());

        assertThat(probes.startup().getInitialDelaySeconds()).isZero();
        assertThat(probes.startup().getFailureThreshold())
                .as("probes at 0..25 s: the one at 25 s = 10 s + 3 * 5 s is the 6th").isEqualTo(6);
    }

    @Test
    void aDelayPastTheGracePeriodStillWaitsForTheFailuresThatKill() {
        Probes pastTheBudget = HealthCheckProbes.of(http(80).setDelaySeconds(30).setGracePeriodSeconds(10)
                .setIntervalSeconds(10).setConsecutiveFailures(3).build());
        Probes withinTheBudget = HealthCheckProbes.of(http(80).setDelaySeconds(15).setGracePeriodSeconds(10)
                .setIntervalSeconds(10).setConsecutiveFailures(3).build());

        assertThat(pastTheBudget.startup().getFailureThreshold()).as("Mesos counts every check after 10 s")
                .isEqualTo(3);
        assertThat(withinTheBudget.startup().getFailureThreshold()).as("probes at 15..45 s; 45 s >= 10 s + 30 s")
                .isEqualTo(4);
    }

    /**
     * For every timing, the killing probe comes no sooner than grace + failures * interval after the container
     * started, one probe sooner would not, and Mesos (which ignores the checks up to the end of the grace period,
     * then kills on the consecutive_failures-th) would not have waited longer.
     */
    @Test
    void theStartupBudgetIsGracePlusTheKillingFailuresForEveryTiming() {
        for (int delay : new int[] {0, 3, 15, 40}) {
            for (int grace : new int[] {1, 10, 21, 60, 300}) {
                for (int interval : new int[] {1, 2, 5, 10, 60}) {
                    for (int failures : new int[] {0, 1, 2, 3, 7}) {
                        Probe startup = HealthCheckProbes.of(http(80).setDelaySeconds(delay)
                                .setGracePeriodSeconds(grace).setIntervalSeconds(interval)
                                .setConsecutiveFailures(failures).build()).startup();
                        int killing = Math.max(1, failures);
                        int threshold = startup.getFailureThreshold();
                        String timing = "delay %d, grace %d, interval %d, failures %d"
                                .formatted(delay, grace, interval, failures);
                        int budget = grace + killing * interval;
                        assertThat(delay + (threshold - 1) * interval).as(timing).isGreaterThanOrEqualTo(budget);
                        if (threshold > killing) {
                            assertThat(delay + (threshold - 2) * interval).as(timing).isLessThan(budget);
                        }
                        int ignoredByMesos = grace >= delay ? (grace - delay) / interval + 1 : 0;
                        assertThat(threshold).as(timing).isGreaterThanOrEqualTo(ignoredByMesos + killing);
                    }
                }
            }
        }
    }

    @Test
    void subSecondIntervalsAndTimeoutsBecomeOneSecond() {
        Probes probes = HealthCheckProbes.of(http(80).setIntervalSeconds(0.2).setTimeoutSeconds(0).build());

        assertThat(probes.liveness().getPeriodSeconds()).isEqualTo(1);
        assertThat(probes.liveness().getTimeoutSeconds()).isEqualTo(1);
    }

    @Test
    void theHttpsSchemeIsKeptWhateverItsCase() {
        Probes probes = HealthCheckProbes.of(HealthCheck.newBuilder().setType(HealthCheck.Type.HTTP)
                .setHttp(HealthCheck.HTTPCheckInfo.newBuilder().setPort(8443).setScheme("https")).build());

        assertThat(probes.liveness().getHttpGet().getScheme()).isEqualTo("HTTPS");
    }

    @Test
    void aCommandHealthCheckRunsLikeACommand() {
        Probes probes = HealthCheckProbes.of(command(CommandInfo.newBuilder().setValue("test -f /tmp/ok")).build());

        assertThat(probes.liveness().getExec().getCommand()).containsExactly("/bin/sh", "-c", "test -f /tmp/ok");
    }

    @Test
    void aPlainCommandExecsTheValueWithTheArgumentsAfterArgvZero() {
        Probes probes = HealthCheckProbes.of(command(CommandInfo.newBuilder().setShell(false)
                .setValue("/usr/bin/check").addArguments("check").addArguments("--quick")).build());

        assertThat(probes.liveness().getExec().getCommand()).containsExactly("/usr/bin/check", "--quick");
    }

    @Test
    void whatAProbeCannotExpressIsRejectedWithTheReason() {
        assertUnsupported(http(80).setHttp(HealthCheck.HTTPCheckInfo.newBuilder().setPort(80).setScheme("ftp")),
                "scheme 'ftp'");
        assertUnsupported(command(CommandInfo.newBuilder().setValue("check").setUser("nobody")), "user");
        assertUnsupported(command(CommandInfo.newBuilder().setValue("check")
                .setEnvironment(Environment.getDefaultInstance())), "environment");
        assertUnsupported(command(CommandInfo.newBuilder().setShell(true)), "CommandInfo.value");
        assertUnsupported(HealthCheck.newBuilder().setType(HealthCheck.Type.HTTP), "HealthCheck.http");
        assertUnsupported(HealthCheck.newBuilder().setType(HealthCheck.Type.TCP), "HealthCheck.tcp");
        assertUnsupported(HealthCheck.newBuilder(), "type UNKNOWN");
        assertUnsupported(http(0), "port 0 is not a port number");
        assertUnsupported(HealthCheck.newBuilder().setType(HealthCheck.Type.TCP)
                .setTcp(HealthCheck.TCPCheckInfo.newBuilder().setPort(70000)), "port 70000");
    }

    private static void assertUnsupported(HealthCheck.Builder check, String reason) {
        assertThatThrownBy(() -> HealthCheckProbes.of(check.build()))
                .isInstanceOf(UnsupportedHealthCheckException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }
}
