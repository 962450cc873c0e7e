package io.mesosbridge.mesos.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mesosbridge.mesos.json.MesosJson;
import io.mesosbridge.mesos.json.MesosJsonException;
import io.mesosbridge.mesos.v1.scheduler.Protos.Call;

/**
 * Coverage-guided fuzzing (Jazzer) of the scheduler Call JSON parser: any text either parses to an initialized Call
 * or fails with {@link MesosJsonException}; what parses prints and re-parses to the same Call.
 */
class CallJsonFuzzTest {

  @FuzzTest(maxDuration = "20s")
  void callJsonParserOnlyThrowsMesosJsonException(String json) throws Exception {
    Call call;
    try {
      call = MesosJson.parse(json, Call.newBuilder()).build();
    } catch (MesosJsonException expected) {
      return;
    }
    assertThat(call.isInitialized()).isTrue();
    Call again = MesosJson.parse(MesosJson.print(call), Call.newBuilder()).build();
    assertThat(MesosJson.print(again)).isEqualTo(MesosJson.print(call));
  }
}
