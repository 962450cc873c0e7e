package io.mesosbridge.operator.leadership;

import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
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
        assertThat(url.username()).isNull();
        assertThat(url).hasToString("zk://10.0.0.1:2181,10.0.0.2:2181/mesos");
    }

    @Test
    void credentialsBeforeTheServersAreKeptForDigestAuthentication() {
        ZooKeeperUrl url = ZooKeeperUrl.parse(" zk://jane:secret@zk1:2181/clusters/prod/ ");
        assertThat(url.credentials()).isEqualTo("jane:secret");
        assertThat(url.username()).isEqualTo("jane");
        assertThat(url.servers()).isEqualTo("zk1:2181");
        assertThat(url.path()).isEqualTo("/clusters/prod");
    }

    @Test
    void thePasswordEndsAtTheLastAtSignAndMayHoldColons() {
        ZooKeeperUrl url = ZooKeeperUrl.parse("zk://jane:p@ss:w0rd@zk1,zk2:2182/mesos");
        assertThat(url.credentials()).isEqualTo("jane:p@ss:w0rd");
        assertThat(url.servers()).isEqualTo("zk1,zk2:2182");
    }

    @Test
    void thePasswordIsNeverPrinted() {
        ZooKeeperUrl url = ZooKeeperUrl.parse("zk://jane:secret@zk1:2181/mesos");
        assertThat(url).hasToString("zk://jane:***@zk1:2181/mesos");
        assertThatThrownBy(() -> ZooKeeperUrl.parse("zk://jane:secret@zk1:port/mesos"))
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> ZooKeeperUrl.parse("zk://secret@zk1:2181/mesos"))
                .hasMessageNotContaining("secret");
    }

    @Test
    void withCredentialsTheNodesAreReadableByAnyoneAndChangeableByTheirCreator() {
        assertThat(ZooKeeperPublisher.acl(ZooKeeperUrl.parse("zk://jane:secret@zk1:2181/mesos"))).containsExactly(
                new ACL(ZooDefs.Perms.READ, new Id("world", "anyone")),
                new ACL(ZooDefs.Perms.ALL, new Id("auth", "")));
        assertThat(ZooKeeperPublisher.acl(ZooKeeperUrl.parse("zk://zk1:2181/mesos")))
                .isEqualTo(ZooDefs.Ids.OPEN_ACL_UNSAFE);
    }

    @Test
    void badUrlsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> ZooKeeperUrl.parse("zoo://zk1:2181/mesos"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Expecting 'zk://' at the beginning of the URL");
        for (String rootPath : new String[] {"zk://zk1:2181", "zk://zk1:2181/", "zk://zk1:2181//"}) {
            assertThatThrownBy(() -> ZooKeeperUrl.parse(rootPath))
                    .hasMessage("Expecting a (chroot) path for ZooKeeper ('/' is not supported)");
        }
        assertThatThrownBy(() -> ZooKeeperUrl.parse("zk://zk1:2181/a//b"))
                .hasMessageStartingWith("Invalid ZooKeeper path '/a//b': ");
        assertThatThrownBy(() -> ZooKeeperUrl.parse("zk:///mesos"))
                .hasMessage("Expecting ZooKeeper servers (host:port[,host:port...]) in the URL");
        assertThatThrownBy(() -> ZooKeeperUrl.parse("zk://jane:secret@/mesos"))
                .hasMessage("Expecting ZooKeeper servers (host:port[,host:port...]) in the URL");
        assertThatThrownBy(() -> ZooKeeperUrl.parse("zk://zk1:2181,:2181/mesos"))
                .hasMessage("Invalid ZooKeeper server ':2181': no host");
        assertThatThrownBy(() -> ZooKeeperUrl.parse("zk://zk1:2181,/mesos"))
                .hasMessage("Invalid ZooKeeper server '': no host");
        for (String port : new String[] {"port", "0", "65536", "", "-1"}) {
            assertThatThrownBy(() -> ZooKeeperUrl.parse("zk://zk1:" + port + "/mesos"))
                    .hasMessage("Invalid ZooKeeper server 'zk1:" + port + "': the port must be a number from 1 to 65535");
        }
        for (String credentials : new String[] {"jane", ":secret", ""}) {
            assertThatThrownBy(() -> ZooKeeperUrl.parse("zk://" + credentials + "@zk1:2181/mesos"))
                    .hasMessage("Expecting 'username:password' before '@' in the ZooKeeper URL (digest authentication)");
        }
    }
}
