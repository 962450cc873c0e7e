package io.mesosbridge.crds;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The Helm chart ships exactly the CRDs generated from this module's classes (regenerate by copying them). */
class ChartCrdsTest {

    private static final Path CHART_CRDS = Path.of("..", "charts", "mesos-bridge", "crds");

    @Test
    void theChartsCrdsAreTheGeneratedOnes() throws IOException {
        for (CustomResourceDefinition generated : CrdManifests.all()) {
            String plural = generated.getSpec().getNames().getPlural();
            Path shipped = CHART_CRDS.resolve(plural + ".yaml");
            assertThat(shipped).as("chart CRD for %s", plural).exists();
            try (InputStream in = Files.newInputStream(shipped)) {
                CustomResourceDefinition inChart = Serialization.unmarshal(in, CustomResourceDefinition.class);
                assertThat(inChart.getSpec())
                        .as("%s differs from the generated CRD: copy crds/target/classes/META-INF/fabric8/%s-v1.yml",
                                shipped, generated.getMetadata().getName())
                        .isEqualTo(generated.getSpec());
            }
        }
    }
}
