package io.mesosbridge.mesos.recordio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mesosbridge.mesos.SampleMessages;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordIoDecoderTest {

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void encoderWritesDecimalLengthNewlineAndExactlyTheBytes() {
    assertThat(new String(RecordIoEncoder.encode("{\"type\":\"HEARTBEAT\"}"), StandardCharsets.US_ASCII))
        .isEqualTo("20\n{\"type\":\"HEARTBEAT\"}");
    byte[] proto = SampleMessages.update().toByteArray();
    byte[] framed = RecordIoEncoder.encode(SampleMessages.update());
    String header = proto.length + "\n";
    assertThat(framed).hasSize(header.length() + proto.length);
    assertThat(new String(framed, 0, header.length(), StandardCharsets.US_ASCII)).isEqualTo(header);
  }

  @Test
  void decodesRecordsSplitAtEveryPossibleChunkBoundary() throws Exception {
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    List<byte[]> records = List.of(ascii("a"), SampleMessages.acceptLaunch().toByteArray(), ascii("hello world"));
    for (byte[] r : records) {
      RecordIoEncoder.write(stream, r);
    }
    byte[] all = stream.toByteArray();
    for (int cut1 = 0; cut1 <= all.length; cut1++) {
      for (int cut2 = cut1; cut2 <= all.length; cut2 += 7) {
        RecordIoDecoder decoder = new RecordIoDecoder(1024);
        List<byte[]> out = new ArrayList<>();
        out.addAll(decoder.feed(all, 0, cut1));
        out.addAll(decoder.feed(all, cut1, cut2 - cut1));
        out.addAll(decoder.feed(ByteBuffer.wrap(all, cut2, all.length - cut2)));
        decoder.finish();
        assertThat(out).as("cuts %d,%d", cut1, cut2).containsExactlyElementsOf(records);
      }
    }
  }

  @Test
  void oneChunkMayHoldManyRecordsAndAByteAtATimeWorksToo() throws Exception {
    byte[] stream = ascii("3\nabc1\nx2\nyz");
    assertThat(new RecordIoDecoder().feed(stream)).containsExactly(ascii("abc"), ascii("x"), ascii("yz"));
    RecordIoDecoder slow = new RecordIoDecoder();
    List<byte[]> out = new ArrayList<>();
    for (byte b : stream) {
      out.addAll(slow.feed(new byte[] {b}));
    }
    assertThat(out).containsExactly(ascii("abc"), ascii("x"), ascii("yz"));
    assertThat(slow.isBetweenRecords()).isTrue();
  }

  @Test
  void directByteBuffersAreConsumed() throws Exception {
    ByteBuffer direct = ByteBuffer.allocateDirect(8);
    direct.put(ascii("2\nok")).flip();
    assertThat(new RecordIoDecoder().feed(direct)).containsExactly(ascii("ok"));
    assertThat(direct.remaining()).isZero();
  }

  @Test
  void rejectsNonDigitHeaders() {
    assertThatThrownBy(() -> new RecordIoDecoder().feed(ascii("1a\nx"))).isInstanceOf(RecordIoException.class)
        .hasMessageContaining("0x61");
    assertThatThrownBy(() -> new RecordIoDecoder().feed(ascii("-1\n"))).isInstanceOf(RecordIoException.class);
    assertThatThrownBy(() -> new RecordIoDecoder().feed(ascii(" 1\nx"))).isInstanceOf(RecordIoException.class);
    assertThatThrownBy(() -> new RecordIoDecoder().feed(ascii("\n"))).isInstanceOf(RecordIoException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void rejectsAnOversizedRecordBeforeBufferingIt() {
    RecordIoDecoder decoder = new RecordIoDecoder(100);
    // a huge announced length fails on the header alone, long before 2^60 bytes could arrive
    assertThatThrownBy(() -> decoder.feed(ascii("1152921504606846976\n"))).isInstanceOf(RecordIoException.class)
        .hasMessageContaining("maximum record size 100");
    assertThatThrownBy(() -> new RecordIoDecoder(100).feed(ascii("101"))).isInstanceOf(RecordIoException.class);
  }

  @Test
  void acceptsRecordsOfExactlyTheMaximumSize() throws Exception {
    byte[] record = new byte[100];
    assertThat(new RecordIoDecoder(100).feed(RecordIoEncoder.encode(record))).containsExactly(record);
  }

  @Test
  void rejectsOverlongHeadersEvenOfLeadingZeros() {
    assertThatThrownBy(() -> new RecordIoDecoder().feed(ascii("00000000000000000001\nx")))
        .isInstanceOf(RecordIoException.class).hasMessageContaining("19 digits");
  }

  @Test
  void reportsATruncatedRecordOrHeaderAtTheEndOfTheStream() throws Exception {
    RecordIoDecoder inRecord = new RecordIoDecoder();
    assertThat(inRecord.feed(ascii("5\nabc"))).isEmpty();
    assertThatThrownBy(inRecord::finish).isInstanceOf(RecordIoException.class).hasMessageContaining("3 of 5");

    RecordIoDecoder inHeader = new RecordIoDecoder();
    inHeader.feed(ascii("2\nok12"));
    assertThatThrownBy(inHeader::finish).isInstanceOf(RecordIoException.class).hasMessageContaining("header");

    RecordIoDecoder clean = new RecordIoDecoder();
    clean.feed(ascii("2\nok"));
    clean.finish();
  }

  @Test
  void aFailedDecoderStaysFailed() {
    RecordIoDecoder decoder = new RecordIoDecoder();
    assertThatThrownBy(() -> decoder.feed(ascii("x"))).isInstanceOf(RecordIoException.class);
    assertThatThrownBy(() -> decoder.feed(ascii("1\na"))).isInstanceOf(RecordIoException.class)
        .hasMessageContaining("failed earlier");
    assertThat(decoder.isBetweenRecords()).isFalse();
  }

  @Test
  void zeroLengthYieldsAnEmptyRecord() throws Exception {
    assertThat(new RecordIoDecoder().feed(ascii("0\n1\nz"))).containsExactly(new byte[0], ascii("z"));
  }
}
