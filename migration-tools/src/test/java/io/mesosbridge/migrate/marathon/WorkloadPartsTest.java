package io.mesosbridge.migrate.marathon;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.mesosbridge.migrate.input.Source;
import io.mesosbridge.migrate.jobs.JobConverter;
import io.mesosbridge.migrate.report.Warning;
import io.mesosbridge.migrate.report.Warnings;
import io.mesosbridge.migrate.testing.Corpus;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WorkloadPartsTest {

    @Test
    void healthCapacityAndOverCapacityBecomePercentagesWithoutFloatingPointDrift() {
        assertThat(WorkloadParts.maxUnavailable(new BigDecimal("0.9")).getStrVal()).isEqualTo("10%");
        assertThat(WorkloadParts.maxUnavailable(new BigDecimal("0.7")).getStrVal()).isEqualTo("30%");
        assertThat(WorkloadParts.maxUnavailable(BigDecimal.ONE).getStrVal()).isEqualTo("0%");
        assertThat(WorkloadParts.maxUnavailable(BigDecimal.ZERO).getStrVal()).isEqualTo("100%");
        assertThat(WorkloadParts.maxSurge(new BigDecimal("0.2")).getStrVal()).isEqualTo("20%");
        assertThat(WorkloadParts.maxSurge(new BigDecimal("1.5")).getStrVal()).isEqualTo("100%");
    }

    @Test
    void noRoomToUpgradeGetsASurgeOfOneAndAWarning() {
        Corpus.Conversion conversion = Corpus.convertText("""
                {"id": "/tight", "cmd": "sleep 1", "container": {"docker": {"image": "busybox"}},
                 "upgradeStrategy": {"minimumHealthCapacity": 1, "maximumOverCapacity": 0}}""");
        Deployment d = conversion.result().all().stream().filter(Deployment.class::isInstance)
                .map(Deployment.class::cast).findFirst().orElseThrow();
        assertThat(d.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getIntVal()).isEqualTo(1);
        assertThat(conversion.warnings().all()).singleElement()
                .satisfies(w -> assertThat(w.place()).isEqualTo("$.upgradeStrategy"));
    }

    @Test
    void resourcesCoverFractionsDiskAndGpus() {
        Corpus.Conversion conversion = Corpus.convertText("""
                {"id": "/gpu", "cpus": 0.25, "mem": 0.5, "disk": 100, "gpus": 1.5,
                 "container": {"docker": {"image": "cuda"}},
                 "unreachableStrategy": {"inactiveAfterSeconds": 60, "expungeAfterSeconds": 120}}""");
        Deployment d = conversion.result().all().stream().filter(Deployment.class::isInstance)
                .map(Deployment.class::cast).findFirst().orElseThrow();
        var resources = d.getSpec().getTemplate().getSpec().getContainers().get(0).getResources();
        assertThat(resources.getRequests().get("cpu").toString()).isEqualTo("250m");
        assertThat(resources.getRequests().get("memory").toString()).isEqualTo("512Ki");
        assertThat(resources.getRequests().get("ephemeral-storage").toString()).isEqualTo("100Mi");
        assertThat(resources.getLimits().get("nvidia.com/gpu").toString()).isEqualTo("2");
        // An instance back within 120 s was kept by Marathon; an evicted pod is not.
        assertThat(conversion.warnings().all()).extracting(w -> w.place())
                .containsExactlyInAnyOrder("$.gpus", "$.unreachableStrategy.expungeAfterSeconds");
        assertThat(d.getSpec().getTemplate().getSpec().getTolerations()).hasSize(2)
                .allSatisfy(t -> assertThat(t.getTolerationSeconds()).isEqualTo(60L));
    }

    @Test
    void argsKeepTheImageEntrypointAndHostPortsAreKeptWhenRequired() {
        Corpus.Conversion conversion = Corpus.convertText("""
                {"id": "/args", "args": ["--port", "8080"], "requirePorts": true,
                 "portDefinitions": [{"port": 7777, "name": "api", "protocol": "udp,tcp"}],
                 "container": {"docker": {"image": "server"}}, "user": "nobody"}""");
        Deployment d = (Deployment) conversion.result().all().stream().filter(r -> r instanceof Deployment).findFirst().orElseThrow();
        var container = d.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getCommand()).isEmpty();
        assertThat(container.getArgs()).containsExactly("--port", "8080");
        assertThat(container.getPorts()).extracting(p -> p.getProtocol() + "/" + p.getContainerPort() + "/" + p.getHostPort() + "/" + p.getName())
                .containsExactly("UDP/7777/7777/api", "TCP/7777/7777/api-tcp");
        // nobody is in the bridge's user table (uid 65534), so it needs no warning.
        assertThat(d.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser()).isEqualTo(65534L);
        assertThat(conversion.warnings().all()).isEmpty();
    }

    @Test
    void onlyAContainerWithoutAnImageStartsInTheSandbox() {
        assertThat(WorkloadParts.workingDir(null)).isEqualTo(WorkloadParts.SANDBOX_PATH);
        assertThat(WorkloadParts.workingDir("acme/tool:3")).isNull();
    }

    @Test
    void aMesosContainerReachingFetchedFilesIsWarnedAboutAlikeForAnAppAndAJob() {
        Corpus.Conversion app = Corpus.convertText("""
                {"id": "/tool", "cmd": "./config-loader conf.yml",
                 "container": {"type": "MESOS", "docker": {"image": "acme/tool:3"}},
                 "fetch": [{"uri": "https://downloads.example.com/conf.yml"}]}""");
        Warnings jobWarnings = new Warnings();
        new JobConverter(MarathonOptions.defaults(), "batch").convert(List.of(new Source("job.json", """
                {"id": "tool.nightly", "run": {"cmd": "./config-loader conf.yml", "cpus": 0.5, "mem": 256,
                  "ucr": {"image": {"id": "acme/tool:3"}},
                  "artifacts": [{"uri": "https://downloads.example.com/conf.yml"}]},
                 "schedules": [{"id": "nightly", "cron": "0 3 * * *"}]}""")), jobWarnings);
        List<String> appWarning = app.warnings().all().stream().filter(w -> w.place().equals("$.cmd"))
                .map(Warning::message).toList();
        assertThat(appWarning).singleElement().asString().contains("WORKDIR").contains("$MESOS_SANDBOX");
        assertThat(jobWarnings.all()).filteredOn(w -> w.place().equals("$.run.cmd")).extracting(Warning::message)
                .isEqualTo(appWarning);
    }
}
