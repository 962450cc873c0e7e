package io.mesosbridge.mesos.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mesosbridge.mesos.recordio.RecordIoDecoder;
import io.mesosbridge.mesos.recordio.RecordIoEncoder;
import io.mesosbridge.mesos.recordio.RecordIoException;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Coverage-guided fuzzing (Jazzer) of the RecordIO decoder: any byte stream, cut into chunks anywhere, either
 * decodes to records no larger than the maximum (which re-encode and decode to themselves) or fails with
 * {@link RecordIoException}. Any other exception, a hang or an OOM is a bug.
 */
class RecordIoDecoderFuzzTest {

  @FuzzTest(maxDuration = "20s")
  void decoderNeverFailsOtherThanWithRecordIoException(FuzzedDataProvider data) throws Exception {
    int max = data.consumeInt(0, 4096);
    int[] cuts = new int[data.consumeInt(0, 8)];
    for (int i = 0; i < cuts.length; i++) {
      cuts[i] = data.consumeInt(0, 64);
    }
    byte[] stream = data.consumeRemainingAsBytes();
    RecordIoDecoder decoder = new RecordIoDecoder(max);
    List<byte[]> records = new ArrayList<>();
    try {
      int pos = 0;
      for (int cut : cuts) {
        int n = Math.min(cut, stream.length - pos);
        records.addAll(decoder.feed(stream, pos, n));
        pos += n;
      }
      records.addAll(decoder.feed(stream, pos, stream.length - pos));
      decoder.finish();
    } catch (RecordIoException expected) {
      return;
    }
    ByteArrayOutputStream reencoded = new ByteArrayOutputStream();
    for (byte[] r : records) {
      assertThat(r.length).isLessThanOrEqualTo(max);
      reencoded.write(RecordIoEncoder.encode(r));
    }
    RecordIoDecoder again = new RecordIoDecoder(max);
    List<byte[]> decodedAgain = again.feed(reencoded.toByteArray());
    again.finish();
    assertThat(decodedAgain).containsExactlyElementsOf(records);
  }
}
