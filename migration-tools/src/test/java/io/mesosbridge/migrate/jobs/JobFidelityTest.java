package io.mesosbridge.migrate.jobs;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
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

/** Metronome and Chronos jobs keep what they did on Mesos: restarts, docker parameters, secrets, time zones, resources. */
class JobFidelityTest {

    private final Warnings warnings = new Warnings();

    private List<HasMetadata> convert(String json) {
        JobConverter.Result result = new JobConverter(MarathonOptions.defaults(), "batch")
                .convert(List.of(new Source("jobs.json", json)), warnings);
        assertThat(result.errors()).extracting(InputError::describe).isEmpty();
        return result.resources();
    }

    private CronJob cronJob(String json) {
        return (CronJob) convert(json).get(0);
    }

    private static JobSpec jobSpec(CronJob cron) {
        return cron.getSpec().getJobTemplate().getSpec();
    }

    private static PodSpec pod(CronJob cron) {
        return jobSpec(cron).getTemplate().getSpec();
    }

    private List<String> warningPlaces() {
        return warnings.all().stream().map(Warning::place).toList();
    }

    @Test
    void restartWindowNeverBecomesADeadlineThatKillsARunningJob() {
        CronJob cron = cronJob("""
                {"id": "reports.rebuild-index",
                 "run": {"cmd": "./rebuild-index.sh", "cpus": 1, "mem": 2048, "docker": {"image": "example/indexer:3"},
                         "restart": {"policy": "ON_FAILURE", "activeDeadlineSeconds": 120}},
                 "schedules": [{"id": "nightly", "cron": "0 2 * * *", "timezone": "Europe/Berlin"}]}""");
        assertThat(jobSpec(cron).getActiveDeadlineSeconds()).isNull();
        assertThat(jobSpec(cron).getBackoffLimit()).isEqualTo(6);
        assertThat(warnings.all()).singleElement().satisfies(w -> {
            assertThat(w.place()).isEqualTo("$.run.restart.activeDeadlineSeconds");
            assertThat(w.message()).contains("120 s").contains("never stops a running one");
        });
    }

    @Test
    void restartWindowWithoutRelaunchesIsReportedAsHavingNoEffect() {
        CronJob cron = cronJob("""
                {"id": "cleanup", "run": {"cmd": "rm -rf /scratch/old", "docker": {"image": "busybox:1.36"},
                 "restart": {"policy": "NEVER", "activeDeadlineSeconds": 600}},
                 "schedules": [{"id": "s", "cron": "*/30 * * * *", "timezone": "UTC"}]}""");
        assertThat(jobSpec(cron).getActiveDeadlineSeconds()).isNull();
        assertThat(jobSpec(cron).getBackoffLimit()).isZero();
        assertThat(warnings.all()).singleElement().satisfies(w -> {
            assertThat(w.place()).isEqualTo("$.run.restart.activeDeadlineSeconds");
            assertThat(w.message()).contains("NEVER never relaunches");
        });
    }

    @Test
    void dockerParametersWithAPodCounterpartAreCarriedOverAndTheRestWarnedByPath() {
        CronJob cron = cronJob("""
                {"id": "ops.packet-capture",
                 "run": {"cmd": "tcpdump -i any -w $MESOS_SANDBOX/dump.pcap -G 300 -W 1", "cpus": 0.5, "mem": 256,
                         "env": {"CAPTURE_FILTER": "port 53", "TZ": "Europe/Paris"},
                         "docker": {"image": "example/netdebug:2024.1", "privileged": true,
                                    "parameters": [{"key": "cap-add", "value": "NET_ADMIN"},
                                                   {"key": "cap-add", "value": "CAP_NET_RAW"},
                                                   {"key": "cap-drop", "value": "mknod"},
                                                   {"key": "shm-size", "value": "256m"},
                                                   {"key": "pid", "value": "host"},
                                                   {"key": "ipc", "value": "host"},
                                                   {"key": "hostname", "value": "capture-1"},
                                                   {"key": "env", "value": "TZ=UTC"},
                                                   {"key": "env", "value": "AWS_PROFILE"},
                                                   {"key": "label", "value": "team=netops"},
                                                   {"key": "ulimit", "value": "nofile=65536:65536"}]}},
                 "schedules": [{"id": "hourly", "cron": "0 * * * *", "timezone": "UTC"}]}""");
        PodSpec pod = pod(cron);
        Container main = pod.getContainers().get(0);
        assertThat(main.getSecurityContext().getPrivileged()).isTrue();
        assertThat(main.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(main.getSecurityContext().getCapabilities().getAdd()).contains("NET_ADMIN", "NET_RAW", "CHOWN")
                .doesNotContain("MKNOD");
        assertThat(pod.getHostPID()).isTrue();
        assertThat(pod.getHostIPC()).isTrue();
        assertThat(pod.getHostname()).isEqualTo("capture-1");
        assertThat(pod.getVolumes()).filteredOn(v -> v.getEmptyDir() != null && v.getEmptyDir().getSizeLimit() != null)
                .singleElement().satisfies(v -> {
            assertThat(v.getEmptyDir().getMedium()).isEqualTo("Memory");
            assertThat(v.getEmptyDir().getSizeLimit().toString()).isEqualTo("256Mi");
            assertThat(main.getVolumeMounts()).anySatisfy(m -> {
                assertThat(m.getName()).isEqualTo(v.getName());
                assertThat(m.getMountPath()).isEqualTo("/dev/shm");
            });
        });
        // docker run takes the later -e of a name: the parameter's, after the job's env that Mesos passes first.
        assertThat(main.getEnv()).extracting(EnvVar::getName).containsOnlyOnce("TZ");
        assertThat(main.getEnv()).filteredOn(e -> e.getName().equals("TZ")).singleElement()
                .extracting(EnvVar::getValue).isEqualTo("UTC");
        assertThat(main.getEnv()).anySatisfy(e -> assertThat(e.getName() + "=" + e.getValue())
                .isEqualTo("CAPTURE_FILTER=port 53"));
        // as for apps: the host's PID and IPC namespaces and NET_ADMIN, NET_RAW need the privileged level, and so does
        // a privileged container
        assertThat(warningPlaces()).containsExactly("$.run.docker.parameters[8]", "$.run.docker.parameters[9]",
                "$.run.docker.parameters[10]", "$.run.docker.parameters", "$.run.docker.parameters",
                "$.run.docker.privileged");
        assertThat(warnings.all()).extracting(Warning::message)
                .anySatisfy(m -> assertThat(m).startsWith("shares the host's PID and IPC namespace"));
    }

    @Test
    void chronosDockerParametersAreReadToo() {
        CronJob cron = cronJob("""
                {"name": "spark-cleanup", "command": "cleanup.sh", "schedule": "R/2024-01-01T03:00:00Z/P1D",
                 "container": {"type": "DOCKER", "image": "example/cleanup",
                               "parameters": [{"key": "shm-size", "value": "1g"}, {"key": "memory-swap", "value": "-1"}]}}""");
        assertThat(pod(cron).getVolumes()).filteredOn(v -> v.getEmptyDir() != null && v.getEmptyDir().getSizeLimit() != null)
                .singleElement().satisfies(v -> assertThat(v.getEmptyDir().getSizeLimit().toString()).isEqualTo("1Gi"));
        assertThat(warningPlaces()).containsExactly("$.container.parameters[1]");
    }

    @Test
    void metronomeSecretVolumesBecomeSecretFiles() {
        CronJob cron = cronJob("""
                {"id": "backup.offsite",
                 "run": {"cmd": "rsync -e 'ssh -i /run/secrets/id_ed25519' -a /data/ backup@vault:/srv/",
                         "docker": {"image": "example/rsync:3.2"},
                         "secrets": {"sshKey": {"source": "/backup/ssh-key"}},
                         "volumes": [{"containerPath": "/run/secrets/id_ed25519", "secret": "sshKey"},
                                     {"containerPath": "/data", "hostPath": "/srv/data", "mode": "RO"}]},
                 "schedules": [{"id": "nightly", "cron": "30 1 * * *", "timezone": "UTC"}]}""");
        PodSpec pod = pod(cron);
        Container main = pod.getContainers().get(0);
        assertThat(pod.getVolumes()).filteredOn(v -> v.getSecret() != null).singleElement().satisfies(v -> {
            assertThat(v.getSecret().getSecretName()).isEqualTo("backup-ssh-key");
            assertThat(main.getVolumeMounts()).anySatisfy(m -> {
                assertThat(m.getName()).isEqualTo(v.getName());
                assertThat(m.getMountPath()).isEqualTo("/run/secrets/id_ed25519");
                assertThat(m.getSubPath()).isEqualTo("value");
                assertThat(m.getReadOnly()).isTrue();
            });
        });
        assertThat(main.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/data"));
        assertThat(warnings.all()).singleElement().satisfies(w -> {
            assertThat(w.place()).isEqualTo("$.run.volumes[0]");
            assertThat(w.message()).contains("Secret backup-ssh-key");
        });
    }

    @Test
    void scheduleWithoutTimezoneOrDeadlineRunsInUtcAndSkipsLateRunsAsMetronomeDid() {
        CronJob cron = cronJob("""
                {"id": "billing.invoices", "run": {"cmd": "bin/invoice --month", "docker": {"image": "example/billing:5"}},
                 "schedules": [{"id": "monthly", "cron": "0 6 1 * *", "concurrencyPolicy": "FORBID"}]}""");
        assertThat(cron.getSpec().getTimeZone()).isEqualTo("UTC");
        assertThat(cron.getSpec().getStartingDeadlineSeconds()).isEqualTo(900L);
        assertThat(cron.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
    }

    @Test
    void chronosNumericStringsAreReadAsChronosReadsThem() {
        CronJob cron = cronJob("""
                {"name": "dockerjob", "schedule": "R/2014-09-25T17:22:00Z/PT2M", "command": "while sleep 10; do date; done",
                 "container": {"type": "DOCKER", "image": "libmesos/ubuntu"},
                 "cpus": "0.5", "mem": "512", "disk": "1024", "retries": "1"}""");
        Container main = pod(cron).getContainers().get(0);
        assertThat(main.getResources().getRequests().get("cpu").toString()).isEqualTo("500m");
        assertThat(main.getResources().getRequests().get("memory").toString()).isEqualTo("512Mi");
        assertThat(main.getResources().getRequests().get("ephemeral-storage").toString()).isEqualTo("1024Mi");
        assertThat(jobSpec(cron).getBackoffLimit()).isEqualTo(1);
        assertThat(warnings.all()).isEmpty();
    }

    @Test
    void chronosFlagsWrittenAsTextAreReadAsChronosReadsThem() {
        CronJob cron = cronJob("""
                {"name": "etl-load", "command": "/opt/etl/load.sh", "arguments": ["--full"], "shell": "false",
                 "concurrent": "true", "disabled": "false", "schedule": "R/2024-03-01T04:00:00Z/P1D",
                 "container": {"type": "DOCKER", "image": "example/etl:7", "forcePullImage": "yes"}}""");
        Container main = pod(cron).getContainers().get(0);
        // Without a shell, Mesos's Docker containerizer runs docker run IMAGE command arguments...: ENTRYPOINT kept.
        assertThat(main.getCommand()).isNull();
        assertThat(main.getArgs()).containsExactly("/opt/etl/load.sh", "--full");
        assertThat(cron.getSpec().getConcurrencyPolicy()).isEqualTo("Allow");
        assertThat(cron.getSpec().getSuspend()).isNull();
        assertThat(main.getImagePullPolicy()).isNotEqualTo("Always");
        assertThat(warningPlaces()).containsExactly("$.container.forcePullImage");
    }

    @Test
    void chronosJobWithoutResourcesGetsChronosDefaults() {
        CronJob cron = cronJob("""
                {"name": "heartbeat", "command": "curl -fsS https://example.com/ping", "schedule": "R/2024-03-01T00:00:00Z/PT5M",
                 "container": {"type": "DOCKER", "image": "curlimages/curl"}, "cpus": 0, "mem": "lots"}""");
        Container main = pod(cron).getContainers().get(0);
        assertThat(main.getResources().getRequests().get("cpu").toString()).isEqualTo("100m");
        assertThat(main.getResources().getRequests().get("memory").toString()).isEqualTo("128Mi");
        assertThat(main.getResources().getLimits().get("memory").toString()).isEqualTo("128Mi");
        assertThat(main.getResources().getRequests().get("ephemeral-storage").toString()).isEqualTo("256Mi");
        assertThat(jobSpec(cron).getBackoffLimit()).isEqualTo(2);
        assertThat(warningPlaces()).containsExactly("$.mem");
    }

    @Test
    void metronomeCmdWithArgsInADockerImageIsPassedToTheEntrypointAsDockerDid() {
        CronJob cron = cronJob("""
                {"id": "etl.load",
                 "run": {"cmd": "/opt/etl/load.sh", "args": ["--date", "yesterday"], "cpus": 1, "mem": 512,
                         "docker": {"image": "example/etl:7"}},
                 "schedules": [{"id": "daily", "cron": "0 4 * * *", "timezone": "UTC"}]}""");
        Container main = pod(cron).getContainers().get(0);
        assertThat(main.getCommand()).isNull();
        assertThat(main.getArgs()).containsExactly("/opt/etl/load.sh", "--date", "yesterday");
        assertThat(warnings.all()).singleElement().satisfies(w -> {
            assertThat(w.place()).isEqualTo("$.run.cmd");
            assertThat(w.message()).contains("cmd and args are both set").contains("docker run IMAGE cmd args...");
        });
    }

    @Test
    void metronomeCmdWithArgsInAMesosContainerExecutesCmdWithArgsAsItsArgv() {
        CronJob cron = cronJob("""
                {"id": "reports.weekly",
                 "run": {"cmd": "/usr/bin/python3", "args": ["python3", "/app/report.py", "--week"],
                         "ucr": {"image": {"id": "example/reports:2", "kind": "docker"}}},
                 "schedules": [{"id": "weekly", "cron": "0 6 * * 1", "timezone": "UTC"}]}""");
        Container main = pod(cron).getContainers().get(0);
        // execlp(cmd, args[0], args[1], ...): args[0] is the program's name, the rest its arguments.
        assertThat(main.getCommand()).containsExactly("/usr/bin/python3", "/app/report.py", "--week");
        assertThat(main.getArgs()).isNull();
        assertThat(warningPlaces()).containsExactly("$.run.cmd");
    }

    @Test
    void metronomeCmdWithArgsWithoutAnImageRunsArgsAndIgnoresCmd() {
        CronJob cron = cronJob("""
                {"id": "ops.rotate-logs",
                 "run": {"cmd": "logrotate /etc/logrotate.conf", "args": ["/usr/sbin/logrotate", "-f", "/etc/logrotate.conf"]},
                 "schedules": [{"id": "nightly", "cron": "0 1 * * *", "timezone": "UTC"}]}""");
        Container main = pod(cron).getContainers().get(0);
        assertThat(main.getCommand()).containsExactly("/usr/sbin/logrotate", "-f", "/etc/logrotate.conf");
        assertThat(main.getArgs()).isNull();
        assertThat(warnings.all()).filteredOn(w -> w.place().equals("$.run.cmd")).singleElement()
                .satisfies(w -> assertThat(w.message()).contains("ran args and ignored cmd"));
    }

    @Test
    void metronomeArgsAloneAreTheImagesArgumentsWithAnImageAndTheCommandWithoutOne() {
        Container withImage = pod(cronJob("""
                {"id": "cache.warm", "run": {"args": ["--once", "--verbose"], "docker": {"image": "example/warmer:1"}},
                 "schedules": [{"id": "s", "cron": "*/15 * * * *", "timezone": "UTC"}]}""")).getContainers().get(0);
        assertThat(withImage.getCommand()).isNull();
        assertThat(withImage.getArgs()).containsExactly("--once", "--verbose");
        // Marathon's task builder makes args[0] the executable: the default image's entrypoint must not run.
        Container withoutImage = pod(cronJob("""
                {"id": "cache.check", "run": {"args": ["/usr/bin/env", "sh", "-c", "test -d /var/cache"]},
                 "schedules": [{"id": "s", "cron": "0 0 * * *", "timezone": "UTC"}]}""")).getContainers().get(0);
        assertThat(withoutImage.getCommand()).containsExactly("/usr/bin/env", "sh", "-c", "test -d /var/cache");
        assertThat(withoutImage.getArgs()).isNull();
    }

    @Test
    void workingDirectoryIsTheSandboxOnlyForJobsWithoutAnImage() {
        List<HasMetadata> jobs = convert("""
                [{"id": "build.docker", "run": {"cmd": "./run.sh", "docker": {"image": "example/builder:3"}}},
                 {"id": "build.ucr", "run": {"cmd": "./run.sh", "ucr": {"image": {"id": "example/builder:3"}}}},
                 {"id": "build.agent", "run": {"cmd": "./run.sh", "artifacts": [{"uri": "https://example.com/run.tgz"}]}},
                 {"name": "chronos-docker", "command": "./run.sh", "schedule": "R/2024-01-01T00:00:00Z/P1D",
                  "container": {"type": "DOCKER", "image": "example/builder:3"}},
                 {"name": "chronos-agent", "command": "./run.sh", "schedule": "R/2024-01-01T00:00:00Z/P1D"}]""");
        assertThat(jobs).extracting(j -> pod((CronJob) j).getContainers().get(0).getWorkingDir())
                .containsExactly(null, null, "/mnt/mesos/sandbox", null, "/mnt/mesos/sandbox");
    }

    @Test
    void aMesosContainerThatFetchesFilesIsWarnedThatItNoLongerStartsInTheSandbox() {
        CronJob cron = cronJob("""
                {"id": "ml.train", "run": {"cmd": "python3 train.py", "ucr": {"image": {"id": "python:3.12"}},
                 "artifacts": [{"uri": "https://example.com/train.py", "extract": false}]},
                 "schedules": [{"id": "s", "cron": "0 3 * * *", "timezone": "UTC"}]}""");
        assertThat(pod(cron).getContainers().get(0).getWorkingDir()).isNull();
        assertThat(warnings.all()).singleElement().satisfies(w -> {
            assertThat(w.place()).isEqualTo("$.run.cmd");
            assertThat(w.message()).contains("$MESOS_SANDBOX");
        });
    }

    @Test
    void metronomeFieldsWithoutCounterpartAndUnknownFieldsAreWarnedByPath() {
        CronJob cron = cronJob("""
                {"id": "data.export", "dependencies": [{"id": "data.import"}],
                 "run": {"cmd": "export.sh", "cpus": 0.5, "mem": 256, "disk": 0, "maxLaunchDelay": 600,
                         "ucr": {"image": {"id": "example/export:4", "kind": "docker", "forcePull": false},
                                 "privileged": true},
                         "networks": [{"mode": "container", "name": "dcos"}],
                         "restart": {"policy": "NEVER", "activeDeadlinSeconds": 60},
                         "secrets": {"token": {"source": "/data/token", "sourse": "x"}},
                         "env": {"TOKEN": {"secret": "token"}}},
                 "schedules": [{"id": "hourly", "cron": "0 * * * *", "timezone": "UTC",
                                "nextRunAt": "2024-05-06T08:00:00.000+0000"}],
                 "historySummary": {"successCount": 12, "failureCount": 0}}""");
        assertThat(warningPlaces()).containsExactlyInAnyOrder("$.dependencies", "$.run.ucr.privileged",
                "$.run.maxLaunchDelay", "$.run.networks[0]", "$.run.restart.activeDeadlinSeconds",
                "$.run.secrets.token.sourse");
        assertThat(cron.getMetadata().getAnnotations()).containsEntry("migration.mesosbridge.io/metronome-schedule-id", "hourly");
        assertThat(warnings.all()).filteredOn(w -> w.place().equals("$.run.restart.activeDeadlinSeconds"))
                .singleElement().satisfies(w -> assertThat(w.message()).startsWith("unknown field activeDeadlinSeconds"));
    }

    @Test
    void chronosFieldsWithoutCounterpartAndUnknownFieldsAreWarnedByPath() {
        CronJob cron = cronJob("""
                {"name": "nightly-rollup", "command": "rollup.sh", "arguments": ["--all"], "shell": true,
                 "schedule": "R/2024-03-01T02:00:00Z/P1D", "owner": "data@example.com", "ownerName": "Data team",
                 "async": true, "highPriority": true, "softError": false, "dataProcessingJobType": false,
                 "executor": "", "executorFlags": "", "maxCompletionTime": 3600, "errorsSinceLastSuccess": 0,
                 "successCount": 190, "errorCount": 3, "lastSuccess": "2024-03-08T02:10:17.507Z", "lastError": "",
                 "container": {"type": "docker", "image": "example/rollup:1", "network": "USER", "networkName": "calico"},
                 "fetch": [{"uri": "https://example.com/rollup.conf", "output_file": "conf/rollup.conf"}],
                 "lables": {"team": "data"}}""");
        assertThat(warningPlaces()).containsExactlyInAnyOrder("$.arguments", "$.async", "$.highPriority",
                "$.maxCompletionTime", "$.container.network", "$.container.networkName", "$.fetch[0].output_file", "$.lables");
        assertThat(cron.getMetadata().getAnnotations()).containsEntry("migration.mesosbridge.io/owner-name", "Data team");
        assertThat(pod(cron).getContainers().get(0).getCommand()).containsExactly("/bin/sh", "-c", "rollup.sh");
    }

    @Test
    void chronosArgumentsWithoutAShellAreAnArgvWhoseFirstElementIsTheProgramsName() {
        // The job of Chronos's API docs: Mesos runs execlp(command, "-verbose", "-debug").
        CronJob cron = cronJob("""
                {"name": "camus_kafka2hdfs", "command": "/srv/data-infra/kafka/camus/kafka_hdfs_job.bash",
                 "arguments": ["-verbose", "-debug"], "shell": false, "schedule": "R/2014-03-08T20:00:00.000Z/PT2H"}""");
        Container main = pod(cron).getContainers().get(0);
        assertThat(main.getCommand()).containsExactly("/srv/data-infra/kafka/camus/kafka_hdfs_job.bash", "-debug");
        assertThat(warnings.all()).filteredOn(w -> w.place().equals("$.arguments[0]")).singleElement()
                .satisfies(w -> assertThat(w.message()).contains("argv[0]").contains("\"-verbose\""));
    }
}
