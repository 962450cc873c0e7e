package io.mesosbridge.migrate.inventory;

import io.mesosbridge.migrate.input.InputError;
import io.mesosbridge.migrate.input.Source;
import io.mesosbridge.migrate.report.Warnings;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MasterInventoryTest {

    static String state() throws IOException {
        try (InputStream in = MasterInventoryTest.class.getResourceAsStream("/master-state.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void sortsFrameworksTasksAndAgentsIntoCleanAndNeedsAPerson() throws IOException {
        MasterInventory.Report report = MasterInventory.read(new Source("state.json", state()), new Warnings());
        assertThat(report.master()).isEqualTo("mesos-master-1");
        assertThat(report.frameworks()).extracting(MasterInventory.FrameworkReport::kind).containsExactly(
                MasterInventory.FrameworkKind.OTHER, MasterInventory.FrameworkKind.SPARK, MasterInventory.FrameworkKind.MARATHON);
        MasterInventory.FrameworkReport marathon = report.frameworks().get(2);
        assertThat(marathon.nextStep()).isEqualTo("mesos-migrate marathon http://10.0.0.1:8080/v2/groups > apps.yaml");
        assertThat(marathon.tasks()).extracting(MasterInventory.TaskVerdict::clean).containsExactly(true, false);
        assertThat(marathon.tasks().get(1).needsPerson()).singleElement().asString().contains("no container image");
        MasterInventory.FrameworkReport custom = report.frameworks().get(0);
        assertThat(custom.tasks()).singleElement().satisfies(t ->
                assertThat(t.needsPerson()).anySatisfy(n -> assertThat(n).contains("custom executor")));
        assertThat(report.taskCount()).isEqualTo(4);
        assertThat(report.cleanTaskCount()).isEqualTo(1);
        assertThat(report.agents()).hasSize(2);
        assertThat(report.agents().get(1).reservedRoles()).containsExactly("analytics");
        assertThat(report.agents().get(0)).satisfies(a -> {
            assertThat(a.resources()).isEqualTo("cpus:4;mem:8192;disk:100000;ports:[8000-9000]");
            assertThat(a.attributes()).isEqualTo("datacenter:dc1;rack:rack1");
            assertThat(a.command()).isEqualTo("mesos-migrate agent-config --node mesos-slave-1 --resources"
                    + " 'cpus:4;mem:8192;disk:100000;ports:[8000-9000]' --attributes 'datacenter:dc1;rack:rack1'");
        });

        String markdown = ReportRenderer.markdown(report);
        assertThat(markdown).contains("| tasks that convert cleanly | 1 |").contains("| tasks that need a person | 3 |")
                .contains("### Example Framework (other)").contains("## Needs a person");
        assertThat(ReportRenderer.json(report)).contains("\"kind\" : \"MARATHON\"");
    }

    @Test
    void somethingElseIsRejectedWithItsPlace() {
        assertThatThrownBy(() -> MasterInventory.read(new Source("x.json", "{\"apps\": []}"), new Warnings()))
                .isInstanceOf(InputError.class)
                .satisfies(e -> assertThat(((InputError) e).describe()).isEqualTo("x.json: $: not a /master/state answer: it has no frameworks"));
    }
}
