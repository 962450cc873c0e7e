package io.mesosbridge.operator.store;

import io.mesosbridge.crds.MesosTask;

/**
 * Hears each new version of a MesosTask once, in order per task, whoever changed it (this master or someone else).
 * Called while the store holds its model lock: it must be quick and must not write through the store.
 */
@FunctionalInterface
public interface TaskChangeListener {

    /** {@code before} is null for a new task, {@code after} null for a deleted one. */
    void taskChanged(MesosTask before, MesosTask after);
}
