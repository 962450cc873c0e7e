package io.mesosbridge.operator.state;

import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.FrameworkInfo;
import io.mesosbridge.operator.authorization.Action;
import io.mesosbridge.operator.authorization.Authorizer;
import io.mesosbridge.operator.authorization.Subject;

/**
 * The view ACLs as a {@link MasterSnapshot.Visibility}: view_frameworks on the framework's user, view_tasks on the
 * task's user (its own, else its framework's), view_executors on the executor's command user (else its framework's),
 * and view_roles for the roles endpoints, as the Mesos master filters
 * its state endpoints and operator API.
 */
public final class ViewAuthorization implements MasterSnapshot.Visibility {

    private final Authorizer authorizer;
    private final Subject subject;

    public ViewAuthorization(Authorizer authorizer, Subject subject) {
        this.authorizer = authorizer;
        this.subject = subject;
    }

    @Override
    public boolean framework(FrameworkInfo framework) {
        return authorizer.authorized(subject, Action.VIEW_FRAMEWORK, framework.getUser());
    }

    /** view_roles on a role's name ({@code /roles}, GET_ROLES). */
    public boolean role(String role) {
        return authorizer.authorized(subject, Action.VIEW_ROLE, role);
    }

    @Override
    public boolean task(Protos.Task task, FrameworkInfo framework) {
        return authorizer.authorized(subject, Action.VIEW_TASK, task.hasUser() ? task.getUser() : framework.getUser());
    }

    @Override
    public boolean executor(Protos.ExecutorInfo executor, FrameworkInfo framework) {
        return authorizer.authorized(subject, Action.VIEW_EXECUTOR,
                executor.getCommand().hasUser() ? executor.getCommand().getUser() : framework.getUser());
    }
}
