package io.mesosbridge.operator.leadership;

/**
 * A Mesos ZooKeeper URL, {@code zk://[user:password@]host1:port1[,host2:port2...]/path}.
 *
 * @param credentials {@code user:password} for digest authentication, or null
 * @param servers     the connect string, {@code host1:port1,host2:port2}
 * @param path        the znode under which masters register, e.g. {@code /mesos}
 */
public record ZooKeeperUrl(String credentials, String servers, String path) {

    public static ZooKeeperUrl parse(String url) {
        if (!url.startsWith("zk://")) {
            throw new IllegalArgumentException("a ZooKeeper URL starts with zk://: " + url);
        }
        String rest = url.substring("zk://".length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            throw new IllegalArgumentException("a ZooKeeper URL names servers and a path: " + url);
        }
        String authority = rest.substring(0, slash);
        String path = rest.substring(slash);
        while (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        int at = authority.lastIndexOf('@');
        String credentials = at < 0 ? null : authority.substring(0, at);
        String servers = at < 0 ? authority : authority.substring(at + 1);
        return new ZooKeeperUrl(credentials, servers, path);
    }
}
