package io.mesosbridge.conventions;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which Kubernetes namespace holds the tasks of a Mesos role. Three rules:
 * <ul>
 * <li>{@code single}: every role's tasks in one namespace (the bridge's own);
 * <li>{@code prefix}: role {@code r} in namespace {@code <prefix>r}, and role {@code *} in the bridge's namespace. A
 * role that is not already a DNS label once prefixed (upper case, '_', '.', a hierarchical {@code a/b}, too long)
 * becomes its cleaned form followed by a short hash of the role ({@code a/b} to {@code <prefix>a-b-1f2e3d4c}), so two
 * roles never share a namespace;
 * <li>{@code table}: {@code role=namespace} entries; role {@code *} unlisted goes to the bridge's namespace, any other
 * unlisted role has no namespace (its tasks are refused).
 * </ul>
 * A namespace that the rule gives one role only is {@link #exclusive} to it: only there can the role's quota become a
 * ResourceQuota.
 */
public final class RoleNamespaces {

    public enum Mode { SINGLE, PREFIX, TABLE }

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private final Mode mode;
    private final String defaultNamespace;
    private final String prefix;
    private final Map<String, String> table;

    private RoleNamespaces(Mode mode, String defaultNamespace, String prefix, Map<String, String> table) {
        this.mode = mode;
        this.defaultNamespace = defaultNamespace;
        this.prefix = prefix;
        this.table = Map.copyOf(table);
    }

    public static RoleNamespaces single(String namespace) {
        return new RoleNamespaces(Mode.SINGLE, namespace, "", Map.of());
    }

    public static RoleNamespaces prefixed(String defaultNamespace, String prefix) {
        if (!prefix.isEmpty() && !DNS_LABEL.matcher(prefix + "x").matches()) {
            throw new IllegalArgumentException("role namespace prefix '" + prefix
                    + "' must be lower case letters, digits and '-', starting with a letter or digit");
        }
        return new RoleNamespaces(Mode.PREFIX, defaultNamespace, prefix, Map.of());
    }

    /** {@code entries}: {@code role=namespace} pairs separated by commas. */
    public static RoleNamespaces table(String defaultNamespace, String entries) {
        Map<String, String> table = new LinkedHashMap<>();
        for (String entry : entries.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int equals = entry.lastIndexOf('=');
            String role = equals < 0 ? "" : entry.substring(0, equals).trim();
            String namespace = equals < 0 ? "" : entry.substring(equals + 1).trim();
            if (role.isEmpty() || !isNamespaceName(namespace)) {
                throw new IllegalArgumentException("role namespace table entry '" + entry.trim()
                        + "' is not role=namespace with a namespace that is a DNS label");
            }
            if (table.put(role, namespace) != null) {
                throw new IllegalArgumentException("role namespace table names role '" + role + "' twice");
            }
        }
        return new RoleNamespaces(Mode.TABLE, defaultNamespace, "", table);
    }

    /** The rule the settings name: {@code single}, {@code prefix} or {@code table} (any case). */
    public static RoleNamespaces of(String mode, String defaultNamespace, String prefix, String table) {
        return switch (mode.trim().toLowerCase(Locale.ROOT)) {
            case "single" -> single(defaultNamespace);
            case "prefix" -> prefixed(defaultNamespace, prefix);
            case "table" -> table(defaultNamespace, table);
            default -> throw new IllegalArgumentException("role namespace mode '" + mode
                    + "' is not one of single, prefix, table");
        };
    }

    public Mode mode() {
        return mode;
    }

    /** The bridge's own namespace, which holds role {@code *} (and, in {@code single} mode, every role). */
    public String defaultNamespace() {
        return defaultNamespace;
    }

    /** The namespace of {@code role}'s tasks, or empty when the rule gives it none. */
    public Optional<String> namespaceOf(String role) {
        if (mode == Mode.SINGLE || role.equals("*")) {
            return Optional.of(mode == Mode.TABLE ? table.getOrDefault(role, defaultNamespace) : defaultNamespace);
        }
        if (mode == Mode.TABLE) {
            return Optional.ofNullable(table.get(role));
        }
        String plain = prefix + role;
        if (plain.length() <= LabelNames.MAX_NAME && isNamespaceName(plain)) {
            return Optional.of(plain);
        }
        String hash = LabelNames.shortHash(role);
        String cleaned = LabelNames.trimDashes(LabelNames.clean(prefix + role));
        int room = LabelNames.MAX_NAME - hash.length() - 1;
        if (cleaned.length() > room) {
            cleaned = LabelNames.trimDashes(cleaned.substring(0, room));
        }
        return Optional.of(cleaned.isEmpty() ? "r-" + hash : cleaned + "-" + hash);
    }

    /** Whether {@code role} is the only role whose tasks go to its namespace. */
    public boolean exclusive(String role) {
        return switch (mode) {
            case SINGLE -> false;
            case PREFIX -> !role.equals("*");
            case TABLE -> namespaceOf(role).map(namespace -> table.entrySet().stream()
                    .filter(entry -> entry.getValue().equals(namespace))
                    .allMatch(entry -> entry.getKey().equals(role))
                    && (role.equals("*") || !namespace.equals(defaultNamespace) || table.containsKey("*")))
                    .orElse(false);
        };
    }

    private static boolean isNamespaceName(String name) {
        return name.length() <= LabelNames.MAX_NAME && DNS_LABEL.matcher(name).matches();
    }
}
