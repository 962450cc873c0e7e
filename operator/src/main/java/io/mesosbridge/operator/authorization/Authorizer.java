package io.mesosbridge.operator.authorization;

import java.util.Collection;

/**
 * Decides whether a subject may perform an action, as a Mesos master's authorizer does. The object is the value the
 * action's ACLs name (see {@link Action#objectField()}); where the master calls it:
 * <ul>
 * <li>{@link Action#REGISTER_FRAMEWORK}: SUBSCRIBE (both APIs), and UPDATE_FRAMEWORK for the new roles:
 * {@link #authorizedForEach} with the framework's roles ({@code FrameworkInfo.roles}, or {@code role}, default
 * {@code *});</li>
 * <li>{@link Action#RUN_TASK}: each task of a LAUNCH/LAUNCH_GROUP, object the user it runs as
 * ({@code CommandInfo.user}, else the executor's, else {@code FrameworkInfo.user});</li>
 * <li>{@link Action#TEARDOWN_FRAMEWORK}: operator TEARDOWN and {@code /teardown}, object the framework's
 * principal. The operator API has no call that kills another framework's task (Mesos has none and no ACL for it):
 * the way to stop another framework's tasks is its teardown. A scheduler kills, acknowledges and reconciles only its
 * own tasks, which needs no ACL;</li>
 * <li>{@link Action#VIEW_FRAMEWORK}, {@link Action#VIEW_TASK}, {@link Action#VIEW_EXECUTOR},
 * {@link Action#VIEW_ROLE}: filtering the state endpoints and the operator API's GET_* calls and SUBSCRIBE events,
 * object the framework's user, the task's user (else its framework's), the executor's user (else its framework's),
 * the role;</li>
 * <li>{@link Action#DRAIN_AGENT}, {@link Action#DEACTIVATE_AGENT}, {@link Action#REACTIVATE_AGENT},
 * {@link Action#MARK_AGENT_GONE} and the maintenance actions: the operator calls of the same names, object the
 * agent's Node name (the ACLs ignore it, Mesos gives these objects implicitly; a SubjectAccessReview names the
 * Node);</li>
 * <li>quotas, weights, reservations and volumes: the operator calls and offer operations of those names, once the
 * bridge has them.</li>
 * </ul>
 * A subject without a principal is asked about as Mesos does for an unauthenticated request. Implementations are
 * thread-safe and answer from memory, except for Kubernetes identities, which may cost one SubjectAccessReview (then
 * cached briefly). Every method throws {@link AuthorizationUnavailableException} when no decision could be made,
 * e.g. the API server did not answer a SubjectAccessReview: Mesos answers a failed authorization as an error, not as
 * a denial.
 */
public interface Authorizer {

    /** Whether the subject may perform the action on this object. */
    boolean authorized(Subject subject, Action action, String object);

    /**
     * Whether the subject may perform the action on every object (a Mesos request without object): only ACLs whose
     * objects are ANY or NONE decide it.
     */
    boolean authorizedOnEveryObject(Subject subject, Action action);

    /**
     * Whether the subject may perform the action on each of these objects, e.g. register a framework with all its
     * roles. With no objects, the ACLs answer with their {@code permissive}, as in Mesos,
     * and a SubjectAccessReview asks about every object.
     */
    boolean authorizedForEach(Subject subject, Action action, Collection<String> objects);
}
