package io.mesosbridge.mesos.recordio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class RecordIoPropertiesTest {

  @Property(tries = 300)
  void anyRecordsSurviveAnyChunking(@ForAll @Size(max = 8) List<@Size(min = 1, max = 300) byte[]> records,
      @ForAll @Size(max = 12) List<@IntRange(min = 1, max = 64) Integer> chunkSizes) throws Exception {
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    for (byte[] r : records) {
      RecordIoEncoder.write(stream, r);
    }
    byte[] all = stream.toByteArray();
    RecordIoDecoder decoder = new RecordIoDecoder(300);
    List<byte[]> out = new ArrayList<>();
    int pos = 0;
    int c = 0;
    while (pos < all.length) {
      int n = chunkSizes.isEmpty() ? all.length : Math.min(chunkSizes.get(c++ % chunkSizes.size()), all.length - pos);
      out.addAll(decoder.feed(all, pos, n));
      pos += n;
    }
    decoder.finish();
    assertThat(out).containsExactlyElementsOf(records);
  }
}
