package io.mesosbridge.mesos.tasks;

import io.mesosbridge.mesos.v1.Protos.TaskState;
import java.util.EnumSet;
import java.util.Set;

/** Mesos's rules about task states, as the master applies them (src/common/protobuf_utils.cpp, master.cpp). */
public final class TaskStates {

  private static final Set<TaskState> TERMINAL =
      EnumSet.of(
          TaskState.TASK_FINISHED,
          TaskState.TASK_FAILED,
          TaskState.TASK_KILLED,
          TaskState.TASK_ERROR,
          TaskState.TASK_LOST,
          TaskState.TASK_DROPPED,
          TaskState.TASK_GONE,
          TaskState.TASK_GONE_BY_OPERATOR);

  /** The states Mesos shows only to PARTITION_AWARE frameworks; the others see TASK_LOST instead. */
  private static final Set<TaskState> PARTITION_AWARE_ONLY =
      EnumSet.of(
          TaskState.TASK_UNREACHABLE,
          TaskState.TASK_GONE,
          TaskState.TASK_GONE_BY_OPERATOR,
          TaskState.TASK_DROPPED,
          TaskState.TASK_UNKNOWN);

  private TaskStates() {}

  /** Terminal: the task will never run again and holds no resources (TASK_LOST included, as in Mesos). */
  public static boolean isTerminal(TaskState state) {
    return TERMINAL.contains(state);
  }

  /**
   * The state a framework may be shown: the partition-aware states (UNREACHABLE, GONE, GONE_BY_OPERATOR, DROPPED,
   * UNKNOWN) become TASK_LOST for frameworks without the PARTITION_AWARE capability.
   */
  public static TaskState shownTo(TaskState state, boolean partitionAware) {
    return !partitionAware && PARTITION_AWARE_ONLY.contains(state) ? TaskState.TASK_LOST : state;
  }
}
