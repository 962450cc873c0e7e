package io.mesosbridge.mesos;

import com.google.protobuf.ByteString;
import io.mesosbridge.mesos.v1.Protos.AgentID;
import io.mesosbridge.mesos.v1.Protos.Attribute;
import io.mesosbridge.mesos.v1.Protos.CommandInfo;
import io.mesosbridge.mesos.v1.Protos.ContainerInfo;
import io.mesosbridge.mesos.v1.Protos.Filters;
import io.mesosbridge.mesos.v1.Protos.FrameworkID;
import io.mesosbridge.mesos.v1.Protos.FrameworkInfo;
import io.mesosbridge.mesos.v1.Protos.Label;
import io.mesosbridge.mesos.v1.Protos.Labels;
import io.mesosbridge.mesos.v1.Protos.Offer;
import io.mesosbridge.mesos.v1.Protos.OfferID;
import io.mesosbridge.mesos.v1.Protos.Resource;
import io.mesosbridge.mesos.v1.Protos.TaskID;
import io.mesosbridge.mesos.v1.Protos.TaskInfo;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;
import io.mesosbridge.mesos.v1.Protos.Value;
import io.mesosbridge.mesos.v1.scheduler.Protos.Call;
import io.mesosbridge.mesos.v1.scheduler.Protos.Event;
import java.nio.charset.StandardCharsets;

/** Realistic scheduler API messages shared by tests and benchmarks. */
public final class SampleMessages {

  public static final String FRAMEWORK_ID = "a3d1b6e2-58f1-4c1e-9d1f-2b5c0e9a7f10-0000";

  private SampleMessages() {}

  public static Call subscribe() {
    return Call.newBuilder()
        .setType(Call.Type.SUBSCRIBE)
        .setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(FrameworkInfo.newBuilder()
            .setUser("root").setName("example-framework").addRoles("ads").setFailoverTimeout(604800)
            .setPrincipal("ads-principal")
            .addCapabilities(FrameworkInfo.Capability.newBuilder()
                .setType(FrameworkInfo.Capability.Type.MULTI_ROLE))
            .addCapabilities(FrameworkInfo.Capability.newBuilder()
                .setType(FrameworkInfo.Capability.Type.PARTITION_AWARE))))
        .build();
  }

  /** ACCEPT with one LAUNCH of a docker task, filters and labels: many field types in one message. */
  public static Call acceptLaunch() {
    TaskInfo task = TaskInfo.newBuilder()
        .setName("web-1").setTaskId(TaskID.newBuilder().setValue("web-1.7f3c"))
        .setAgentId(AgentID.newBuilder().setValue("S1"))
        .addResources(Resource.newBuilder().setName("cpus").setType(Value.Type.SCALAR)
            .setScalar(Value.Scalar.newBuilder().setValue(0.5))
            .setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole("ads")))
        .addResources(Resource.newBuilder().setName("ports").setType(Value.Type.RANGES)
            .setRanges(Value.Ranges.newBuilder().addRange(Value.Range.newBuilder().setBegin(31000).setEnd(31001)))
            .setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole("ads")))
        .setCommand(CommandInfo.newBuilder().setValue("python3 -m http.server $PORT0"))
        .setContainer(ContainerInfo.newBuilder().setType(ContainerInfo.Type.DOCKER)
            .setDocker(ContainerInfo.DockerInfo.newBuilder().setImage("python:3.12-slim")))
        .setData(ByteString.copyFrom(new byte[] {0, 1, 2, (byte) 0xff, 'h', 'i'}))
        .setLabels(Labels.newBuilder().addLabels(Label.newBuilder().setKey("team").setValue("ads \"web\"")))
        .build();
    return Call.newBuilder()
        .setFrameworkId(FrameworkID.newBuilder().setValue(FRAMEWORK_ID))
        .setType(Call.Type.ACCEPT)
        .setAccept(Call.Accept.newBuilder()
            .addOfferIds(OfferID.newBuilder().setValue(FRAMEWORK_ID.replace("-0000", "-O7")))
            .addOperations(Offer.Operation.newBuilder().setType(Offer.Operation.Type.LAUNCH)
                .setLaunch(Offer.Operation.Launch.newBuilder().addTaskInfos(task)))
            .setFilters(Filters.newBuilder().setRefuseSeconds(5)))
        .build();
  }

  public static Call acknowledge() {
    return Call.newBuilder()
        .setFrameworkId(FrameworkID.newBuilder().setValue(FRAMEWORK_ID))
        .setType(Call.Type.ACKNOWLEDGE)
        .setAcknowledge(Call.Acknowledge.newBuilder()
            .setAgentId(AgentID.newBuilder().setValue("S1"))
            .setTaskId(TaskID.newBuilder().setValue("web-1.7f3c"))
            .setUuid(ByteString.copyFrom("0123456789abcdef", StandardCharsets.US_ASCII)))
        .build();
  }

  public static Event update() {
    return Event.newBuilder().setType(Event.Type.UPDATE)
        .setUpdate(Event.Update.newBuilder().setStatus(TaskStatus.newBuilder()
            .setTaskId(TaskID.newBuilder().setValue("web-1.7f3c"))
            .setState(TaskState.TASK_RUNNING)
            .setSource(TaskStatus.Source.SOURCE_EXECUTOR)
            .setAgentId(AgentID.newBuilder().setValue("S1"))
            .setTimestamp(1_764_120_000.123)
            .setUuid(ByteString.copyFrom("fedcba9876543210", StandardCharsets.US_ASCII))
            .setHealthy(true)))
        .build();
  }

  /** An OFFERS event with {@code count} offers, each with cpus/mem/disk/ports and attributes. */
  public static Event offers(int count) {
    Event.Offers.Builder offers = Event.Offers.newBuilder();
    for (int i = 0; i < count; i++) {
      String agent = FRAMEWORK_ID.replace("-0000", "-S" + i);
      Offer.Builder offer = Offer.newBuilder()
          .setId(OfferID.newBuilder().setValue(FRAMEWORK_ID.replace("-0000", "-O" + (1000 + i))))
          .setFrameworkId(FrameworkID.newBuilder().setValue(FRAMEWORK_ID))
          .setAgentId(AgentID.newBuilder().setValue(agent))
          .setHostname("node-" + i + ".cluster.local")
          .setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole("ads"));
      offer.addResources(scalar("cpus", 7.5 + (i % 4)));
      offer.addResources(scalar("mem", 30_000 + i));
      offer.addResources(scalar("disk", 200_000));
      offer.addResources(Resource.newBuilder().setName("ports").setType(Value.Type.RANGES)
          .setRanges(Value.Ranges.newBuilder()
              .addRange(Value.Range.newBuilder().setBegin(31000).setEnd(31999))
              .addRange(Value.Range.newBuilder().setBegin(33000).setEnd(33099)))
          .setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole("ads")));
      offer.addAttributes(Attribute.newBuilder().setName("rack").setType(Value.Type.TEXT)
          .setText(Value.Text.newBuilder().setValue("rack" + (i % 8))));
      offer.addAttributes(Attribute.newBuilder().setName("zone").setType(Value.Type.TEXT)
          .setText(Value.Text.newBuilder().setValue("zone-" + (i % 3))));
      offers.addOffers(offer);
    }
    return Event.newBuilder().setType(Event.Type.OFFERS).setOffers(offers).build();
  }

  private static Resource scalar(String name, double value) {
    return Resource.newBuilder().setName(name).setType(Value.Type.SCALAR)
        .setScalar(Value.Scalar.newBuilder().setValue(value))
        .setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole("ads")).build();
  }
}
