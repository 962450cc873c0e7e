package io.mesosbridge.operator.it;

import io.mesosbridge.testcluster.RealCluster;
import io.mesosbridge.testcluster.WithRealCluster;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.data.Stat;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A bridge whose {@code --zk} URL holds credentials ({@code zk://user:password@host:port/path}) publishes its
 * MasterInfo in znodes that anyone may read (frameworks detect the master without credentials) but only the bridge's
 * digest identity may change or delete, as a Mesos master does with an authenticated ZooKeeper URL.
 */
@WithRealCluster
class ZooKeeperAclIT {

    private static final String NAMESPACE = "it-zookeeper-acl";
    private static final String CREDENTIALS = "bridge:s3cr3t-zk";

    @Test
    void withCredentialsThePublishedNodesAreWorldReadableAndOnlyTheCreatorMayChangeThem(RealCluster cluster)
            throws Exception {
        try (ZooKeeperServer zookeeper = ZooKeeperServer.start()) {
            String zkUrl = "zk://" + CREDENTIALS + "@" + zookeeper.connectString() + "/secured/mesos";
            BridgeProcess bridge = BridgeProcess.start(cluster, NAMESPACE, Map.of("mesos-bridge.zk", zkUrl));
            try {
                List<ACL> creatorAllWorldRead = List.of(
                        new ACL(ZooDefs.Perms.READ, ZooDefs.Ids.ANYONE_ID_UNSAFE),
                        new ACL(ZooDefs.Perms.ALL, new Id("digest",
                                DigestAuthenticationProvider.generateDigest(CREDENTIALS))));
                ZooKeeper anonymous = connect(zookeeper.connectString());
                List<String> children = anonymous.getChildren("/secured/mesos", false);
                assertThat(children).singleElement().asString().matches("json\\.info_\\d{10}");
                String published = "/secured/mesos/" + children.get(0);
                ZooKeeper creator = connect(zookeeper.connectString());
                creator.addAuthInfo("digest", CREDENTIALS.getBytes(StandardCharsets.UTF_8));
                for (String node : List.of("/secured", "/secured/mesos", published)) {
                    assertThat(creator.getACL(node, new Stat())).as(node)
                            .containsExactlyInAnyOrderElementsOf(creatorAllWorldRead);
                    // ZooKeeper shows others the digest identity without its hash
                    assertThat(anonymous.getACL(node, new Stat())).as(node).containsExactlyInAnyOrder(
                            new ACL(ZooDefs.Perms.READ, ZooDefs.Ids.ANYONE_ID_UNSAFE),
                            new ACL(ZooDefs.Perms.ALL, new Id("digest", "bridge:x")));
                }
                creator.close();
                String info = new String(anonymous.getData(published, false, null), StandardCharsets.UTF_8);
                assertThat(info).contains("\"pid\":\"master@127.0.0.1:" + bridge.port() + "\"");

                assertThatThrownBy(() -> anonymous.delete(published, -1))
                        .isInstanceOf(KeeperException.NoAuthException.class);
                assertThatThrownBy(() -> anonymous.setData(published, "{}".getBytes(StandardCharsets.UTF_8), -1))
                        .isInstanceOf(KeeperException.NoAuthException.class);
                assertThatThrownBy(() -> anonymous.create("/secured/mesos/json.info_", new byte[0],
                        ZooDefs.Ids.OPEN_ACL_UNSAFE, org.apache.zookeeper.CreateMode.EPHEMERAL_SEQUENTIAL))
                        .as("no impostor master beside it").isInstanceOf(KeeperException.NoAuthException.class);
                ZooKeeper otherUser = connect(zookeeper.connectString());
                otherUser.addAuthInfo("digest", "mallory:guess".getBytes(StandardCharsets.UTF_8));
                assertThatThrownBy(() -> otherUser.delete(published, -1))
                        .isInstanceOf(KeeperException.NoAuthException.class);
                assertThat(anonymous.exists(published, false)).isNotNull();
                otherUser.close();
                anonymous.close();

                assertThat(Files.readString(bridge.log())).contains("published this master in ZooKeeper")
                        .doesNotContain("s3cr3t-zk");
            } finally {
                bridge.stopAndRemoveNamespace();
            }
            ZooKeeper after = connect(zookeeper.connectString());
            assertThat(after.getChildren("/secured/mesos", false)).as("the bridge removed its own node").isEmpty();
            after.close();
        }
    }

    private static ZooKeeper connect(String servers) throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(servers, 10_000, event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        assertThat(connected.await(15, TimeUnit.SECONDS)).isTrue();
        return zk;
    }
}
