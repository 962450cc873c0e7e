package io.mesosbridge.operator.master;

import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.v1.Protos.Resource;
import io.mesosbridge.mesos.v1.Protos.Value;
import io.mesosbridge.mesos.v1.Protos.WeightInfo;
import io.mesosbridge.mesos.v1.master.Protos.Call;
import io.mesosbridge.mesos.v1.master.Protos.Response;
import io.mesosbridge.mesos.v1.quota.Protos.QuotaConfig;
import io.mesosbridge.mesos.v1.quota.Protos.QuotaInfo;
import io.mesosbridge.mesos.v1.quota.Protos.QuotaRequest;
import io.mesosbridge.mesos.v1.quota.Protos.QuotaStatus;
import io.mesosbridge.operator.agents.Agent;
import io.mesosbridge.operator.agents.AgentDirectory;
import io.mesosbridge.operator.allocation.Allocator;
import io.mesosbridge.operator.authorization.Action;
import io.mesosbridge.operator.authorization.Authorizer;
import io.mesosbridge.operator.authorization.Subject;
import io.mesosbridge.operator.frameworks.Framework;
import io.mesosbridge.operator.frameworks.FrameworkRegistry;
import io.mesosbridge.operator.offers.Offer;
import io.mesosbridge.operator.offers.OfferBook;
import io.mesosbridge.operator.offers.Offers;
import io.mesosbridge.operator.roles.Quota;
import io.mesosbridge.operator.roles.QuotaValidation;
import io.mesosbridge.operator.roles.RoleSettings;
import io.mesosbridge.operator.roles.RoleSettingsStore;
import io.mesosbridge.operator.validation.MesosRoles;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The weights and quota calls of the operator API and their {@code /weights} and {@code /quota} endpoints, checked
 * and answered as Mesos 1.11's weights and quota handlers do (src/master/weights_handler.cpp, quota_handler.cpp):
 * the same validation, ACLs (update_weights, get_quotas, update_quotas), status codes and messages. A change is
 * stored, the allocator is told, and outstanding offers are rescinded so that they are made again under it.
 */
@ApplicationScoped
public class RoleSettingsCalls {

    private final RoleSettingsStore store;
    private final Authorizer authorizer;
    private final AgentDirectory agents;
    private final Allocator allocator;
    private final FrameworkRegistry frameworks;
    private final OfferBook book;
    private final Offers offers;

    public RoleSettingsCalls(RoleSettingsStore store, Authorizer authorizer, AgentDirectory agents,
                             Allocator allocator, FrameworkRegistry frameworks, OfferBook book, Offers offers) {
        this.store = store;
        this.authorizer = authorizer;
        this.agents = agents;
        this.allocator = allocator;
        this.frameworks = frameworks;
        this.book = book;
        this.offers = offers;
    }

    public RoleSettings current() {
        return store.current();
    }

    /** GET_WEIGHTS and {@code GET /weights}: the weights of the roles the subject may view (view_roles). */
    public Response.GetWeights weights(Subject subject) {
        Response.GetWeights.Builder answer = Response.GetWeights.newBuilder();
        new TreeMap<>(store.current().weights()).forEach((role, weight) -> {
            if (authorizer.authorized(subject, Action.VIEW_ROLE, role)) {
                answer.addWeightInfos(WeightInfo.newBuilder().setRole(role).setWeight(weight));
            }
        });
        return answer.build();
    }

    /** UPDATE_WEIGHTS and {@code PUT /weights}. */
    public CallResult updateWeights(List<WeightInfo> infos, Subject subject) {
        Map<String, Double> weights = new LinkedHashMap<>();
        for (WeightInfo info : infos) {
            String role = info.getRole().trim();
            Optional<String> problem = MesosRoles.problem(role);
            if (problem.isPresent()) {
                return CallResult.invalid("Failed to validate update weights request JSON: Invalid role '" + role
                        + "': " + problem.get());
            }
            if (!(info.getWeight() > 0)) {
                return CallResult.invalid("Failed to validate update weights request JSON for role '" + role
                        + "': Invalid weight '" + QuotaValidation.number(info.getWeight())
                        + "': Weights must be positive");
            }
            weights.put(role, info.getWeight());
        }
        if (!authorizer.authorizedForEach(subject, Action.UPDATE_WEIGHT, weights.keySet())) {
            return CallResult.forbidden("");
        }
        store.updateWeights(weights);
        if (weights.keySet().stream().anyMatch(this::isActive)) {
            rescindAll("the weights of roles " + weights.keySet() + " changed");
        }
        return CallResult.ok();
    }

    /** GET_QUOTA and {@code GET /quota}: the quotas of the roles the subject may see (get_quotas). */
    public QuotaStatus quotaStatus(Subject subject) {
        QuotaStatus.Builder status = QuotaStatus.newBuilder();
        new TreeMap<>(store.current().quotas()).forEach((role, quota) -> {
            if (authorizer.authorized(subject, Action.GET_QUOTA, role)) {
                QuotaInfo.Builder info = QuotaInfo.newBuilder().setRole(role);
                new TreeMap<>(quota.guarantees()).forEach((name, amount) ->
                        info.addGuarantee(Resources.scalar(name, amount)));
                status.addInfos(info);
                status.addConfigs(quota.toConfig(role));
            }
        });
        return status.build();
    }

    /** UPDATE_QUOTA (Mesos 1.9+): guarantees and limits per role; {@code force} skips the two capacity checks. */
    public CallResult updateQuota(Call.UpdateQuota update, Subject subject) {
        for (QuotaConfig config : update.getQuotaConfigsList()) {
            if (config.getRole().contains("/")) {
                return CallResult.invalid("Updating quota on nested role '" + config.getRole()
                        + "' is not supported yet");
            }
            Optional<String> problem = QuotaValidation.problem(config);
            if (problem.isPresent()) {
                return CallResult.invalid("Invalid QuotaConfig: " + problem.get());
            }
        }
        Map<String, Quota> updated = new LinkedHashMap<>();
        for (QuotaConfig config : update.getQuotaConfigsList()) {
            Quota quota = Quota.of(config);
            Map<String, Double> consumed = consumedQuota(config.getRole());
            if (!QuotaValidation.withinLimits(consumed, quota.limits()) && !update.getForce()) {
                return CallResult.invalid("Invalid QuotaConfig: Role '" + config.getRole() + "' is already"
                        + " consuming '" + QuotaValidation.quantities(consumed) + "'; this is more than the requested"
                        + " limits '" + QuotaValidation.quantities(quota.limits()) + "' (use 'force' flag to bypass"
                        + " this check)");
            }
            updated.put(config.getRole(), quota);
        }
        RoleSettings next = store.current().withQuotas(updated);
        Optional<String> overcommit = overcommit(next);
        if (overcommit.isPresent() && !update.getForce()) {
            return CallResult.invalid("Invalid QuotaConfig: " + overcommit.get()
                    + " (use 'force' flag to bypass this check)");
        }
        if (!authorizer.authorizedForEach(subject, Action.UPDATE_QUOTA, updated.keySet())) {
            return CallResult.forbidden("");
        }
        store.updateQuotas(updated);
        rescindAll("the quotas of roles " + updated.keySet() + " changed");
        return CallResult.ok();
    }

    /** The deprecated SET_QUOTA and {@code POST /quota}: the guarantee is the limit too. */
    public CallResult setQuota(QuotaRequest request, Subject subject) {
        QuotaInfo info = QuotaInfo.newBuilder().setRole(request.getRole())
                .addAllGuarantee(request.getGuaranteeList()).build();
        try {
            Resources.of(info.getGuaranteeList());
        } catch (IllegalArgumentException e) {
            return CallResult.invalid("Failed to validate set quota request: QuotaInfo with invalid resource: "
                    + e.getMessage());
        }
        Optional<String> problem = QuotaValidation.problem(info);
        if (problem.isPresent()) {
            return CallResult.invalid("Failed to validate set quota request: " + problem.get());
        }
        if (store.current().quotas().containsKey(info.getRole())) {
            return CallResult.invalid("Failed to validate set quota request: Cannot set quota for role '"
                    + info.getRole() + "' which already has quota");
        }
        if (info.getRole().contains("/")) {
            return CallResult.invalid("Setting quota on nested role '" + info.getRole() + "' is not supported yet");
        }
        Map<String, Double> amounts = new TreeMap<>();
        for (Resource resource : info.getGuaranteeList()) {
            amounts.put(resource.getName(), resource.getScalar().getValue());
        }
        Quota quota = new Quota(amounts, amounts);
        Optional<String> overcommit = overcommit(store.current().withQuotas(Map.of(info.getRole(), quota)));
        if (overcommit.isPresent() && !request.getForce()) {
            return CallResult.conflict("Quota guarantees overcommit the cluster (use 'force' to bypass this"
                    + " check): T" + overcommit.get().substring(1));
        }
        if (!authorizer.authorized(subject, Action.UPDATE_QUOTA, info.getRole())) {
            return CallResult.forbidden("");
        }
        store.updateQuotas(Map.of(info.getRole(), quota));
        rescindAll("role " + info.getRole() + " was given quota");
        return CallResult.ok();
    }

    /** The deprecated REMOVE_QUOTA; {@code path} is the endpoint's path for its messages, or empty for the call. */
    public CallResult removeQuota(String role, String path, Subject subject) {
        if (!store.current().quotas().containsKey(role)) {
            return CallResult.invalid(path.isEmpty()
                    ? "Failed to remove quota: Role '" + role + "' has no quota set"
                    : "Failed to remove quota for path '" + path + "': Role '" + role + "' has no quota set");
        }
        if (!authorizer.authorized(subject, Action.UPDATE_QUOTA, role)) {
            return CallResult.forbidden("");
        }
        store.updateQuotas(Map.of(role, Quota.NONE));
        return CallResult.ok();
    }

    /**
     * What a role consumes of its quota, as Mesos 1.11's {@code consumedQuota}: its tasks' unreserved resources plus
     * every resource reserved to it, used or not.
     */
    private Map<String, Double> consumedQuota(String role) {
        Resources consumed = allocator.allocatedByRole().getOrDefault(role, Resources.empty()).unreserved();
        for (Agent agent : agents.agents()) {
            consumed = consumed.add(agent.total().reservedTo(role));
        }
        return scalars(consumed);
    }

    /** Mesos's overcommit check: the top-level guarantees must fit the agents' non-revocable scalars. */
    private Optional<String> overcommit(RoleSettings settings) {
        Map<String, Double> guarantees = new TreeMap<>();
        settings.quotas().values().forEach(quota -> quota.guarantees().forEach((name, amount) ->
                guarantees.merge(name, amount, Double::sum)));
        Resources capacity = Resources.empty();
        for (Agent agent : agents.agents()) {
            capacity = capacity.add(agent.total().nonRevocable());
        }
        Map<String, Double> available = scalars(capacity);
        boolean fits = guarantees.entrySet().stream()
                .allMatch(g -> g.getValue() <= available.getOrDefault(g.getKey(), 0.0) + 0.0005);
        return fits ? Optional.empty() : Optional.of("total quota guarantees '" + QuotaValidation.quantities(guarantees)
                + "' exceed cluster capacity '" + QuotaValidation.quantities(available) + "'");
    }

    private static Map<String, Double> scalars(Resources resources) {
        Map<String, Double> amounts = new TreeMap<>();
        for (Resource resource : resources) {
            if (resource.getType() == Value.Type.SCALAR) {
                amounts.merge(resource.getName(), resource.getScalar().getValue(), Double::sum);
            }
        }
        return amounts;
    }

    private boolean isActive(String role) {
        return frameworks.all().stream().filter(Framework::isActive).anyMatch(f -> f.roles().contains(role));
    }

    private void rescindAll(String reason) {
        List<Offer> outstanding = new ArrayList<>(book.all());
        outstanding.forEach(offer -> offers.rescind(offer, reason));
        allocator.requestCycle();
    }
}
