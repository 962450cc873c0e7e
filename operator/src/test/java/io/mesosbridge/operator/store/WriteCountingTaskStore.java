package io.mesosbridge.operator.store;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.mesosbridge.conventions.RoleNamespaces;
import io.mesosbridge.crds.MesosTask;
import io.mesosbridge.crds.MesosTaskStatus;
import io.mesosbridge.operator.namespaces.TaskNamespaces;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The task store with an API server that takes every write: it counts them and keeps what each wrote. */
public final class WriteCountingTaskStore extends MesosTaskStore {

    private final List<MesosTask> statusWrites = new ArrayList<>();
    private final List<String> deleted = new ArrayList<>();
    private long resourceVersion = 1;

    public WriteCountingTaskStore() {
        super(null, new TaskNamespaces(null, RoleNamespaces.single("mesos"), true, Map.of()));
    }

    /** Stores the task as the API server would have it after its create. */
    public MesosTask created(MesosTask task) {
        task.getMetadata().setResourceVersion(Long.toString(resourceVersion++));
        observed(task);
        return byName(task.getMetadata().getName()).orElseThrow();
    }

    @Override
    public MesosTask editStatus(MesosTask task, StatusChange change) {
        MesosTask base = byName(task.getMetadata().getName()).orElse(task);
        MesosTask written = new MesosTask();
        written.setMetadata(new ObjectMetaBuilder(base.getMetadata())
                .withResourceVersion(Long.toString(resourceVersion++)).build());
        written.setSpec(base.getSpec());
        MesosTaskStatus status = new MesosTaskStatus();
        if (base.getStatus() != null) {
            status.setState(base.getStatus().getState());
            status.setPodName(base.getStatus().getPodName());
            status.setHistory(new ArrayList<>(base.getStatus().getHistory()));
            status.setPendingUpdates(new ArrayList<>(base.getStatus().getPendingUpdates()));
        }
        written.setStatus(status);
        if (!change.apply(status)) {
            return base;
        }
        statusWrites.add(written);
        observed(written);
        return byName(task.getMetadata().getName()).orElseThrow();
    }

    @Override
    public void delete(MesosTask task) {
        deleted.add(task.getMetadata().getName());
        observedDeletion(task);
    }

    public List<MesosTask> statusWrites() {
        return statusWrites;
    }

    public List<String> deleted() {
        return deleted;
    }
}
