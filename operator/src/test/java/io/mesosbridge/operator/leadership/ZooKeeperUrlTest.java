package io.mesosbridge.operator.leadership;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ZooKeeperUrlTest {

    @Test
    void aPlainUrlNamesServersAndPath() {
        ZooKeeperUrl url = ZooKeeperUrl.parse("zk://10.0.0.1:2181,10.0.0.2:2181/mesos");
        assertThat(url.servers()).isEqualTo("10.0.0.1:2181,10.0.0.2:2181");
        assertThat(url.path()).isEqualTo("/mesos");
        assertThat(url.credentials()).isNull();
    }

    @Test
    void credentialsBeforeTheServersAreKeptForDigestAuthentication() {
        ZooKeeperUrl url = ZooKeeperUrl.parse("zk://jane:secret@zk1:2181/clusters/prod/");
        assertThat(url.credentials()).isEqualTo("jane:secret");
        assertThat(url.servers()).isEqualTo("zk1:2181");
        assertThat(url.path()).isEqualTo("/clusters/prod");
    }

    @Test
    void urlsWithoutSchemeOrPathAreRejected() {
        assertThatThrownBy(() -> ZooKeeperUrl.parse("zoo://zk1:2181/mesos")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ZooKeeperUrl.parse("zk://zk1:2181")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ZooKeeperUrl.parse("zk://zk1:2181/")).isInstanceOf(IllegalArgumentException.class);
    }
}
