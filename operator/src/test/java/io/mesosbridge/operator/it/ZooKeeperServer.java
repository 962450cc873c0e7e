package io.mesosbridge.operator.it;

import org.apache.zookeeper.server.ServerConfig;
import org.apache.zookeeper.server.ZooKeeperServerMain;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

/** A real Apache ZooKeeper server (from Maven Central), standalone, on a free loopback port, for one test class. */
final class ZooKeeperServer implements AutoCloseable {

    private final StoppableMain main = new StoppableMain();
    private final int port;
    private final Thread thread;

    private ZooKeeperServer(int port, Path dataDir) {
        this.port = port;
        ServerConfig config = new ServerConfig();
        try {
            config.parse(new String[] {String.valueOf(port), dataDir.toString()});
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        thread = new Thread(() -> {
            try {
                main.runFromConfig(config);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "zookeeper-server");
        thread.setDaemon(true);
    }

    static ZooKeeperServer start() throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        return start(port);
    }

    /** On {@code port}, which must be free: the seed's example, for one, looks for ZooKeeper at localhost:2181. */
    static ZooKeeperServer start(int port) throws IOException, InterruptedException {
        try (Socket taken = new Socket("127.0.0.1", port)) {
            throw new IllegalStateException("port " + port + " is taken; ZooKeeper cannot start there");
        } catch (IOException free) {
            // nobody listens there: the server may start
        }
        System.setProperty("zookeeper.admin.enableServer", "false");
        ZooKeeperServer server = new ZooKeeperServer(port, Files.createTempDirectory("zookeeper"));
        server.thread.start();
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return server;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("ZooKeeper did not start on port " + port);
    }

    String connectString() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() {
        main.stop();
    }

    private static final class StoppableMain extends ZooKeeperServerMain {
        void stop() {
            shutdown();
        }
    }
}
