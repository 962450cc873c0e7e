package io.mesosbridge.mesos.libprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UpidTest {

  @Test
  void aSchedulerPidParsesIntoItsIdHostAndPort() {
    Upid pid = Upid.parse("scheduler-e82879e9-9dc5-4e7f-8992-1c5581fd63bb@127.0.0.1:42637");

    assertThat(pid.id()).isEqualTo("scheduler-e82879e9-9dc5-4e7f-8992-1c5581fd63bb");
    assertThat(pid.host()).isEqualTo("127.0.0.1");
    assertThat(pid.port()).isEqualTo(42637);
    assertThat(pid.address()).isEqualTo("127.0.0.1:42637");
    assertThat(pid).hasToString("scheduler-e82879e9-9dc5-4e7f-8992-1c5581fd63bb@127.0.0.1:42637");
  }

  @Test
  void processIdsWithParenthesesAndHostNamesAreLibprocessPids() {
    assertThat(Upid.parse("crammd5-authenticatee(1)@10.0.0.9:5051").id()).isEqualTo("crammd5-authenticatee(1)");
    assertThat(Upid.parse("slave(1)@node-1.example.org:5051").host()).isEqualTo("node-1.example.org");
  }

  @Test
  void anotherProcessAtTheSameAddressKeepsTheAddress() {
    assertThat(Upid.parse("scheduler-1@10.0.0.9:41234").withId("slave(1)"))
        .isEqualTo(new Upid("slave(1)", "10.0.0.9", 41234));
  }

  @Test
  void whatIsNotIdAtHostColonPortIsRefusedWithTheReason() {
    assertThatThrownBy(() -> Upid.parse("")).hasMessageContaining("empty");
    assertThatThrownBy(() -> Upid.parse("scheduler@10.0.0.1")).hasMessageContaining("id@host:port");
    assertThatThrownBy(() -> Upid.parse("@10.0.0.1:5050")).hasMessageContaining("id@host:port");
    assertThatThrownBy(() -> Upid.parse("master@10.0.0.1:0")).hasMessageContaining("out of range");
    assertThatThrownBy(() -> Upid.parse("master@10.0.0.1:70000")).hasMessageContaining("out of range");
    assertThatThrownBy(() -> Upid.parse("master@[::1]:5050")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Upid.parse("master@host name:5050")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Upid.parse("master@-bad.host:5050")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Upid.parse("a/b@10.0.0.1:5050")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anOverlongPidIsRefusedBeforeItIsMatched() {
    assertThatThrownBy(() -> Upid.parse("x".repeat(600) + "@10.0.0.1:5050")).hasMessageContaining("longer than");
  }

  @Test
  void unprintableCharactersDoNotReachTheErrorMessage() {
    assertThatThrownBy(() -> Upid.parse("mas\nter@10.0.0.1:5050"))
        .hasMessageNotContaining("\n").hasMessageContaining("mas?ter");
  }
}
