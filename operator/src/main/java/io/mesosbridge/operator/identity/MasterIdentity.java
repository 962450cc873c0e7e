package io.mesosbridge.operator.identity;

import io.mesosbridge.mesos.v1.Protos.Address;
import io.mesosbridge.mesos.v1.Protos.MasterInfo;
import io.mesosbridge.operator.config.BridgeConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Who this master is: its id (new at every start, as a Mesos master's), its MasterInfo, and the ids it hands out
 * ({@code <master id>-0001} for frameworks, {@code <master id>-O7} for offers), in the forms Mesos uses.
 */
@ApplicationScoped
public class MasterIdentity {

    public static final String MESOS_VERSION = "1.11.0";

    private final String id = UUID.randomUUID().toString();
    private final long startTimeMillis = System.currentTimeMillis();
    private final AtomicLong frameworks = new AtomicLong();
    private final AtomicLong offers = new AtomicLong();
    private final MasterInfo masterInfo;

    public MasterIdentity(BridgeConfig config) {
        String hostname = config.advertisedHost().orElseGet(MasterIdentity::localHostname);
        String ip = config.advertisedIp();
        int port = config.advertisedPort();
        this.masterInfo = MasterInfo.newBuilder()
                .setId(id)
                .setIp(networkOrderIp(ip))
                .setPort(port)
                .setPid("master@" + ip + ":" + port)
                .setHostname(hostname)
                .setVersion(MESOS_VERSION)
                .setAddress(Address.newBuilder().setHostname(hostname).setIp(ip).setPort(port))
                .build();
    }

    public String id() {
        return id;
    }

    public MasterInfo masterInfo() {
        return masterInfo;
    }

    public long startTimeMillis() {
        return startTimeMillis;
    }

    public String nextFrameworkId() {
        return String.format("%s-%04d", id, frameworks.getAndIncrement());
    }

    public String nextOfferId() {
        return id + "-O" + offers.getAndIncrement();
    }

    /** MasterInfo.ip: the IPv4 address as Mesos stores it, the first octet in the lowest byte (127.0.0.1 = 16777343). */
    static int networkOrderIp(String dottedQuad) {
        String[] octets = dottedQuad.split("\\.");
        if (octets.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + dottedQuad);
        }
        int ip = 0;
        for (int i = 0; i < 4; i++) {
            ip |= (Integer.parseInt(octets[i]) & 0xff) << (8 * i);
        }
        return ip;
    }

    private static String localHostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
