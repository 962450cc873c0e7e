package io.mesosbridge.operator.roles;

import io.fabric8.kubernetes.api.model.Quantity;
import io.mesosbridge.mesos.v1.Protos.Value;
import io.mesosbridge.mesos.v1.quota.Protos.QuotaConfig;
import io.mesosbridge.mesos.v1.quota.Protos.QuotaInfo;
import io.mesosbridge.mesos.resources.Resources;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Weights and quotas: the --weights flag, Mesos's quota validation, the settings' updates and their ResourceQuota. */
class RoleSettingsTest {

    @Test
    void theWeightsFlagIsRoleEqualsWeightCommaSeparated() {
        assertThat(WeightsFlag.parse("gold=2, silver=1.5")).containsExactly(Map.entry("gold", 2.0),
                Map.entry("silver", 1.5));
        assertThat(WeightsFlag.parse("")).isEmpty();
        assertThatThrownBy(() -> WeightsFlag.parse("gold")).hasMessageContaining(
                "--weights should be in the form of 'role=weight,role=weight'");
        assertThatThrownBy(() -> WeightsFlag.parse("gold=0")).hasMessageContaining("Weights must be positive");
        assertThatThrownBy(() -> WeightsFlag.parse("-x=1")).hasMessageContaining("starts with a dash");
    }

    @Test
    void aRoleWithoutWeightWeighsOneAndAQuotaSetToNothingIsRemoved() {
        RoleSettings settings = RoleSettings.DEFAULT.withWeights(Map.of("a", 3.0))
                .withQuotas(Map.of("a", new Quota(Map.of("cpus", 1.0), Map.of())));

        assertThat(settings.weight("a")).isEqualTo(3.0);
        assertThat(settings.weight("b")).isEqualTo(1.0);
        assertThat(settings.quota("a").guarantees()).containsEntry("cpus", 1.0);
        assertThat(settings.withQuotas(Map.of("a", Quota.NONE)).quotas()).isEmpty();
    }

    @Test
    void quotaConfigsAreValidatedWithMesossMessages() {
        assertThat(QuotaValidation.problem(config("dev", Map.of("cpus", 1.0), Map.of("cpus", 2.0)))).isEmpty();
        assertThat(QuotaValidation.problem(config("dev", Map.of("cpus", 3.0), Map.of("cpus", 2.0))))
                .contains("'QuotaConfig.guarantees' {'cpus': 3} is not contained within the 'QuotaConfig.limits'"
                        + " {'cpus': 2}");
        assertThat(QuotaValidation.problem(config("dev", Map.of(), Map.of("cpus", -1.0))))
                .contains("Invalid limit configuration {'cpus': -1}: Negative values not supported");
        assertThat(QuotaValidation.problem(config("dev", Map.of("mem", 2e12), Map.of())))
                .contains("Invalid 'QuotaConfig.guarantees': {'mem': 2000000000000} is invalid: values greater than"
                        + " 1 exabyte (1099511627776) are not supported");
        assertThat(QuotaValidation.problem(config("-dev", Map.of(), Map.of()))).get().asString()
                .startsWith("Invalid 'QuotaConfig.role': ");
    }

    @Test
    void legacyQuotaInfosNeedAGuaranteeOfDistinctScalars() {
        QuotaInfo empty = QuotaInfo.newBuilder().setRole("dev").build();
        QuotaInfo twice = empty.toBuilder().addGuarantee(Resources.scalar("cpus", 1))
                .addGuarantee(Resources.scalar("cpus", 2)).build();

        assertThat(QuotaValidation.problem(empty)).contains("QuotaInfo with empty 'guarantee'");
        assertThat(QuotaValidation.problem(twice)).contains("QuotaInfo contains duplicate resource name 'cpus'");
        assertThat(QuotaValidation.problem(QuotaInfo.newBuilder().addGuarantee(Resources.ranges("ports", 1, 2))
                .setRole("dev").build())).contains("QuotaInfo must not include non-scalar resources");
    }

    @Test
    void limitsBecomeRequestsAndLimitsOfTheResourceQuota() {
        Map<String, Quantity> hard = ResourceQuotaProjection.hard(new Quota(Map.of("cpus", 9.0),
                Map.of("cpus", 1.5, "mem", 256.0, "gpus", 1.0, "custom", 4.0)));

        assertThat(hard).containsOnlyKeys("requests.cpu", "limits.cpu", "requests.memory", "limits.memory",
                "requests.nvidia.com/gpu");
        assertThat(hard.get("limits.cpu")).isEqualTo(new Quantity("1500m"));
        assertThat(hard.get("requests.memory")).isEqualTo(new Quantity("256Mi"));
        assertThat(ResourceQuotaProjection.hard(new Quota(Map.of("cpus", 1.0), Map.of())))
                .as("a guarantee alone is the allocator's business").isEmpty();
    }

    @Test
    void aQuotaRoundTripsThroughItsConfig() {
        Quota quota = new Quota(Map.of("cpus", 1.0), Map.of("cpus", 2.0, "mem", 64.0));

        QuotaConfig config = quota.toConfig("dev");

        assertThat(config.getLimitsMap()).containsEntry("mem", Value.Scalar.newBuilder().setValue(64).build());
        assertThat(Quota.of(config)).isEqualTo(quota);
    }

    private static QuotaConfig config(String role, Map<String, Double> guarantees, Map<String, Double> limits) {
        QuotaConfig.Builder config = QuotaConfig.newBuilder().setRole(role);
        guarantees.forEach((name, value) -> config.putGuarantees(name, Value.Scalar.newBuilder().setValue(value)
                .build()));
        limits.forEach((name, value) -> config.putLimits(name, Value.Scalar.newBuilder().setValue(value).build()));
        return config.build();
    }
}
