package io.mesosbridge.operator.allocation;

import io.mesosbridge.mesos.resources.Resources;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DominantShareTest {

    private final Resources cluster = Resources.of(Resources.scalar("cpus", 10), Resources.scalar("mem", 1000));

    @Test
    void theShareIsTheLargestFractionOfAnyResource() {
        Resources cpuHeavy = Resources.of(Resources.scalar("cpus", 5), Resources.scalar("mem", 100));
        Resources memHeavy = Resources.of(Resources.scalar("cpus", 1), Resources.scalar("mem", 800));

        assertThat(DominantShare.of(cpuHeavy, cluster)).isEqualTo(0.5);
        assertThat(DominantShare.of(memHeavy, cluster)).isEqualTo(0.8);
    }

    @Test
    void nothingAllocatedIsAZeroShareAndResourcesTheClusterLacksDoNotCount() {
        assertThat(DominantShare.of(Resources.empty(), cluster)).isZero();
        assertThat(DominantShare.of(Resources.of(Resources.scalar("gpus", 1)), cluster)).isZero();
    }
}
