package io.mesosbridge.operator.master;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** REVIVE and SUPPRESS naming a role that is invalid or not the framework's are dropped, as Master::revive drops. */
class SchedulerCallsRolesTest {

    @Test
    void aCallNamingOnlyTheFrameworksRolesIsKept() {
        assertThat(SchedulerCalls.dropReason(List.of("web", "db"), "revive role", List.of("db"))).isEmpty();
        assertThat(SchedulerCalls.dropReason(List.of("web"), "revive role", List.of())).isEmpty();
    }

    @Test
    void anUnknownOrInvalidRoleDropsTheWholeCall() {
        assertThat(SchedulerCalls.dropReason(List.of("web"), "suppression role", List.of("web", "other")))
                .hasValue("suppression role 'other' is not one of the frameworks's subscribed roles");
        assertThat(SchedulerCalls.dropReason(List.of("web"), "revive role", List.of("-x")))
                .hasValue("revive role '-x' is invalid: Role component '-x' is invalid because it starts with a dash");
    }
}
