package io.mesosbridge.operator.store;

import io.mesosbridge.crds.MesosTask;
import io.mesosbridge.crds.MesosTaskSpec;
import io.mesosbridge.crds.MesosTaskStatus;

/** MesosTask objects for unit tests: task "t" of framework "fw" on agent "a", node "n1". */
public final class MesosTaskFixture {

    private MesosTaskFixture() {
    }

    public static MesosTask task(String state, boolean pendingUpdate) {
        MesosTask task = new MesosTask();
        MesosTaskSpec spec = new MesosTaskSpec();
        spec.setFrameworkId("fw");
        spec.setTaskId("t");
        spec.setAgentId("a");
        spec.setNodeName("n1");
        task.setSpec(spec);
        MesosTaskStatus status = new MesosTaskStatus();
        status.setState(state);
        if (pendingUpdate) {
            MesosTaskStatus.StatusUpdateRecord update = new MesosTaskStatus.StatusUpdateRecord();
            update.setState(state);
            status.getPendingUpdates().add(update);
        }
        task.setStatus(status);
        return task;
    }
}
