package io.mesosbridge.mesos.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import io.mesosbridge.mesos.libprocess.Envelope;
import io.mesosbridge.mesos.libprocess.MalformedMessageException;
import io.mesosbridge.mesos.libprocess.MalformedResponseException;
import io.mesosbridge.mesos.libprocess.ResponseReader;
import io.mesosbridge.mesos.libprocess.Upid;
import io.mesosbridge.mesos.v0.scheduler.Protos;

/**
 * Coverage-guided fuzzing (Jazzer) of what the master reads from libprocess peers, all of it untrusted: a message's
 * path and sender header only ever give an envelope whose sender renders back to itself or a
 * {@link MalformedMessageException}; the responses a peer writes back, cut anywhere, only status codes or a
 * {@link MalformedResponseException}; a v0 call body an initialized call or an {@link InvalidProtocolBufferException}.
 */
class LibprocessFuzzTest {

  @FuzzTest(maxDuration = "20s")
  void whatALibprocessPeerSendsIsReadOrRefusedNeverAnythingElse(FuzzedDataProvider data) throws Exception {
    String path = data.consumeString(300);
    String from = data.consumeBoolean() ? data.consumeString(300) : null;
    String userAgent = data.consumeBoolean() ? "libprocess/" + data.consumeString(300) : data.consumeString(50);
    if (Envelope.isMessage("POST", from, userAgent)) {
      try {
        Envelope envelope = Envelope.parse(path, from, userAgent);
        assertThat(Upid.parse(envelope.from().toString())).isEqualTo(envelope.from());
        assertThat(envelope.receiver()).isNotEmpty().doesNotContain("/");
      } catch (MalformedMessageException refused) {
        assertThat(refused.getMessage()).isNotBlank();
      }
    }
    ResponseReader reader = new ResponseReader();
    try {
      for (int piece = 0; piece < 4; piece++) {
        for (int status : reader.feed(data.consumeBytes(200))) {
          assertThat(status).isBetween(0, 999);
        }
      }
    } catch (MalformedResponseException refused) {
      assertThat(refused.getMessage()).isNotBlank();
    }
    try {
      Protos.Call call = Protos.Call.parseFrom(data.consumeRemainingAsBytes());
      assertThat(call.isInitialized()).isTrue();
    } catch (InvalidProtocolBufferException refused) {
      assertThat(refused).isNotNull();
    }
  }
}
