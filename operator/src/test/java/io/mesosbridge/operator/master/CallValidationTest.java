package io.mesosbridge.operator.master;

import com.google.protobuf.ByteString;
import io.mesosbridge.mesos.v1.Protos.AgentID;
import io.mesosbridge.mesos.v1.Protos.FrameworkID;
import io.mesosbridge.mesos.v1.Protos.FrameworkInfo;
import io.mesosbridge.mesos.v1.Protos.TaskID;
import io.mesosbridge.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checks of Mesos's {@code validation::scheduler::call::validate}, in its words: the first problem found, whichever
 * API brought the call.
 */
class CallValidationTest {

    private static final FrameworkID FRAMEWORK = FrameworkID.newBuilder().setValue("m-0000").build();
    private static final Optional<String> UNAUTHENTICATED = Optional.empty();

    @Test
    void aCallWithoutTypeIsRefused() {
        assertThat(CallValidation.validate(Call.newBuilder().setFrameworkId(FRAMEWORK).build(), UNAUTHENTICATED))
                .contains("Expecting 'type' to be present");
        assertThat(CallValidation.validate(Call.getDefaultInstance(), UNAUTHENTICATED))
                .contains("Expecting 'type' to be present");
    }

    @Test
    void aSubscribeWithoutSubscribeIsRefused() {
        Call call = Call.newBuilder().setType(Call.Type.SUBSCRIBE).build();

        assertThat(CallValidation.validate(call, UNAUTHENTICATED)).contains("Expecting 'subscribe' to be present");
    }

    @Test
    void aFirstSubscribeWithoutAnyFrameworkIdIsValid() {
        assertThat(CallValidation.validate(subscribe(null, info(null, null)), UNAUTHENTICATED)).isEmpty();
    }

    @Test
    void aSubscribeWhoseFrameworkIdAgreesWithTheFrameworkInfoIsValid() {
        assertThat(CallValidation.validate(subscribe(FRAMEWORK, info(FRAMEWORK, null)), UNAUTHENTICATED)).isEmpty();
    }

    @Test
    void aSubscribeWhoseFrameworkIdDiffersFromTheFrameworkInfosIsRefused() {
        FrameworkID other = FrameworkID.newBuilder().setValue("m-0001").build();

        assertThat(CallValidation.validate(subscribe(FRAMEWORK, info(other, null)), UNAUTHENTICATED))
                .contains("'framework_id' differs from 'subscribe.framework_info.id'");
        assertThat(CallValidation.validate(subscribe(FRAMEWORK, info(null, null)), UNAUTHENTICATED))
                .contains("'framework_id' differs from 'subscribe.framework_info.id'");
    }

    /** Mesos compares {@code frameworkInfo.id() != call.framework_id()}: an absent id is the empty one. */
    @Test
    void aSubscribeWithoutFrameworkIdForAFrameworkInfoWithAnIdIsRefused() {
        assertThat(CallValidation.validate(subscribe(null, info(FRAMEWORK, null)), UNAUTHENTICATED))
                .contains("'framework_id' differs from 'subscribe.framework_info.id'");
    }

    /** Mesos compares the ids' values, so an empty framework_id agrees with a FrameworkInfo without an id. */
    @Test
    void aSubscribeWithAnEmptyFrameworkIdAgreesWithAFrameworkInfoWithoutId() {
        FrameworkID empty = FrameworkID.newBuilder().setValue("").build();

        assertThat(CallValidation.validate(subscribe(empty, info(null, null)), UNAUTHENTICATED)).isEmpty();
    }

    @Test
    void everyCallButSubscribeNeedsAFrameworkId() {
        for (Call.Type type : Call.Type.values()) {
            if (type == Call.Type.SUBSCRIBE) {
                continue;
            }
            assertThat(CallValidation.validate(Call.newBuilder().setType(type).build(), UNAUTHENTICATED))
                    .as("%s", type).contains("Expecting 'framework_id' to be present");
        }
    }

    @Test
    void eachCallTypeNeedsItsOwnMessage() {
        Map<Call.Type, String> needed = Map.ofEntries(
                entry(Call.Type.ACCEPT, "accept"),
                entry(Call.Type.DECLINE, "decline"),
                entry(Call.Type.ACCEPT_INVERSE_OFFERS, "accept_inverse_offers"),
                entry(Call.Type.DECLINE_INVERSE_OFFERS, "decline_inverse_offers"),
                entry(Call.Type.KILL, "kill"),
                entry(Call.Type.SHUTDOWN, "shutdown"),
                entry(Call.Type.ACKNOWLEDGE, "acknowledge"),
                entry(Call.Type.ACKNOWLEDGE_OPERATION_STATUS, "acknowledge_operation_status"),
                entry(Call.Type.RECONCILE, "reconcile"),
                entry(Call.Type.RECONCILE_OPERATIONS, "reconcile_operations"),
                entry(Call.Type.MESSAGE, "message"),
                entry(Call.Type.REQUEST, "request"),
                entry(Call.Type.UPDATE_FRAMEWORK, "update_framework"));

        needed.forEach((type, field) -> assertThat(CallValidation.validate(
                Call.newBuilder().setType(type).setFrameworkId(FRAMEWORK).build(), UNAUTHENTICATED))
                .as("%s", type).contains("Expecting '" + field + "' to be present"));
    }

    @Test
    void callsWhoseMessageIsOptionalAreValidWithoutIt() {
        for (Call.Type type : new Call.Type[] {
            Call.Type.TEARDOWN, Call.Type.REVIVE, Call.Type.SUPPRESS, Call.Type.UNKNOWN}) {
            assertThat(CallValidation.validate(Call.newBuilder().setType(type).setFrameworkId(FRAMEWORK).build(),
                    UNAUTHENTICATED)).as("%s", type).isEmpty();
        }
    }

    @Test
    void aCallWithItsMessageIsValid() {
        Call kill = Call.newBuilder().setType(Call.Type.KILL).setFrameworkId(FRAMEWORK)
                .setKill(Call.Kill.newBuilder().setTaskId(TaskID.newBuilder().setValue("t"))).build();
        Call acknowledge = acknowledge(uuid("6ba7b810-9dad-41d1-80b4-00c04fd430c8"));

        assertThat(CallValidation.validate(kill, UNAUTHENTICATED)).isEmpty();
        assertThat(CallValidation.validate(acknowledge, UNAUTHENTICATED)).isEmpty();
    }

    /** {@code id::UUID::fromBytes}: 16 bytes of a known UUID version, or "Not a valid UUID". */
    @Test
    void anAcknowledgeWhoseUuidIsNotAUuidIsRefused() {
        ByteString fifteenBytes = ByteString.copyFrom(new byte[15]);
        ByteString nilVersion = ByteString.copyFrom(new byte[16]);

        assertThat(CallValidation.validate(acknowledge(fifteenBytes), UNAUTHENTICATED)).contains("Not a valid UUID");
        assertThat(CallValidation.validate(acknowledge(nilVersion), UNAUTHENTICATED)).contains("Not a valid UUID");
    }

    @Test
    void anUpdateFrameworkForAnotherFrameworkThanTheCallsIsRefused() {
        Call call = Call.newBuilder().setType(Call.Type.UPDATE_FRAMEWORK).setFrameworkId(FRAMEWORK)
                .setUpdateFramework(Call.UpdateFramework.newBuilder()
                        .setFrameworkInfo(info(FrameworkID.newBuilder().setValue("m-0001").build(), null)))
                .build();

        assertThat(CallValidation.validate(call, UNAUTHENTICATED))
                .contains("'framework_id' differs from 'update_framework.framework_info.id'");
    }

    @Test
    void aSubscribeNamingAnotherPrincipalThanTheAuthenticatedOneIsRefused() {
        Call call = subscribe(null, info(null, "bob"));

        assertThat(CallValidation.validate(call, Optional.of("alice")))
                .contains("Authenticated principal 'alice' does not match principal 'bob' set in `FrameworkInfo`");
    }

    @Test
    void aSubscribeNamingTheAuthenticatedPrincipalOrNoneIsValid() {
        assertThat(CallValidation.validate(subscribe(null, info(null, "alice")), Optional.of("alice"))).isEmpty();
        assertThat(CallValidation.validate(subscribe(null, info(null, null)), Optional.of("alice"))).isEmpty();
        assertThat(CallValidation.validate(subscribe(null, info(null, "bob")), UNAUTHENTICATED)).isEmpty();
    }

    @Test
    void theFrameworkIdMismatchIsFoundBeforeThePrincipalMismatch() {
        Call call = subscribe(FRAMEWORK, info(FrameworkID.newBuilder().setValue("m-0001").build(), "bob"));

        assertThat(CallValidation.validate(call, Optional.of("alice")))
                .contains("'framework_id' differs from 'subscribe.framework_info.id'");
    }

    private static Call acknowledge(ByteString uuid) {
        return Call.newBuilder().setType(Call.Type.ACKNOWLEDGE).setFrameworkId(FRAMEWORK)
                .setAcknowledge(Call.Acknowledge.newBuilder().setAgentId(AgentID.newBuilder().setValue("a"))
                        .setTaskId(TaskID.newBuilder().setValue("t")).setUuid(uuid)).build();
    }

    private static ByteString uuid(String text) {
        java.util.UUID uuid = java.util.UUID.fromString(text);
        return ByteString.copyFrom(java.nio.ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits()).array());
    }

    private static Call subscribe(FrameworkID callId, FrameworkInfo info) {
        Call.Builder call = Call.newBuilder().setType(Call.Type.SUBSCRIBE)
                .setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(info));
        if (callId != null) {
            call.setFrameworkId(callId);
        }
        return call.build();
    }

    private static FrameworkInfo info(FrameworkID id, String principal) {
        FrameworkInfo.Builder info = FrameworkInfo.newBuilder().setUser("root").setName("marathon");
        if (id != null) {
            info.setId(id);
        }
        if (principal != null) {
            info.setPrincipal(principal);
        }
        return info.build();
    }

    @Test
    void aFrameworkInfoIsValidatedAsMesosValidatesIt() {
        FrameworkInfo plain = FrameworkInfo.newBuilder().setUser("u").setName("n").build();
        FrameworkInfo.Builder multiRole = plain.toBuilder().addCapabilities(FrameworkInfo.Capability.newBuilder()
                .setType(FrameworkInfo.Capability.Type.MULTI_ROLE));

        assertThat(CallValidation.validateFrameworkInfo(plain, java.util.List.of())).isEmpty();
        assertThat(CallValidation.validateFrameworkInfo(plain.toBuilder().setRole("a b").build(), java.util.List.of()))
                .contains("'FrameworkInfo.role' is not a valid role: Role component 'a b' is invalid because it"
                        + " contains backspace or whitespace");
        assertThat(CallValidation.validateFrameworkInfo(multiRole.clone().addRoles("x").addRoles("../y").build(),
                java.util.List.of())).contains("'FrameworkInfo.roles' contains invalid role: Role '../y' cannot"
                + " include '..' as a component");
        assertThat(CallValidation.validateFrameworkInfo(multiRole.clone().addRoles("x").addRoles("x").build(),
                java.util.List.of())).contains("'FrameworkInfo.roles' contains duplicate items: { x }");
        assertThat(CallValidation.validateFrameworkInfo(multiRole.clone().setRole("x").build(), java.util.List.of()))
                .contains("'FrameworkInfo.role' must not be set when the framework is MULTI_ROLE capable");
        assertThat(CallValidation.validateFrameworkInfo(plain.toBuilder().addRoles("x").build(), java.util.List.of()))
                .contains("'FrameworkInfo.roles' must not be set when the framework is not MULTI_ROLE capable");
        assertThat(CallValidation.validateFrameworkInfo(plain.toBuilder()
                .setId(FrameworkID.newBuilder().setValue("a/b")).build(), java.util.List.of()))
                .contains("'a/b' contains invalid characters");
    }

    @Test
    void suppressedRolesMustBeTheFrameworksOwn() {
        FrameworkInfo info = FrameworkInfo.newBuilder().setUser("u").setName("n").setRole("web").build();

        assertThat(CallValidation.validateFrameworkInfo(info, java.util.List.of("web"))).isEmpty();
        assertThat(CallValidation.validateFrameworkInfo(info, java.util.List.of("web", "db", "batch")))
                .contains("Suppressed roles { batch, db } are not contained in the set of roles");
    }
}
