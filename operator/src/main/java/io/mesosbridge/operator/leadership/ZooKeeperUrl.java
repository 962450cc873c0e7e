package io.mesosbridge.operator.leadership;

import org.apache.zookeeper.common.PathUtils;

/**
 * A Mesos ZooKeeper URL, {@code zk://[username:password@]host1:port1[,host2:port2...]/path}, parsed as Mesos's
 * {@code zookeeper::URL} does (the path starts at the first '/', the credentials end at the last '@') and then
 * checked, so that a bad {@code --zk} fails at start-up with a clear message. With credentials, the master
 * authenticates with ZooKeeper's digest scheme and creates its znodes readable by anyone, changeable only by itself.
 * {@link #toString()} hides the password.
 *
 * @param credentials {@code username:password} for digest authentication, or null
 * @param servers     the connect string, {@code host1:port1,host2:port2}
 * @param path        the znode under which masters register, e.g. {@code /mesos}
 */
public record ZooKeeperUrl(String credentials, String servers, String path) {

    private static final String SCHEME = "zk://";

    /** Parses and validates {@code url}; the messages of the {@link IllegalArgumentException}s never hold the password. */
    public static ZooKeeperUrl parse(String url) {
        String rest = url.strip();
        if (!rest.startsWith(SCHEME)) {
            throw new IllegalArgumentException("Expecting 'zk://' at the beginning of the URL");
        }
        rest = rest.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "/" : rest.substring(slash);
        while (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.equals("/")) {
            throw new IllegalArgumentException("Expecting a (chroot) path for ZooKeeper ('/' is not supported)");
        }
        try {
            PathUtils.validatePath(path);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid ZooKeeper path '" + path + "': " + e.getMessage());
        }
        int at = authority.lastIndexOf('@');
        String credentials = at < 0 ? null : authority.substring(0, at);
        String servers = authority.substring(at + 1);
        if (credentials != null && credentials.indexOf(':') <= 0) {
            throw new IllegalArgumentException(
                    "Expecting 'username:password' before '@' in the ZooKeeper URL (digest authentication)");
        }
        validateServers(servers);
        return new ZooKeeperUrl(credentials, servers, path);
    }

    /** The digest username, or null without credentials. */
    public String username() {
        return credentials == null ? null : credentials.substring(0, credentials.indexOf(':'));
    }

    @Override
    public String toString() {
        return SCHEME + (credentials == null ? "" : username() + ":***@") + servers + path;
    }

    private static void validateServers(String servers) {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("Expecting ZooKeeper servers (host:port[,host:port...]) in the URL");
        }
        for (String server : servers.split(",", -1)) {
            int colon = server.lastIndexOf(':');
            String host = colon < 0 ? server : server.substring(0, colon);
            if (host.isEmpty()) {
                throw new IllegalArgumentException("Invalid ZooKeeper server '" + server + "': no host");
            }
            if (colon >= 0 && !validPort(server.substring(colon + 1))) {
                throw new IllegalArgumentException("Invalid ZooKeeper server '" + server
                        + "': the port must be a number from 1 to 65535");
            }
        }
    }

    private static boolean validPort(String port) {
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(Character::isDigit)) {
            return false;
        }
        int number = Integer.parseInt(port);
        return number >= 1 && number <= 65535;
    }
}
