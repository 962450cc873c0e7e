package io.mesosbridge.operator.authorization;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.mesosbridge.operator.config.BridgeConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The master's authorizer, as {@code mesos-bridge.authorizers} composes it:
 * <ul>
 * <li>{@code local} (the default): the ACLs of {@code mesos-bridge.acls} decide for every subject;</li>
 * <li>{@code kubernetes}: a SubjectAccessReview decides for a subject that is a Kubernetes identity; the ACLs still
 * decide for every other subject (a principal of the credentials, or none), which a review cannot judge;</li>
 * <li>{@code local,kubernetes}: as {@code kubernetes}, but a Kubernetes identity must be allowed by both: the ACLs
 * (with its username as principal) and then the review.</li>
 * </ul>
 * Built at start-up, so that bad ACLs or an unknown authorizer stop the bridge with a message naming the field.
 */
@Startup
@ApplicationScoped
public class BridgeAuthorizer implements Authorizer {

    private static final Logger LOG = Logger.getLogger(BridgeAuthorizer.class);
    static final int MAX_CACHED_DECISIONS = 10_000;
    static final Duration DECISION_TTL = Duration.ofSeconds(10);

    enum Kind { LOCAL, KUBERNETES }

    private final LocalAuthorizer local;
    private final Optional<KubernetesUserAuthorizer> kubernetes;
    private final boolean localDecidesForKubernetesUsers;

    @Inject
    public BridgeAuthorizer(BridgeConfig config, KubernetesClient client) {
        this(config.acls().map(Acls::fromFlag).orElse(Acls.none()), kinds(config.authorizers()),
                () -> new KubernetesAuthorizer(client, config.namespace(), MAX_CACHED_DECISIONS, DECISION_TTL));
    }

    BridgeAuthorizer(Acls acls, Set<Kind> kinds, Supplier<KubernetesUserAuthorizer> kubernetes) {
        if (!acls.unenforcedActions().isEmpty()) {
            LOG.warnf("ACLs for %s are accepted but never checked: the bridge performs no such action",
                    acls.unenforcedActions());
        }
        this.local = new LocalAuthorizer(acls);
        this.kubernetes = kinds.contains(Kind.KUBERNETES) ? Optional.of(kubernetes.get()) : Optional.empty();
        this.localDecidesForKubernetesUsers = kinds.contains(Kind.LOCAL);
    }

    /** Parses {@code mesos-bridge.authorizers}: {@code local}, {@code kubernetes}, or both. */
    static Set<Kind> kinds(List<String> names) {
        Set<Kind> kinds = EnumSet.noneOf(Kind.class);
        for (String name : names) {
            switch (name.strip()) {
                case "local" -> kinds.add(Kind.LOCAL);
                case "kubernetes" -> kinds.add(Kind.KUBERNETES);
                default -> throw new IllegalArgumentException("Invalid 'mesos-bridge.authorizers': unknown authorizer '"
                        + name.strip() + "' (expected 'local', 'kubernetes' or 'local,kubernetes')");
            }
        }
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("Invalid 'mesos-bridge.authorizers': no authorizer given");
        }
        return kinds;
    }

    @Override
    public boolean authorized(Subject subject, Action action, String object) {
        return decide(subject, action, Optional.of(object), () -> local.authorized(subject, action, object));
    }

    @Override
    public boolean authorizedOnEveryObject(Subject subject, Action action) {
        return decide(subject, action, Optional.empty(), () -> local.authorizedOnEveryObject(subject, action));
    }

    @Override
    public boolean authorizedForEach(Subject subject, Action action, Collection<String> objects) {
        if (objects.isEmpty()) {
            return decide(subject, action, Optional.empty(), () -> local.authorizedForEach(subject, action, objects));
        }
        return objects.stream().allMatch(object -> authorized(subject, action, object));
    }

    private boolean decide(Subject subject, Action action, Optional<String> object,
                           BooleanSupplier byAcls) {
        Optional<KubernetesUserAuthorizer> reviewer = reviewerFor(subject);
        if (reviewer.isEmpty()) {
            return byAcls.getAsBoolean();
        }
        if (localDecidesForKubernetesUsers && !byAcls.getAsBoolean()) {
            return false;
        }
        return reviewer.get().allows(subject.kubernetesUser().orElseThrow(), action, object);
    }

    private Optional<KubernetesUserAuthorizer> reviewerFor(Subject subject) {
        return subject.kubernetesUser().isPresent() ? kubernetes : Optional.empty();
    }
}
