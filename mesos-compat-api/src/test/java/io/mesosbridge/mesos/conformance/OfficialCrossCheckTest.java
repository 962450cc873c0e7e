package io.mesosbridge.mesos.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import io.mesosbridge.mesos.SampleMessages;
import io.mesosbridge.mesos.json.MesosJson;
import io.mesosbridge.mesos.v1.scheduler.Protos.Call;
import io.mesosbridge.mesos.v1.scheduler.Protos.Event;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bytes and JSON we produce are read identically by the official Mesos 1.11.0 classes (protobuf 3.5 runtime,
 * isolated class loader), and what they produce is read identically by ours.
 */
class OfficialCrossCheckTest {

  static final String CALL = "org.apache.mesos.v1.scheduler.Protos$Call";
  static final String EVENT = "org.apache.mesos.v1.scheduler.Protos$Event";

  final OfficialMesos official = OfficialMesos.get();

  static List<Message> calls() {
    return List.of(SampleMessages.subscribe(), SampleMessages.acceptLaunch(), SampleMessages.acknowledge());
  }

  @Test
  void officialClassesParseOurProtobufBytesAndWriteTheSameBytesBack() throws Exception {
    for (Message call : calls()) {
      byte[] ours = call.toByteArray();
      byte[] theirs = official.reserialize(CALL, ours);
      assertThat(theirs).isEqualTo(ours);
      assertThat(Call.parseFrom(theirs)).isEqualTo(call);
    }
    Event offers = SampleMessages.offers(100);
    assertThat(official.reserialize(EVENT, offers.toByteArray())).isEqualTo(offers.toByteArray());
  }

  @Test
  void officialJsonFormatParsesOurMesosJsonToTheSameMessage() throws Exception {
    for (Message call : calls()) {
      String json = MesosJson.print(call);
      byte[] theirBytes = official.jsonToBytes(CALL, json);
      Call roundTripped = Call.parseFrom(theirBytes);
      // our printer made declared defaults explicit; otherwise identical
      assertThat(roundTripped).isEqualTo(MesosJson.parse(json, Call.newBuilder()).build());
      assertThat(roundTripped.getType()).isEqualTo(((Call) call).getType());
    }
    Event update = SampleMessages.update();
    assertThat(Event.parseFrom(official.jsonToBytes(EVENT, MesosJson.print(update)))).isEqualTo(update);
  }

  @Test
  void weParseJsonPrintedByTheOfficialClasses() throws Exception {
    for (Message call : calls()) {
      // official JsonFormat prints int64 as strings and omits defaults; we must still read it
      String theirJson = official.bytesToJson(CALL, call.toByteArray());
      assertThat(MesosJson.parse(theirJson, Call.newBuilder()).build()).isEqualTo(call);
    }
    Event offers = SampleMessages.offers(5);
    assertThat(MesosJson.parse(official.bytesToJson(EVENT, offers.toByteArray()), Event.newBuilder()).build())
        .isEqualTo(offers);
  }

  @Test
  void operatorAndExecutorMessagesCrossCheckToo() throws Exception {
    io.mesosbridge.mesos.v1.master.Protos.Call drain = io.mesosbridge.mesos.v1.master.Protos.Call.newBuilder()
        .setType(io.mesosbridge.mesos.v1.master.Protos.Call.Type.DRAIN_AGENT)
        .setDrainAgent(io.mesosbridge.mesos.v1.master.Protos.Call.DrainAgent.newBuilder()
            .setAgentId(io.mesosbridge.mesos.v1.Protos.AgentID.newBuilder().setValue("S1"))
            .setMaxGracePeriod(com.google.protobuf.Duration.newBuilder().setSeconds(5))
            .setMarkGone(true))
        .build();
    String masterCall = "org.apache.mesos.v1.master.Protos$Call";
    assertThat(official.reserialize(masterCall, drain.toByteArray())).isEqualTo(drain.toByteArray());
    // Mesos (stout) writes google.protobuf.Duration as a plain object, not JsonFormat's "5s" string; so do we.
    String drainJson = MesosJson.print(drain);
    assertThat(drainJson).contains("\"max_grace_period\":{\"seconds\":5}");
    assertThat(MesosJson.parse(drainJson, io.mesosbridge.mesos.v1.master.Protos.Call.newBuilder()).build())
        .isEqualTo(drain);

    io.mesosbridge.mesos.v1.executor.Protos.Call update = io.mesosbridge.mesos.v1.executor.Protos.Call.newBuilder()
        .setType(io.mesosbridge.mesos.v1.executor.Protos.Call.Type.UPDATE)
        .setFrameworkId(io.mesosbridge.mesos.v1.Protos.FrameworkID.newBuilder().setValue(SampleMessages.FRAMEWORK_ID))
        .setExecutorId(io.mesosbridge.mesos.v1.Protos.ExecutorID.newBuilder().setValue("exec-1"))
        .setUpdate(io.mesosbridge.mesos.v1.executor.Protos.Call.Update.newBuilder()
            .setStatus(SampleMessages.update().getUpdate().getStatus()))
        .build();
    String executorCall = "org.apache.mesos.v1.executor.Protos$Call";
    assertThat(official.reserialize(executorCall, update.toByteArray())).isEqualTo(update.toByteArray());
    assertThat(MesosJson.parse(official.bytesToJson(executorCall, update.toByteArray()),
        io.mesosbridge.mesos.v1.executor.Protos.Call.newBuilder()).build()).isEqualTo(update);
  }

  @Test
  void unknownFieldsFromNewerPeersSurviveAProtobufRoundTrip() throws Exception {
    // A field number we do not define (999) must come back out unchanged, in our runtime and in theirs.
    byte[] withUnknown = Call.newBuilder(SampleMessages.acknowledge())
        .setUnknownFields(com.google.protobuf.UnknownFieldSet.newBuilder()
            .addField(999, com.google.protobuf.UnknownFieldSet.Field.newBuilder()
                .addLengthDelimited(com.google.protobuf.ByteString.copyFromUtf8("future")).build())
            .build())
        .build().toByteArray();
    assertThat(Call.parseFrom(withUnknown).toByteArray()).isEqualTo(withUnknown);
    assertThat(official.reserialize(CALL, withUnknown)).isEqualTo(withUnknown);
  }
}
