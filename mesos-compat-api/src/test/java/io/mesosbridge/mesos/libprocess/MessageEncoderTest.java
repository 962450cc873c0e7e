package io.mesosbridge.mesos.libprocess;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessageEncoderTest {

  private static final Upid MASTER = Upid.parse("master@127.0.0.1:5050");
  private static final Upid DRIVER = Upid.parse("scheduler-1@127.0.0.1:33375");

  @Test
  void aMessageIsAPostToTheReceiversProcessFromTheSenderInOneChunk() {
    byte[] wire = MessageEncoder.encode(MASTER, DRIVER, "mesos.internal.FrameworkRegisteredMessage",
        "0123456789abcdefg".getBytes(StandardCharsets.US_ASCII));

    assertThat(new String(wire, StandardCharsets.US_ASCII)).isEqualTo(
        "POST /scheduler-1/mesos.internal.FrameworkRegisteredMessage HTTP/1.1\r\n"
            + "User-Agent: libprocess/master@127.0.0.1:5050\r\n"
            + "Libprocess-From: master@127.0.0.1:5050\r\n"
            + "Connection: Keep-Alive\r\n"
            + "Host: \r\n"
            + "Transfer-Encoding: chunked\r\n\r\n"
            + "11\r\n0123456789abcdefg\r\n"
            + "0\r\n\r\n");
  }

  @Test
  void anEmptyBodyIsOnlyTheLastChunk() {
    String wire = new String(MessageEncoder.encode(MASTER, DRIVER, "mesos.internal.AuthenticationCompletedMessage",
        new byte[0]), StandardCharsets.US_ASCII);

    assertThat(wire).endsWith("Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
  }

  @Test
  void whatTheEncoderWritesTheEnvelopeParserReadsBack() throws Exception {
    String wire = new String(MessageEncoder.encode(MASTER, DRIVER, "mesos.internal.ResourceOffersMessage",
        new byte[] {1}), StandardCharsets.US_ASCII);
    String path = wire.substring("POST ".length(), wire.indexOf(" HTTP/1.1"));
    String from = wire.substring(wire.indexOf("Libprocess-From: ") + 17, wire.indexOf("\r\nConnection"));

    Envelope envelope = Envelope.parse(path, from, null);

    assertThat(envelope).isEqualTo(new Envelope(MASTER, "scheduler-1", "mesos.internal.ResourceOffersMessage"));
  }
}
