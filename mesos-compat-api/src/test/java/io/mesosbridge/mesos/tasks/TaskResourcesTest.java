package io.mesosbridge.mesos.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.v1.Protos.Resource;
import io.mesosbridge.mesos.v1.Protos.TaskInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskResourcesTest {

  @Test
  void theDefaultRoleAndAllocationInfoDoNotMakeResourcesDifferent() {
    Resource echoed =
        Resources.scalar("cpus", 1).toBuilder()
            .setRole("*")
            .setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole("dev"))
            .build();
    TaskInfo task = TaskInfo.newBuilder().setName("t").addResources(echoed).buildPartial();

    assertThat(TaskResources.of(task)).isEqualTo(Resources.of(Resources.scalar("cpus", 1)));
    assertThat(TaskResources.normalized(List.of(echoed)).contains(Resources.of(Resources.scalar("cpus", 1))))
        .isTrue();
  }
}
