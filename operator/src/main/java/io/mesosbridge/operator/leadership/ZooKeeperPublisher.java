package io.mesosbridge.operator.leadership;

import io.mesosbridge.mesos.json.MesosJson;
import io.mesosbridge.mesos.v1.Protos.MasterInfo;
import io.mesosbridge.operator.config.BridgeConfig;
import io.mesosbridge.operator.threads.BridgeThreads;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Mesos master detection through ZooKeeper: the leading master creates an EPHEMERAL_SEQUENTIAL node
 * {@code <path>/json.info_<sequence>} holding its MasterInfo as JSON, as Mesos masters do, so frameworks configured
 * with {@code zk://host:2181/mesos} find it. The node goes when this master stops (or its session expires); a new
 * session publishes again. With credentials in the URL the session authenticates (digest) and the nodes it creates
 * are readable by anyone and changeable only by that identity, Mesos's {@code EVERYONE_READ_CREATOR_ALL}; without,
 * they are open to all, as Mesos leaves them.
 */
@ApplicationScoped
public class ZooKeeperPublisher {

    private static final Logger LOG = Logger.getLogger(ZooKeeperPublisher.class);
    static final int SESSION_TIMEOUT_MILLIS = 10_000;

    private final BridgeConfig config;
    private final ExecutorService republisher;
    private ZooKeeper session;
    private String published;
    private MasterInfo info;

    public ZooKeeperPublisher(BridgeConfig config, BridgeThreads threads) {
        this.config = config;
        this.republisher = threads.pool("zookeeper-republish", 1);
    }

    /** Publishes {@code masterInfo} when a ZooKeeper URL is configured; does nothing otherwise. */
    public synchronized void publish(MasterInfo masterInfo) {
        if (config.zk().isEmpty()) {
            return;
        }
        this.info = masterInfo;
        ZooKeeperUrl url = ZooKeeperUrl.parse(config.zk().get());
        try {
            session = connect(url);
            List<ACL> acl = acl(url);
            createParents(session, url.path(), acl);
            published = session.create(url.path() + "/json.info_",
                    MesosJson.print(masterInfo).getBytes(StandardCharsets.UTF_8), acl, CreateMode.EPHEMERAL_SEQUENTIAL);
            LOG.infof("published this master in ZooKeeper as %s", published);
        } catch (IOException | KeeperException e) {
            throw new IllegalStateException("cannot publish the master in ZooKeeper at " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public synchronized void close() {
        if (session == null) {
            return;
        }
        try {
            if (published != null) {
                session.delete(published, -1);
            }
        } catch (KeeperException e) {
            LOG.debugf("master node %s already gone", published);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                session.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            session = null;
            published = null;
        }
    }

    private ZooKeeper connect(ZooKeeperUrl url) throws IOException, InterruptedException {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(url.servers(), SESSION_TIMEOUT_MILLIS, event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            } else if (event.getState() == Watcher.Event.KeeperState.Expired) {
                republishAfterExpiry();
            }
        });
        if (!connected.await(SESSION_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
            zk.close();
            throw new IOException("no ZooKeeper server answered at " + url.servers());
        }
        if (url.credentials() != null) {
            zk.addAuthInfo("digest", url.credentials().getBytes(StandardCharsets.UTF_8));
        }
        return zk;
    }

    private void republishAfterExpiry() {
        republisher.execute(() -> {
            MasterInfo current;
            synchronized (this) {
                current = info;
                session = null;
                published = null;
            }
            LOG.warn("the ZooKeeper session expired; publishing this master again");
            publish(current);
        });
    }

    static List<ACL> acl(ZooKeeperUrl url) {
        if (url.credentials() == null) {
            return ZooDefs.Ids.OPEN_ACL_UNSAFE;
        }
        List<ACL> everyoneReadsCreatorAll = new ArrayList<>(ZooDefs.Ids.READ_ACL_UNSAFE);
        everyoneReadsCreatorAll.addAll(ZooDefs.Ids.CREATOR_ALL_ACL);
        return everyoneReadsCreatorAll;
    }

    private static void createParents(ZooKeeper zk, String path, List<ACL> acl)
            throws KeeperException, InterruptedException {
        StringBuilder prefix = new StringBuilder();
        for (String part : path.substring(1).split("/")) {
            prefix.append('/').append(part);
            try {
                zk.create(prefix.toString(), new byte[0], acl, CreateMode.PERSISTENT);
            } catch (KeeperException.NodeExistsException alreadyThere) {
                // created by another master or an earlier run
            }
        }
    }
}
