package io.mesosbridge.migrate.marathon;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.mesosbridge.migrate.input.InputError;
import io.mesosbridge.migrate.report.Warning;
import io.mesosbridge.migrate.testing.Corpus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Marathon 1.10 resourceLimits, unreachableStrategy "disabled" and a tuned launch back-off. */
class LimitsAndLifecycleTest {

    private static final String REPORTING = """
            {"id": "/dev/reporting", "cmd": "./render-reports", "cpus": 1, "mem": 4096,
             "resourceLimits": {"cpus": "unlimited", "mem": 8192},
             "container": {"type": "DOCKER", "docker": {"image": "example/reporting:7"}}}""";

    private static PodSpec podSpec(Corpus.Conversion conversion) {
        return conversion.result().all().stream().filter(r -> r instanceof Deployment)
                .map(r -> ((Deployment) r).getSpec().getTemplate().getSpec()).findFirst().orElseThrow();
    }

    @Test
    void resourceLimitsRaiseTheMemoryLimitAndUnlimitedCpuHasNone() {
        ResourceRequirements resources = podSpec(Corpus.convertText(REPORTING)).getContainers().get(0).getResources();
        assertThat(resources.getRequests().get("memory").toString()).isEqualTo("4096Mi");
        assertThat(resources.getLimits().get("memory").toString()).isEqualTo("8192Mi");
        assertThat(resources.getLimits()).doesNotContainKey("cpu");
    }

    @Test
    void unlimitedMemoryDropsTheMemoryLimitAndANumericCpuLimitIsSet() {
        ResourceRequirements resources = podSpec(Corpus.convertText(REPORTING.replace(
                "{\"cpus\": \"unlimited\", \"mem\": 8192}", "{\"cpus\": 2.5, \"mem\": \"unlimited\"}")))
                .getContainers().get(0).getResources();
        assertThat(resources.getLimits()).containsOnlyKeys("cpu");
        assertThat(resources.getLimits().get("cpu").toString()).isEqualTo("2500m");
    }

    @Test
    void aLimitBelowTheRequestOrAnUnknownWordIsAnError() {
        assertThatThrownBy(() -> Corpus.convertText(REPORTING.replace("\"mem\": 8192", "\"mem\": 1024")))
                .isInstanceOf(InputError.class).hasMessageContaining("below the requested mem");
        assertThatThrownBy(() -> Corpus.convertText(REPORTING.replace("\"unlimited\"", "\"infinite\"")))
                .isInstanceOf(InputError.class).hasMessageContaining("expected a number or \"unlimited\"");
    }

    @Test
    void podContainersHaveTheirOwnResourceLimits() {
        Corpus.Conversion conversion = Corpus.convertText("""
                {"id": "/dev/bigbusiness", "scaling": {"kind": "fixed", "instances": 1},
                 "containers": [{"name": "sleep1", "exec": {"command": {"shell": "sleep 1000"}},
                   "image": {"kind": "DOCKER", "id": "busybox:1.36"},
                   "resources": {"cpus": 0.1, "mem": 32}, "resourceLimits": {"mem": 64}}]}""");
        ResourceRequirements resources = podSpec(conversion).getContainers().get(0).getResources();
        assertThat(resources.getLimits().get("memory").toString()).isEqualTo("64Mi");
        assertThat(conversion.warnings().all()).extracting(Warning::message).noneMatch(m -> m.contains("resourceLimits"));
    }

    @Test
    void unreachableDisabledKeepsThePodOnAnUnreachableNodeForEver() {
        PodSpec pod = podSpec(Corpus.convertText(REPORTING.replace("\"cpus\": 1,", "\"cpus\": 1, \"unreachableStrategy\": \"disabled\",")));
        assertThat(pod.getTolerations()).extracting(Toleration::getKey)
                .containsExactly("node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable");
        assertThat(pod.getTolerations()).allSatisfy(t -> {
            assertThat(t.getEffect()).isEqualTo("NoExecute");
            assertThat(t.getTolerationSeconds()).isNull();
        });
        assertThatThrownBy(() -> Corpus.convertText(REPORTING.replace("\"cpus\": 1,", "\"cpus\": 1, \"unreachableStrategy\": \"off\",")))
                .isInstanceOf(InputError.class).satisfies(e -> assertThat(((InputError) e).place()).isEqualTo("$.unreachableStrategy"));
    }

    @Test
    void aTunedLaunchBackoffIsWarnedAndMarathonsDefaultsAreNot() {
        Corpus.Conversion tuned = Corpus.convertText(REPORTING.replace("\"cpus\": 1,",
                "\"cpus\": 1, \"backoffSeconds\": 30, \"backoffFactor\": 2, \"maxLaunchDelaySeconds\": 900,"));
        assertThat(tuned.warnings().all()).filteredOn(w -> w.message().contains("launch back-off"))
                .extracting(Warning::place)
                .containsExactly("$.backoffSeconds", "$.backoffFactor", "$.maxLaunchDelaySeconds");
        Corpus.Conversion defaults = Corpus.convertText(REPORTING.replace("\"cpus\": 1,",
                "\"cpus\": 1, \"backoffSeconds\": 1, \"backoffFactor\": 1.15, \"maxLaunchDelaySeconds\": 3600,"));
        assertThat(defaults.warnings().all()).extracting(Warning::message).noneMatch(m -> m.contains("back-off"));
        Corpus.Conversion pod = Corpus.convertText("""
                {"id": "/jobs/poller", "scaling": {"kind": "fixed", "instances": 1},
                 "scheduling": {"backoff": {"backoff": 1, "backoffFactor": 1.15, "maxLaunchDelay": 60}},
                 "containers": [{"name": "poll", "exec": {"command": {"shell": "./poll"}},
                   "image": {"kind": "DOCKER", "id": "example/poller:1"}, "resources": {"cpus": 0.1, "mem": 32}}]}""");
        assertThat(pod.warnings().all()).filteredOn(w -> w.message().contains("launch back-off"))
                .extracting(Warning::place).containsExactly("$.scheduling.backoff.maxLaunchDelay");
    }
}
