package io.mesosbridge.operator.master;

import io.mesosbridge.mesos.v1.Protos.FrameworkInfo;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a re-subscription or UPDATE_FRAMEWORK may not change, in Mesos's words. */
class FrameworkImmutabilityTest {

    private static final FrameworkInfo REGISTERED = FrameworkInfo.newBuilder()
            .setName("web").setUser("alice").setPrincipal("team-a").setCheckpoint(true).build();

    @Test
    void theSameIdentityMayChangeItsNameAndEverythingMutable() {
        assertThat(FrameworkLifecycle.immutableChange(REGISTERED,
                REGISTERED.toBuilder().setName("web-2").setFailoverTimeout(60).build())).isEmpty();
    }

    @Test
    void anotherPrincipalIsRefusedWithoutNamingTheRegisteredOne() {
        assertThat(FrameworkLifecycle.immutableChange(REGISTERED, REGISTERED.toBuilder().setPrincipal("mallory")
                .build())).contains("Changing framework's principal is not allowed.");
    }

    @Test
    void droppingOrAddingAPrincipalIsAChangeToo() {
        assertThat(FrameworkLifecycle.immutableChange(REGISTERED, REGISTERED.toBuilder().clearPrincipal().build()))
                .contains("Changing framework's principal is not allowed.");
        FrameworkInfo anonymous = REGISTERED.toBuilder().clearPrincipal().build();
        assertThat(FrameworkLifecycle.immutableChange(anonymous, REGISTERED))
                .contains("Changing framework's principal is not allowed.");
    }

    @Test
    void anotherUserOrCheckpointingIsUnsupported() {
        assertThat(FrameworkLifecycle.immutableChange(REGISTERED, REGISTERED.toBuilder().setUser("root").build()))
                .contains("Updating 'FrameworkInfo.user' is unsupported; attempted to update from 'alice' to 'root'");
        assertThat(FrameworkLifecycle.immutableChange(REGISTERED, REGISTERED.toBuilder().setCheckpoint(false).build()))
                .contains("Updating 'FrameworkInfo.checkpoint' is unsupported; attempted to update from 'true' to"
                        + " 'false'");
    }
}
