package io.mesosbridge.mesos.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import io.mesosbridge.mesos.json.MesosJson;
import io.mesosbridge.mesos.v1.scheduler.Protos.Call;

/**
 * Coverage-guided fuzzing (Jazzer) of the scheduler Call protobuf parser: any bytes either parse to an initialized
 * Call or fail with {@link InvalidProtocolBufferException}; what parses re-serializes to bytes that parse to the
 * same Call, and prints as Mesos JSON without error.
 */
class CallProtobufFuzzTest {

  @FuzzTest(maxDuration = "20s")
  void callProtobufParserOnlyThrowsInvalidProtocolBufferException(byte[] bytes) throws Exception {
    Call call;
    try {
      call = Call.parseFrom(bytes);
    } catch (InvalidProtocolBufferException expected) {
      return;
    }
    assertThat(call.isInitialized()).isTrue();
    assertThat(Call.parseFrom(call.toByteArray())).isEqualTo(call);
    assertThat(MesosJson.print(call)).startsWith("{");
  }
}
