package io.mesosbridge.operator.authorization;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Mesos's local authorizer over {@link Acls}. For an action, the ACLs are tried in their order; the first whose
 * principals and objects both match the request decides, and it allows unless one of the two is NONE. When none
 * matches, {@link Acls#permissive()} decides. An entity of values matches a request naming one of them; ANY and
 * NONE match every request, including one without principal or without object, which a list of values never
 * matches.
 *
 * <p>For actions on roles, a value {@code parent/%} in an ACL's roles matches every role nested below
 * {@code parent} ({@code parent/a}, {@code parent/a/b}, not {@code parent} itself). As in Mesos, an ACL listing such
 * values is split, in place, into one ACL per {@code /%} value (which, matching, allows unless its principals are
 * NONE) followed by one for its other values. For actions whose object Mesos gives implicitly (agents, machines), the
 * request's object is always ANY.
 */
public final class LocalAuthorizer implements Authorizer {

    private static final String RECURSIVE_SUFFIX = "/%";

    private sealed interface Rule {
        /** The decision of this rule for the request, if it matches. */
        Optional<Boolean> decide(Optional<String> principal, Optional<String> object);
    }

    private record Plain(Entity principals, Entity objects) implements Rule {
        @Override
        public Optional<Boolean> decide(Optional<String> principal, Optional<String> object) {
            return principals.matches(principal) && objects.matches(object)
                    ? Optional.of(principals.allows() && objects.allows()) : Optional.empty();
        }
    }

    /** A role ACL for {@code parent/%}: its object matches any role starting {@code parent/}, and always allows. */
    private record Nested(Entity principals, String prefix) implements Rule {
        @Override
        public Optional<Boolean> decide(Optional<String> principal, Optional<String> object) {
            return object.filter(role -> role.startsWith(prefix)).isPresent() && principals.matches(principal)
                    ? Optional.of(principals.allows()) : Optional.empty();
        }
    }

    private final boolean permissive;
    private final Map<Action, List<Rule>> rules = new EnumMap<>(Action.class);

    public LocalAuthorizer(Acls acls) {
        this.permissive = acls.permissive();
        for (Action action : Action.values()) {
            rules.put(action, action.objectKind() == Action.ObjectKind.ROLE ? roleRules(acls.of(action))
                    : acls.of(action).stream().<Rule>map(acl -> new Plain(acl.principals(), acl.objects())).toList());
        }
    }

    @Override
    public boolean authorized(Subject subject, Action action, String object) {
        return approved(subject.principal(), action,
                action.objectKind() == Action.ObjectKind.IMPLICIT ? Optional.empty() : Optional.of(object));
    }

    @Override
    public boolean authorizedOnEveryObject(Subject subject, Action action) {
        return approved(subject.principal(), action, Optional.empty());
    }

    @Override
    public boolean authorizedForEach(Subject subject, Action action, Collection<String> objects) {
        if (objects.isEmpty()) {
            return permissive;
        }
        return objects.stream().allMatch(object -> authorized(subject, action, object));
    }

    private boolean approved(Optional<String> principal, Action action, Optional<String> object) {
        for (Rule rule : rules.get(action)) {
            Optional<Boolean> decision = rule.decide(principal, object);
            if (decision.isPresent()) {
                return decision.get();
            }
        }
        return permissive;
    }

    private static List<Rule> roleRules(List<Acls.Acl> acls) {
        List<Rule> rules = new ArrayList<>();
        for (Acls.Acl acl : acls) {
            if (acl.objects().type() != Entity.Type.SOME) {
                rules.add(new Plain(acl.principals(), acl.objects()));
                continue;
            }
            List<String> exact = new ArrayList<>();
            for (String role : acl.objects().values()) {
                if (role.endsWith(RECURSIVE_SUFFIX)) {
                    rules.add(new Nested(acl.principals(), role.substring(0, role.length() - 1)));
                } else {
                    exact.add(role);
                }
            }
            // An ACL whose roles are an empty list adds no rule, as in Mesos.
            if (!exact.isEmpty()) {
                rules.add(new Plain(acl.principals(), new Entity(Entity.Type.SOME, exact)));
            }
        }
        return List.copyOf(rules);
    }
}
