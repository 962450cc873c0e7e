package io.mesosbridge.migrate.jobs;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.mesosbridge.migrate.input.InputError;
import io.mesosbridge.migrate.input.Source;
import io.mesosbridge.migrate.marathon.MarathonOptions;
import io.mesosbridge.migrate.report.Warnings;
import org.junit.jupiter.api.Test;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JobConverterTest {

    static final String METRONOME = """
            {
              "id": "prod.example.backup",
              "description": "Nightly backup",
              "labels": {"team": "ops"},
              "run": {
                "cmd": "backup.sh --all",
                "cpus": 0.5, "mem": 256, "disk": 10,
                "docker": {"image": "example/backup:1.2"},
                "env": {"TARGET": "s3://bucket"},
                "placement": {"constraints": [{"attribute": "rack", "operator": "EQ", "value": "rack-2"}]},
                "artifacts": [{"uri": "https://example.com/backup.tgz", "extract": true}],
                "restart": {"policy": "ON_FAILURE", "activeDeadlineSeconds": 1200},
                "user": "root"
              },
              "schedules": [{"id": "nightly", "cron": "20 0 * * *", "timezone": "America/Chicago",
                             "startingDeadlineSeconds": 900, "concurrencyPolicy": "ALLOW", "enabled": true}]
            }""";

    static final String CHRONOS = """
            [{"name": "hourly report", "command": "python report.py", "shell": true, "epsilon": "PT30M",
              "retries": 3, "cpus": 0.1, "mem": 64, "schedule": "R/2014-03-08T20:17:00.000Z/PT2H",
              "container": {"type": "DOCKER", "image": "example/report"},
              "environmentVariables": [{"name": "MODE", "value": "full"}],
              "constraints": [["rack", "EQUALS", "rack-1"]], "owner": "ops@example.com"},
             {"name": "after-report", "command": "notify.sh", "parents": ["hourly report"],
              "container": {"type": "DOCKER", "image": "example/notify"}},
             {"name": "once", "command": "migrate.sh", "schedule": "R1/2030-01-01T00:00:00Z/PT1H",
              "container": {"type": "DOCKER", "image": "example/migrate"}}]""";

    private final Warnings warnings = new Warnings();

    private List<HasMetadata> convert(String json) {
        JobConverter.Result result = new JobConverter(MarathonOptions.defaults(), "batch")
                .convert(List.of(new Source("jobs.json", json)), warnings);
        assertThat(result.errors()).extracting(InputError::describe).isEmpty();
        return result.resources();
    }

    @Test
    void metronomeJobWithScheduleIsACronJob() {
        CronJob cron = (CronJob) convert(METRONOME).get(0);
        assertThat(cron.getMetadata().getName()).isEqualTo("prod-example-backup");
        assertThat(cron.getMetadata().getNamespace()).isEqualTo("batch");
        assertThat(cron.getMetadata().getLabels()).containsEntry("team", "ops");
        assertThat(cron.getSpec().getSchedule()).isEqualTo("20 0 * * *");
        assertThat(cron.getSpec().getTimeZone()).isEqualTo("America/Chicago");
        assertThat(cron.getSpec().getStartingDeadlineSeconds()).isEqualTo(900L);
        assertThat(cron.getSpec().getConcurrencyPolicy()).isEqualTo("Allow");
        assertThat(cron.getSpec().getSuspend()).isNull();
        var job = cron.getSpec().getJobTemplate().getSpec();
        assertThat(job.getBackoffLimit()).isEqualTo(6);
        assertThat(job.getActiveDeadlineSeconds()).isNull();
        var pod = job.getTemplate().getSpec();
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        Container main = pod.getContainers().get(0);
        assertThat(main.getImage()).isEqualTo("example/backup:1.2");
        assertThat(main.getCommand()).containsExactly("/bin/sh", "-c", "backup.sh --all");
        assertThat(main.getResources().getRequests().get("cpu").toString()).isEqualTo("500m");
        assertThat(main.getEnv()).anySatisfy(e -> assertThat(e.getName() + "=" + e.getValue()).isEqualTo("TARGET=s3://bucket"));
        assertThat(pod.getSecurityContext().getRunAsUser()).isZero();
        assertThat(pod.getInitContainers().get(0).getCommand().get(2)).contains("tar -xzf 'backup.tgz'");
        assertThat(pod.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms().get(0).getMatchExpressions().get(0).getValues()).containsExactly("rack-2");
        assertThat(warnings.all()).extracting(w -> w.place()).containsExactly("$.run.restart.activeDeadlineSeconds");
    }

    @Test
    void metronomeJobWithoutScheduleIsASuspendedCronJob() {
        CronJob cron = (CronJob) convert("{\"id\": \"adhoc\", \"run\": {\"cmd\": \"true\", \"docker\": {\"image\": \"busybox\"}}}").get(0);
        assertThat(cron.getSpec().getSuspend()).isTrue();
        assertThat(cron.getSpec().getJobTemplate().getSpec().getBackoffLimit()).isZero();
        assertThat(warnings.all()).singleElement().satisfies(w -> assertThat(w.message()).contains("kubectl create job --from=cronjob/adhoc"));
    }

    @Test
    void chronosJobsBecomeCronJobsSuspendedDependentsAndOneShotJobs() {
        List<HasMetadata> converted = convert(CHRONOS);
        CronJob hourly = (CronJob) converted.get(0);
        assertThat(hourly.getMetadata().getName()).isEqualTo("hourly-report");
        assertThat(hourly.getSpec().getSchedule()).isEqualTo("17 0/2 * * *");
        assertThat(hourly.getSpec().getTimeZone()).isEqualTo("Etc/UTC");
        assertThat(hourly.getSpec().getStartingDeadlineSeconds()).isEqualTo(1800L);
        assertThat(hourly.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
        assertThat(hourly.getSpec().getJobTemplate().getSpec().getBackoffLimit()).isEqualTo(3);
        assertThat(hourly.getMetadata().getAnnotations()).containsEntry("migration.mesosbridge.io/owner", "ops@example.com");

        CronJob dependent = (CronJob) converted.get(1);
        assertThat(dependent.getSpec().getSuspend()).isTrue();
        assertThat(dependent.getMetadata().getAnnotations()).containsEntry("migration.mesosbridge.io/chronos-parents", "hourly report");

        assertThat(converted.get(2)).isInstanceOf(Job.class);
        assertThat(warnings.all()).extracting(w -> w.place()).containsExactly("$[1].parents", "$[2].schedule");
    }

    @Test
    void chronosPeriodsMapToCronWhenExact() {
        ZonedDateTime start = ZonedDateTime.of(2024, 5, 6, 7, 30, 0, 0, ZoneOffset.UTC);
        assertThat(ChronosSchedule.cronFor("PT15M", start)).isEqualTo("0/15 * * * *");
        assertThat(ChronosSchedule.cronFor("PT24H", start)).isEqualTo("30 7 * * *");
        assertThat(ChronosSchedule.cronFor("P1D", start)).isEqualTo("30 7 * * *");
        assertThat(ChronosSchedule.cronFor("P1W", start)).isEqualTo("30 7 * * 1");
        assertThat(ChronosSchedule.cronFor("P1M", start)).isEqualTo("30 7 6 * *");
        assertThat(ChronosSchedule.cronFor("PT7M", start)).isNull();
        assertThat(ChronosSchedule.cronFor("P3D", start)).isNull();
    }

    @Test
    void unknownJobShapesAndBadSchedulesNameThePlace() {
        assertThat(errors("[{\"foo\": 1}]")).singleElement().extracting(InputError::describe).asString()
                .startsWith("jobs.json: $[0]: not a Metronome job");
        assertThat(errors("{\"name\": \"x\", \"command\": \"true\", \"schedule\": \"every hour\"}"))
                .singleElement().extracting(InputError::place).isEqualTo("$.schedule");
    }

    private List<InputError> errors(String json) {
        return new JobConverter(MarathonOptions.defaults(), "batch").convert(List.of(new Source("jobs.json", json)),
                warnings).errors();
    }
}
