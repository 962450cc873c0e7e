package io.mesosbridge.migrate.jobs;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.mesosbridge.conventions.PodSecurity;
import io.mesosbridge.migrate.input.InputError;
import io.mesosbridge.migrate.input.Source;
import io.mesosbridge.migrate.marathon.MarathonOptions;
import io.mesosbridge.migrate.report.Warning;
import io.mesosbridge.migrate.report.Warnings;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A job's Pod is hardened as a converted app's and a bridge task Pod's are: the same Mesos input, the same output. */
class JobHardeningTest {

    private final Warnings warnings = new Warnings();

    private PodSpec pod(String json) {
        JobConverter.Result result = new JobConverter(MarathonOptions.defaults(), "batch")
                .convert(List.of(new Source("jobs.json", json)), warnings);
        assertThat(result.errors()).extracting(InputError::describe).isEmpty();
        return ((CronJob) result.resources().get(0)).getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
    }

    @Test
    void aMetronomeJobRunsWithTheRuntimesSeccompProfileTheDefaultCapabilitiesAndNoEscalation() {
        PodSpec pod = pod("""
                {"id": "reports.daily", "run": {"cmd": "/opt/reports/run.sh", "cpus": 0.5, "mem": 256,
                  "docker": {"image": "registry.example.com/reports:3.1"}},
                 "schedules": [{"id": "daily", "cron": "0 6 * * *"}]}""");

        Container job = pod.getContainers().get(0);
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(job.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(job.getSecurityContext().getPrivileged()).isNull();
        assertThat(job.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(job.getSecurityContext().getCapabilities().getAdd())
                .containsExactlyElementsOf(PodSecurity.DEFAULT_TASK_CAPABILITIES);
        assertThat(pod.getSecurityContext().getRunAsUser()).as("no user: the image's").isNull();
    }

    @Test
    void aPrivilegedMetronomeJobStaysPrivilegedAndIsWarnedAbout() {
        PodSpec pod = pod("""
                {"id": "ops.disk-scrub", "run": {"cmd": "scrub --all", "cpus": 1, "mem": 128, "user": "root",
                  "docker": {"image": "registry.example.com/scrub:1", "privileged": true}},
                 "schedules": [{"id": "weekly", "cron": "0 3 * * 0"}]}""");

        assertThat(pod.getContainers().get(0).getSecurityContext().getPrivileged()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isZero();
        assertThat(warnings.all()).extracting(Warning::place).contains("$.run.docker.privileged");
    }

    @Test
    void aChronosContainerHasNoPrivilegedFieldSoItIsWarnedAsUnknownAndNotApplied() {
        PodSpec pod = pod("""
                {"name": "cleanup", "command": "find /data -mtime +7 -delete", "schedule": "R/2024-01-01T00:00:00Z/PT1H",
                 "epsilon": "PT5M", "owner": "ops@example.com",
                 "container": {"type": "DOCKER", "image": "busybox:1.36", "privileged": true}}""");

        Container job = pod.getContainers().get(0);
        assertThat(job.getSecurityContext().getPrivileged()).isNull();
        assertThat(job.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(warnings.all()).extracting(Warning::place).contains("$.container.privileged");
    }
}
