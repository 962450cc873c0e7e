package io.mesosbridge.mesos.libprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponseReaderTest {

  private static final String ACCEPTED =
      "HTTP/1.1 202 Accepted\r\nDate: Tue, 01 Dec 2026 12:00:00 GMT\r\nContent-Length: 0\r\n\r\n";

  @Test
  void theAnswersOfALibprocessPeerAreReadAsTheyCome() throws Exception {
    ResponseReader reader = new ResponseReader();

    assertThat(reader.feed(bytes(ACCEPTED + ACCEPTED))).containsExactly(202, 202);
    assertThat(reader.feed(bytes("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"))).containsExactly(404);
  }

  @Test
  void anAnswerCutAnywhereIsReadOnceWhole() throws Exception {
    String wire = ACCEPTED + "HTTP/1.1 404 Not Found\r\nContent-Length: 5\r\n\r\nnope!" + ACCEPTED;
    for (int cut = 0; cut <= wire.length(); cut++) {
      ResponseReader reader = new ResponseReader();
      List<Integer> statuses = new ArrayList<>(reader.feed(bytes(wire.substring(0, cut))));
      statuses.addAll(reader.feed(bytes(wire.substring(cut))));
      assertThat(statuses).as("cut at %d", cut).containsExactly(202, 404, 202);
    }
  }

  @Test
  void chunkedBodiesAndBareLineFeedsAreSkippedToTheNextAnswer() throws Exception {
    ResponseReader reader = new ResponseReader();

    assertThat(reader.feed(bytes("HTTP/1.1 500 Oops\nTransfer-Encoding: chunked\n\n4;x=y\r\nabcd\r\n0\r\n\r\n"
        + ACCEPTED))).containsExactly(500, 202);
  }

  @Test
  void whatIsNotAnHttpResponseIsAnError() {
    assertThatThrownBy(() -> new ResponseReader().feed(bytes("SSH-2.0-OpenSSH\r\n")))
        .isInstanceOf(MalformedResponseException.class).hasMessageContaining("not an HTTP response");
    assertThatThrownBy(() -> new ResponseReader().feed(bytes("HTTP/1.1 20 Short\r\n\r\n")))
        .hasMessageContaining("bad status line");
    assertThatThrownBy(() -> new ResponseReader().feed(bytes("HTTP/1.1 202 A\r\nContent-Length: -1\r\n\r\n")))
        .hasMessageContaining("number");
    assertThatThrownBy(() -> new ResponseReader().feed(bytes("HTTP/1.1 202 A\r\nno colon\r\n\r\n")))
        .hasMessageContaining("bad header line");
  }

  @Test
  void aHeadThatNeverEndsIsAnErrorOnceOverTheLimit() {
    ResponseReader reader = new ResponseReader();
    String header = "X-Filler: " + "a".repeat(100) + "\r\n";

    assertThatThrownBy(() -> {
      reader.feed(bytes("HTTP/1.1 202 Accepted\r\n"));
      for (int i = 0; i < 100; i++) {
        reader.feed(bytes(header));
      }
    }).isInstanceOf(MalformedResponseException.class).hasMessageContaining("longer than");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }
}
