package io.mesosbridge.mesos.tasks;

import io.mesosbridge.mesos.resources.ReservationFormats;
import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.v1.Protos.Resource;
import io.mesosbridge.mesos.v1.Protos.TaskInfo;
import java.util.List;

/**
 * The resources a task uses, in the form the master compares: like a Mesos master "upgrading" resources, the
 * deprecated {@code role: "*"} (which JSON clients echo back, since it is the field's default) means unreserved, the
 * same as no role, a pre-refinement {@code role}/{@code reservation} becomes the {@code reservations} entry it stands
 * for ({@link ReservationFormats#upgrade}), and allocation info is dropped.
 */
public final class TaskResources {

  private TaskResources() {}

  public static Resources of(TaskInfo task) {
    return normalized(task.getResourcesList());
  }

  public static Resources normalized(List<Resource> resources) {
    return Resources.of(
            resources.stream()
                .map(ReservationFormats::upgrade)
                .toList())
        .unallocate();
  }
}
