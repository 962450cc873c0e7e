package io.mesosbridge.migrate.jobs;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.mesosbridge.migrate.input.InputError;
import io.mesosbridge.migrate.input.Source;
import io.mesosbridge.migrate.marathon.MarathonOptions;
import io.mesosbridge.migrate.report.Warning;
import io.mesosbridge.migrate.report.Warnings;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Chronos's retries as its scheduler counts them, numeric users as uids, and the "did you mean" hint for misspelled
 * job fields.
 */
class JobRetriesUsersAndHintsTest {

    private final Warnings warnings = new Warnings();

    private CronJob cronJob(String json) {
        JobConverter.Result result = new JobConverter(MarathonOptions.defaults(), "batch")
                .convert(List.of(new Source("jobs.json", json)), warnings);
        assertThat(result.errors()).extracting(InputError::describe).isEmpty();
        List<HasMetadata> resources = result.resources();
        return (CronJob) resources.get(0);
    }

    private static JobSpec jobSpec(CronJob cron) {
        return cron.getSpec().getJobTemplate().getSpec();
    }

    private static PodSecurityContext podSecurity(CronJob cron) {
        return jobSpec(cron).getTemplate().getSpec().getSecurityContext();
    }

    private static String chronosJob(String retries) {
        return """
                {"name": "billing-export", "command": "/opt/billing/export.sh", "owner": "billing@example.com",
                 "schedule": "R/2024-01-01T02:00:00Z/P1D", "epsilon": "PT30M", "cpus": 0.5, "mem": 512,
                 "container": {"type": "DOCKER", "image": "registry.example.com/billing:1.4"}%s}"""
                .formatted(retries);
    }

    @Test
    void chronosRetriesZeroMeansTheFailedRunIsNotRetried() {
        assertThat(jobSpec(cronJob(chronosJob(", \"retries\": 0"))).getBackoffLimit()).isZero();
        assertThat(warnings.all()).extracting(Warning::place).doesNotContain("$.retries");
    }

    @Test
    void chronosRetriesAbsentIsChronosDefaultOfTwo() {
        assertThat(jobSpec(cronJob(chronosJob(""))).getBackoffLimit()).isEqualTo(2);
    }

    @Test
    void chronosRetriesAreReadAsJacksonsAsIntReadsThem() {
        assertThat(jobSpec(cronJob(chronosJob(", \"retries\": null"))).getBackoffLimit()).isZero();
        assertThat(jobSpec(cronJob(chronosJob(", \"retries\": \"4\""))).getBackoffLimit()).isEqualTo(4);
        assertThat(jobSpec(cronJob(chronosJob(", \"retries\": 1.9"))).getBackoffLimit()).isEqualTo(1);
        assertThat(jobSpec(cronJob(chronosJob(", \"retries\": -1"))).getBackoffLimit()).isZero();
        assertThat(jobSpec(cronJob(chronosJob(", \"retries\": \"twice\""))).getBackoffLimit()).isZero();
        assertThat(warnings.all()).singleElement().satisfies(w -> {
            assertThat(w.place()).isEqualTo("$.retries");
            assertThat(w.message()).contains("\"twice\" is not a number").contains("no retry");
        });
    }

    @Test
    void aNumericMetronomeUserIsThatUidWithoutAWarning() {
        CronJob cron = cronJob("""
                {"id": "etl.nightly-load", "run": {"cmd": "python /app/load.py", "cpus": 1, "mem": 1024,
                  "user": "1000", "docker": {"image": "registry.example.com/etl:2.3"}},
                 "schedules": [{"id": "nightly", "cron": "30 1 * * *"}]}""");
        assertThat(podSecurity(cron).getRunAsUser()).isEqualTo(1000L);
        assertThat(podSecurity(cron).getRunAsGroup()).isEqualTo(1000L);
        assertThat(warnings.all()).extracting(Warning::place).doesNotContain("$.run.user");
    }

    @Test
    void aNumericChronosRunAsUserIsThatUidEvenAsAJsonNumber() {
        CronJob cron = cronJob(chronosJob(", \"runAsUser\": 2001"));
        assertThat(podSecurity(cron).getRunAsUser()).isEqualTo(2001L);
        assertThat(warnings.all()).extracting(Warning::place).doesNotContain("$.runAsUser");
    }

    @Test
    void aUserNameRunsAsNobodyAsForAppsAndTheWarningSaysSo() {
        CronJob cron = cronJob("""
                {"id": "etl.nightly-load", "run": {"cmd": "python /app/load.py", "cpus": 1, "mem": 1024,
                  "user": "etl", "docker": {"image": "registry.example.com/etl:2.3"}},
                 "schedules": [{"id": "nightly", "cron": "30 1 * * *"}]}""");
        assertThat(podSecurity(cron).getRunAsUser()).isEqualTo(65534L);
        assertThat(warnings.all()).singleElement().satisfies(w -> {
            assertThat(w.place()).isEqualTo("$.run.user");
            assertThat(w.message()).contains("user etl is a name").contains("runs as uid 65534");
        });
    }

    @Test
    void aMisspelledJobFieldGetsTheSameHintAsAnAppField() {
        cronJob("""
                {"id": "etl.nightly-load", "run": {"cmd": "python /app/load.py", "cpus": 1, "mem": 1024,
                  "docker": {"image": "registry.example.com/etl:2.3", "forcePullImgae": true},
                  "restart": {"polcy": "ON_FAILURE"}},
                 "schedules": [{"id": "nightly", "cron": "30 1 * * *", "timeZone": "Europe/Paris"}]}""");
        assertThat(warnings.all()).extracting(w -> w.place() + ": " + w.message()).containsExactlyInAnyOrder(
                "$.run.docker.forcePullImgae: unknown field forcePullImgae (did you mean forcePullImage?);"
                        + " not carried over",
                "$.run.restart.polcy: unknown field polcy (did you mean policy?); not carried over",
                "$.schedules[0].timeZone: unknown field timeZone (did you mean timezone?); not carried over");
    }

    @Test
    void aMisspelledChronosFieldGetsTheHint() {
        cronJob(chronosJob(", \"retires\": 3"));
        assertThat(warnings.all()).extracting(w -> w.place() + ": " + w.message()).containsExactly(
                "$.retires: unknown field retires (did you mean retries?); not carried over");
    }
}
