package io.mesosbridge.mesos.libprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EnvelopeTest {

  private static final String DRIVER = "scheduler-b9871b65-1c24-41f3-81cc-8776a58b1ecd@127.0.0.1:33375";

  @Test
  void aPostWithLibprocessFromOrALibprocessUserAgentIsAMessage() {
    assertThat(Envelope.isMessage("POST", DRIVER, null)).isTrue();
    assertThat(Envelope.isMessage("POST", null, "libprocess/" + DRIVER)).isTrue();
    assertThat(Envelope.isMessage("POST", null, "curl/8.0")).isFalse();
    assertThat(Envelope.isMessage("POST", null, null)).isFalse();
    assertThat(Envelope.isMessage("GET", DRIVER, null)).as("only POSTs carry messages").isFalse();
  }

  @Test
  void theMessageOfTheNativeDriverIsAddressedToTheMasterProcess() throws Exception {
    Envelope envelope = Envelope.parse("/master/mesos.scheduler.Call", DRIVER, "libprocess/" + DRIVER);

    assertThat(envelope.receiver()).isEqualTo("master");
    assertThat(envelope.name()).isEqualTo("mesos.scheduler.Call");
    assertThat(envelope.from()).isEqualTo(Upid.parse(DRIVER));
  }

  @Test
  void theSenderComesFromTheUserAgentOfOlderLibprocessVersions() throws Exception {
    Envelope envelope = Envelope.parse("/master/mesos.internal.RegisterFrameworkMessage", null,
        "libprocess/scheduler(1)@10.0.0.9:41234");

    assertThat(envelope.from()).isEqualTo(new Upid("scheduler(1)", "10.0.0.9", 41234));
    assertThat(envelope.name()).isEqualTo("mesos.internal.RegisterFrameworkMessage");
  }

  @Test
  void libprocessFromWinsOverTheUserAgentAndIsTrimmed() throws Exception {
    Envelope envelope = Envelope.parse("/master/mesos.scheduler.Call", "  " + DRIVER + " ",
        "libprocess/other@10.0.0.1:1");

    assertThat(envelope.from()).isEqualTo(Upid.parse(DRIVER));
  }

  @Test
  void aPercentEncodedProcessIdIsDecodedAsLibprocessDoes() throws Exception {
    Envelope envelope = Envelope.parse("/crammd5-authenticator-session%281%29/mesos.internal.AuthenticationStepMessage",
        DRIVER, null);

    assertThat(envelope.receiver()).isEqualTo("crammd5-authenticator-session(1)");
    assertThat(Envelope.percentDecoded("/a%2")).as("a cut escape stays as it is").isEqualTo("/a%2");
    assertThat(Envelope.percentDecoded("/a%zz")).isEqualTo("/a%zz");
  }

  @Test
  void requestsThatAreNotAddressedAsMessagesAreRefusedWithTheReason() {
    assertThatThrownBy(() -> Envelope.parse("master/mesos.scheduler.Call", DRIVER, null))
        .isInstanceOf(MalformedMessageException.class).hasMessageContaining("start with '/'");
    assertThatThrownBy(() -> Envelope.parse("/master", DRIVER, null))
        .hasMessageContaining("/<process>/<message>");
    assertThatThrownBy(() -> Envelope.parse("/master/api/v1/scheduler", DRIVER, null))
        .hasMessageContaining("not a message name");
    assertThatThrownBy(() -> Envelope.parse("//mesos.scheduler.Call", DRIVER, null))
        .hasMessageContaining("not a process id");
    assertThatThrownBy(() -> Envelope.parse("/master/mesos.scheduler.Call", "nobody", null))
        .hasMessageContaining("bad sender");
    assertThatThrownBy(() -> Envelope.parse("/" + "m".repeat(2000), DRIVER, null))
        .hasMessageContaining("longer than");
    assertThatThrownBy(() -> Envelope.parse(null, DRIVER, null)).hasMessageContaining("missing");
  }
}
