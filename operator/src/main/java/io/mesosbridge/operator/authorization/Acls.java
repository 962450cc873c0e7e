package io.mesosbridge.operator.authorization;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ACLs of a Mesos master's {@code --acls} flag (Mesos's {@code ACLs} message of {@code acls.proto} in its JSON
 * form): {@code permissive} (default true) and, per action, a list of ACLs, each naming its subjects
 * ({@code principals}) and its objects (a field named after the action, e.g. {@code roles}).
 *
 * <p>The ACLs are operator input, so anything Mesos would silently ignore and that could change a decision is an
 * error here: a top-level key Mesos does not know, an unknown key in an ACL or an entity (a misspelled
 * {@code "value"} would otherwise match nothing), a missing {@code principals} or object field (both are
 * {@code required} in acls.proto), a duplicated key. Lists of actions Mesos has but the bridge does not (e.g.
 * {@code access_sandboxes}) are accepted, so that a Mesos ACL file works unchanged, and reported by
 * {@link #unenforcedActions()}.
 */
public final class Acls {

    /** The other lists of Mesos 1.11's {@code ACLs} message: nothing in the bridge performs these actions. */
    private static final Set<String> MESOS_ACTIONS_NOT_IN_THE_BRIDGE = Set.of(
            "get_endpoints", "access_sandboxes", "access_mesos_logs", "view_flags", "set_log_level",
            "launch_nested_containers_as_user", "launch_nested_containers_under_parent_with_user",
            "kill_nested_containers", "wait_nested_containers", "launch_nested_container_sessions_as_user",
            "launch_nested_container_sessions_under_parent_with_user", "attach_containers_input",
            "attach_containers_output", "view_containers", "remove_nested_containers", "register_agents",
            "launch_standalone_containers", "kill_standalone_containers", "wait_standalone_containers",
            "remove_standalone_containers", "view_standalone_containers", "modify_resource_provider_configs",
            "mark_resource_providers_gone", "view_resource_providers", "prune_images", "resize_volumes",
            "create_block_disks", "destroy_block_disks", "create_mount_disks", "destroy_mount_disks",
            "destroy_raw_disks");

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** One ACL: who (subjects) may or may not do the action on what (objects). */
    record Acl(Entity principals, Entity objects) {
    }

    private final boolean permissive;
    private final Map<Action, List<Acl>> byAction;
    private final List<String> unenforcedActions;

    private Acls(boolean permissive, Map<Action, List<Acl>> byAction, List<String> unenforcedActions) {
        this.permissive = permissive;
        this.byAction = byAction;
        this.unenforcedActions = List.copyOf(unenforcedActions);
    }

    /** No {@code --acls}: every request is authorized, as a Mesos master without ACLs authorizes everything. */
    public static Acls none() {
        return new Acls(true, new EnumMap<>(Action.class), List.of());
    }

    /**
     * Reads the value of {@code --acls} as Mesos does: a path ({@code /path/to/file} or {@code file:///path/to/file})
     * to a JSON file, or else the JSON itself.
     */
    public static Acls fromFlag(String value) {
        String path = value.startsWith("file://") ? value.substring("file://".length())
                : value.startsWith("/") ? value : null;
        if (path == null) {
            return parse(value, "the value of mesos-bridge.acls");
        }
        try {
            return parse(Files.readString(Path.of(path)), "'" + path + "'");
        } catch (IOException e) {
            throw new IllegalArgumentException("Error reading file '" + path + "': " + e.getMessage(), e);
        }
    }

    /**
     * Parses ACLs in Mesos's JSON format.
     *
     * @param sourceName what error messages call the content, e.g. the file's path
     */
    public static Acls parse(String content, String sourceName) {
        JsonNode root;
        try {
            root = JSON.readTree(content);
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            String position = where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
            throw new IllegalArgumentException("Invalid JSON in the ACLs of " + sourceName + position + ": "
                    + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("Invalid ACLs in " + sourceName + ": expected a JSON object");
        }
        Parser parser = new Parser(sourceName);
        boolean permissive = true;
        Map<Action, List<Acl>> byAction = new EnumMap<>(Action.class);
        List<String> unenforced = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = root.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (key.equals("permissive")) {
                if (!value.isBoolean()) {
                    throw parser.invalid("permissive", "expected true or false");
                }
                permissive = value.booleanValue();
            } else if (Action.ofAclsField(key).isPresent()) {
                Action action = Action.ofAclsField(key).get();
                byAction.put(action, parser.acls(action, value));
            } else if (MESOS_ACTIONS_NOT_IN_THE_BRIDGE.contains(key)) {
                parser.array(key, value);
                unenforced.add(key);
            } else {
                throw parser.invalid(key, "unknown field: not an action of Mesos's ACLs");
            }
        }
        return new Acls(permissive, byAction, unenforced);
    }

    /** Whether a request that no ACL matches is authorized. */
    public boolean permissive() {
        return permissive;
    }

    List<Acl> of(Action action) {
        return byAction.getOrDefault(action, List.of());
    }

    /** The lists of Mesos actions given but never checked, because the bridge performs no such action. */
    public List<String> unenforcedActions() {
        return unenforcedActions;
    }

    private record Parser(String sourceName) {

        List<Acl> acls(Action action, JsonNode list) {
            String where = action.aclsField();
            array(where, list);
            List<Acl> acls = new ArrayList<>();
            for (int index = 0; index < list.size(); index++) {
                String at = where + "[" + index + "]";
                JsonNode acl = list.get(index);
                if (!acl.isObject()) {
                    throw invalid(at, "expected an object");
                }
                for (Iterator<String> names = acl.fieldNames(); names.hasNext(); ) {
                    String name = names.next();
                    if (!name.equals("principals") && !name.equals(action.objectField())) {
                        throw invalid(at, "unknown field '" + name + "' (expected 'principals' and '"
                                + action.objectField() + "')");
                    }
                }
                Entity principals = entity(at + ".principals", acl.get("principals"));
                Entity objects = entity(at + "." + action.objectField(), acl.get(action.objectField()));
                if (action.objectKind() == Action.ObjectKind.IMPLICIT && objects.type() == Entity.Type.SOME) {
                    throw new IllegalArgumentException("Invalid ACLs in " + sourceName + ": ACL."
                            + action.protoMessage() + " type must be either NONE or ANY");
                }
                acls.add(new Acl(principals, objects));
            }
            return List.copyOf(acls);
        }

        void array(String where, JsonNode value) {
            if (!value.isArray()) {
                throw invalid(where, "expected an array of ACLs");
            }
        }

        private Entity entity(String where, JsonNode entity) {
            if (entity == null || entity.isNull()) {
                throw invalid(where, "missing (required)");
            }
            if (!entity.isObject()) {
                throw invalid(where, "expected an object with 'values' or 'type'");
            }
            for (Iterator<String> names = entity.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!name.equals("type") && !name.equals("values")) {
                    throw invalid(where, "unknown field '" + name + "' (expected 'values' or 'type')");
                }
            }
            Entity.Type type = Entity.Type.SOME;
            JsonNode typeNode = entity.get("type");
            if (typeNode != null) {
                try {
                    type = Entity.Type.valueOf(typeNode.isTextual() ? typeNode.textValue() : "");
                } catch (IllegalArgumentException e) {
                    throw invalid(where + ".type", "expected \"SOME\", \"ANY\" or \"NONE\", found " + typeNode);
                }
            }
            List<String> values = new ArrayList<>();
            JsonNode valuesNode = entity.get("values");
            if (valuesNode != null) {
                if (!valuesNode.isArray()) {
                    throw invalid(where + ".values", "expected an array of strings");
                }
                for (JsonNode value : valuesNode) {
                    if (!value.isTextual()) {
                        throw invalid(where + ".values", "expected an array of strings, found " + value);
                    }
                    values.add(value.textValue());
                }
            }
            return new Entity(type, values);
        }

        IllegalArgumentException invalid(String where, String problem) {
            return new IllegalArgumentException("Invalid ACLs in " + sourceName + ": '" + where + "': " + problem);
        }
    }
}
