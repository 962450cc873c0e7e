package io.mesosbridge.operator.pods;

import io.mesosbridge.mesos.v1.Protos.FrameworkInfo;
import io.mesosbridge.mesos.v1.Protos.TaskInfo;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which Unix user a task runs as. A Mesos agent runs a task as a user name it looks up on the agent; a Pod needs
 * numbers, so names map to a uid (and gid) through a table; a name the table does not know runs as the default
 * account, never as root.
 *
 * @param accounts       user name to account
 * @param defaultAccount the account of every other user
 */
public record TaskUsers(Map<String, Account> accounts, Account defaultAccount) {

    /** The table a bridge has unless configured otherwise. */
    public static final String DEFAULT_TABLE = "root=0,nobody=65534";
    public static final long DEFAULT_UID = 65534;
    /** (uid_t) -1 means "no change" to the kernel, so the largest id is one less. */
    private static final long MAX_ID = 0xFFFF_FFFEL;

    /** A numeric identity; {@code listed} says whether the table named it or it is the default account. */
    public record Account(long uid, long gid, boolean listed) {

        public boolean isRoot() {
            return uid == 0;
        }
    }

    public TaskUsers {
        accounts = Map.copyOf(accounts);
        if (defaultAccount.isRoot()) {
            throw new IllegalArgumentException("The default task uid must not be 0: a user nobody listed would run"
                    + " as root");
        }
    }

    public static TaskUsers defaults() {
        return parse(DEFAULT_TABLE, DEFAULT_UID);
    }

    /**
     * The table from {@code name=uid[:gid]} entries separated by commas (the gid is the uid when not given), and
     * the uid (and gid) of every other user.
     *
     * @throws IllegalArgumentException naming the entry that is not of that form
     */
    public static TaskUsers parse(String table, long defaultUid) {
        Map<String, Account> accounts = new LinkedHashMap<>();
        for (String entry : table.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int equals = entry.indexOf('=');
            String name = equals < 0 ? "" : entry.substring(0, equals).trim();
            if (name.isEmpty()) {
                throw new IllegalArgumentException("Task user entry '" + entry.trim() + "' is not name=uid[:gid]");
            }
            String[] ids = entry.substring(equals + 1).trim().split(":", -1);
            if (ids.length > 2) {
                throw new IllegalArgumentException("Task user entry '" + entry.trim() + "' is not name=uid[:gid]");
            }
            long uid = id(entry, ids[0]);
            accounts.put(name, new Account(uid, ids.length == 2 ? id(entry, ids[1]) : uid, true));
        }
        if (defaultUid < 0 || defaultUid > MAX_ID) {
            throw new IllegalArgumentException("The default task uid " + defaultUid + " is not a uid (0 to " + MAX_ID
                    + ")");
        }
        return new TaskUsers(accounts, new Account(defaultUid, defaultUid, false));
    }

    private static long id(String entry, String text) {
        try {
            long id = Long.parseLong(text.trim());
            if (id >= 0 && id <= MAX_ID) {
                return id;
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw new IllegalArgumentException("Task user entry '" + entry.trim() + "': '" + text.trim()
                + "' is not a uid or gid (0 to " + MAX_ID + ")");
    }

    /**
     * The Mesos user a task runs as, as a Mesos master decides it: {@code CommandInfo.user} when the task sets
     * one, else the framework's {@code FrameworkInfo.user}. This is the user the run_tasks ACL is asked about.
     */
    public static String effectiveUser(FrameworkInfo framework, TaskInfo task) {
        if (task.hasCommand() && task.getCommand().hasUser()) {
            return task.getCommand().getUser();
        }
        return framework.getUser();
    }

    /** The account {@code user} runs as: its entry in the table, or the default account. */
    public Account accountOf(String user) {
        return accounts.getOrDefault(user, defaultAccount);
    }
}
