package io.mesosbridge.operator.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mesosbridge.mesos.media.MediaTypes;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.scheduler.Protos.Call;
import io.mesosbridge.testcluster.RealCluster;
import io.mesosbridge.testcluster.WithRealCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /master/state} and the operator API's {@code GET_STATE} are two prints of one master: every framework, agent
 * and task field both carry has the same value in both (and {@code /flags} and {@code GET_FLAGS} list the same flags
 * with the same values). Both are compared as JSON after mapping the known differences of form: {@code slave_id}
 * and {@code agent_id}, ids as strings and as {@code {value}}, resources as the summarised object and as a list,
 * times in seconds and as {@code TimeInfo}, capabilities as names and as {@code {type}}.
 */
@WithRealCluster
class StateAgreementIT {

    private static final String NAMESPACE = "it-state-agreement";
    private static final String NODE = "agreement-node";
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Task fields a Mesos 1.11 master prints in GET_STATE only (src/common/http.cpp json(Task) has no kill_policy). */
    private static final Set<String> ONLY_IN_GET_STATE = Set.of("kill_policy");
    private static BridgeProcess bridge;
    private static TestScheduler scheduler;

    @BeforeAll
    static void startBridgeAndLaunch(RealCluster cluster) throws Exception {
        cluster.createKwokNode(NODE, Map.of("cpu", "4", "memory", "8Gi"),
                Map.of("mesos.mesosbridge.io/attribute.rack", "r1"));
        cluster.awaitNodeReady(NODE, TIMEOUT);
        bridge = BridgeProcess.start(cluster, NAMESPACE, BridgeProcess.onlyNode(NODE));

        // a framework that stays connected, with a running task and a completed one
        scheduler = new TestScheduler(bridge.url(), MediaTypes.JSON);
        scheduler.subscribe(TestScheduler.frameworkInfo("agreement").setHostname("scheduler-host")
                .setWebuiUrl("http://scheduler-host/ui").setCheckpoint(true)
                .setLabels(Protos.Labels.newBuilder().addLabels(label("team", "platform"))).build());
        Protos.Offer offer = scheduler.awaitOffer(o -> o.getHostname().equals(NODE), TIMEOUT);
        Protos.TaskInfo checked = TestScheduler.commandTask("checked", offer, "sleep 3600", 0.2, 64)
                .setLabels(Protos.Labels.newBuilder().addLabels(label("tier", "web")).addLabels(label("canary", "")))
                .setHealthCheck(Protos.HealthCheck.newBuilder().setType(Protos.HealthCheck.Type.COMMAND)
                        .setCommand(Protos.CommandInfo.newBuilder().setValue("true"))
                        .setIntervalSeconds(10).setConsecutiveFailures(3))
                .setKillPolicy(Protos.KillPolicy.newBuilder().setGracePeriod(Protos.DurationInfo.newBuilder()
                        .setNanoseconds(5_000_000_000L)))
                .build();
        Protos.TaskInfo done = TestScheduler.commandTask("done", offer, "sleep 3600", 0.1, 32).build();
        assertThat(scheduler.launch(offer, checked, done).statusCode()).isEqualTo(202);
        scheduler.awaitState("checked", TaskState.TASK_RUNNING, TIMEOUT);
        scheduler.awaitState("done", TaskState.TASK_RUNNING, TIMEOUT);
        scheduler.kill("done");
        scheduler.awaitState("done", TaskState.TASK_KILLED, TIMEOUT);

        // a completed framework
        TestScheduler gone = new TestScheduler(bridge.url(), MediaTypes.JSON);
        gone.subscribe(TestScheduler.frameworkInfo("agreement-gone").build());
        gone.close();

        // no offers in flight while the two are read
        scheduler.call(Call.newBuilder().setType(Call.Type.SUPPRESS).setSuppress(Call.Suppress.getDefaultInstance()));
        JsonNode state = MasterHttp.await(bridge.url(), "/master/state", s -> {
            for (JsonNode framework : s.path("frameworks")) {
                for (JsonNode outstanding : framework.path("offers")) {
                    try {
                        scheduler.call(Call.newBuilder().setType(Call.Type.DECLINE).setDecline(Call.Decline
                                .newBuilder().addOfferIds(Protos.OfferID.newBuilder()
                                        .setValue(outstanding.path("id").asText()))
                                .setFilters(Protos.Filters.newBuilder().setRefuseSeconds(3600))));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
                if (!framework.path("offers").isEmpty()) {
                    return false;
                }
            }
            return true;
        }, TIMEOUT);
        assertThat(state.path("frameworks").findValues("offers")).allMatch(JsonNode::isEmpty);
    }

    @AfterAll
    static void stopBridge(RealCluster cluster) throws Exception {
        if (scheduler != null) {
            scheduler.close();
        }
        bridge.stopAndRemoveNamespace();
        cluster.client().nodes().withName(NODE).delete();
    }

    @Test
    void masterStateAndGetStateAgreeOnEveryFrameworkAgentAndTask() throws Exception {
        List<String> mismatches = List.of();
        for (int attempt = 0; attempt < 3; attempt++) {
            JsonNode state = MasterHttp.get(bridge.url(), "/master/state");
            JsonNode getState = MasterHttp.operatorCall(bridge.url(), "{\"type\":\"GET_STATE\"}").path("get_state");
            mismatches = compare(state, getState);
            if (mismatches.isEmpty()) {
                break;
            }
            Thread.sleep(2000);
        }
        assertThat(mismatches).as("fields on which /master/state and GET_STATE disagree").isEmpty();
    }

    @Test
    void flagsAndGetFlagsListTheSameFlagsWithTheSameValues() throws Exception {
        Map<String, String> flags = new TreeMap<>();
        MasterHttp.get(bridge.url(), "/flags").path("flags").fields()
                .forEachRemaining(flag -> flags.put(flag.getKey(), flag.getValue().asText()));
        Map<String, String> getFlags = new TreeMap<>();
        MasterHttp.operatorCall(bridge.url(), "{\"type\":\"GET_FLAGS\"}").path("get_flags").path("flags")
                .forEach(flag -> getFlags.put(flag.path("name").asText(), flag.path("value").asText()));

        List<String> mismatches = new ArrayList<>();
        Set<String> names = new TreeSet<>(flags.keySet());
        names.addAll(getFlags.keySet());
        for (String name : names) {
            if (!flags.containsKey(name)) {
                mismatches.add(name + ": only in GET_FLAGS (" + getFlags.get(name) + ")");
            } else if (!getFlags.containsKey(name)) {
                mismatches.add(name + ": only in /flags (" + flags.get(name) + ")");
            } else if (!flags.get(name).equals(getFlags.get(name))) {
                mismatches.add(name + ": /flags " + flags.get(name) + ", GET_FLAGS " + getFlags.get(name));
            }
        }
        assertThat(mismatches).as("flags on which /flags and GET_FLAGS disagree").isEmpty();
    }

    // -- the comparison ---------------------------------------------------------------------------------------------

    private static List<String> compare(JsonNode state, JsonNode getState) {
        List<String> mismatches = new ArrayList<>();

        Map<String, ObjectNode> stateFrameworks = new TreeMap<>();
        Map<String, ObjectNode> stateTasks = new TreeMap<>();
        for (String list : List.of("frameworks", "completed_frameworks")) {
            for (JsonNode framework : state.path(list)) {
                stateFrameworks.put(list + " " + framework.path("id").asText(), frameworkFromState(framework));
                for (String tasks : List.of("tasks", "unreachable_tasks", "completed_tasks")) {
                    for (JsonNode task : framework.path(tasks)) {
                        stateTasks.put(tasks + " " + task.path("framework_id").asText() + "/"
                                + task.path("id").asText(), taskFromState(task));
                    }
                }
            }
        }
        Map<String, ObjectNode> apiFrameworks = new TreeMap<>();
        for (String list : List.of("frameworks", "completed_frameworks")) {
            for (JsonNode framework : getState.path("get_frameworks").path(list)) {
                apiFrameworks.put(list + " " + framework.path("framework_info").path("id").path("value").asText(),
                        frameworkFromGetState(framework));
            }
        }
        Map<String, ObjectNode> apiTasks = new TreeMap<>();
        for (String tasks : List.of("tasks", "unreachable_tasks", "completed_tasks")) {
            for (JsonNode task : getState.path("get_tasks").path(tasks)) {
                apiTasks.put(tasks + " " + task.path("framework_id").path("value").asText() + "/"
                        + task.path("task_id").path("value").asText(), taskFromGetState(task));
            }
        }
        Map<String, ObjectNode> stateAgents = new TreeMap<>();
        state.path("slaves").forEach(agent -> stateAgents.put(agent.path("id").asText(), agentFromState(agent)));
        Map<String, ObjectNode> apiAgents = new TreeMap<>();
        getState.path("get_agents").path("agents").forEach(agent -> apiAgents.put(
                agent.path("agent_info").path("id").path("value").asText(), agentFromGetState(agent)));

        compareAll("framework", stateFrameworks, apiFrameworks, Set.of(), mismatches);
        compareAll("task", stateTasks, apiTasks, ONLY_IN_GET_STATE, mismatches);
        compareAll("agent", stateAgents, apiAgents, Set.of(), mismatches);
        if (stateTasks.keySet().stream().noneMatch(key -> key.endsWith("/checked"))) {
            mismatches.add("task checked: in neither (the test launched it)");
        }
        return mismatches;
    }

    /** Every entity in both, field by field; a field only one side carries is a mismatch unless {@code oneSided}. */
    private static void compareAll(String kind, Map<String, ObjectNode> state, Map<String, ObjectNode> getState,
                                   Set<String> oneSided, List<String> mismatches) {
        Set<String> keys = new TreeSet<>(state.keySet());
        keys.addAll(getState.keySet());
        for (String key : keys) {
            ObjectNode a = state.get(key);
            ObjectNode b = getState.get(key);
            if (a == null || b == null) {
                mismatches.add(kind + " " + key + ": only in " + (a == null ? "GET_STATE" : "/master/state"));
                continue;
            }
            Set<String> fields = new TreeSet<>();
            a.fieldNames().forEachRemaining(fields::add);
            b.fieldNames().forEachRemaining(fields::add);
            for (String field : fields) {
                JsonNode x = a.get(field);
                JsonNode y = b.get(field);
                if (x == null || y == null) {
                    if (!(x == null && oneSided.contains(field))) {
                        mismatches.add(kind + " " + key + " " + field + ": /master/state " + x + ", GET_STATE " + y);
                    }
                } else if (!same(x, y)) {
                    mismatches.add(kind + " " + key + " " + field + ": /master/state " + x + ", GET_STATE " + y);
                }
            }
        }
    }

    /** Equal JSON, numbers within a millisecond (times) or a millionth (resources). */
    private static boolean same(JsonNode x, JsonNode y) {
        if (x.isNumber() && y.isNumber()) {
            return Math.abs(x.asDouble() - y.asDouble()) <= 1e-3;
        }
        if (x.isObject() && y.isObject()) {
            Set<String> names = new TreeSet<>();
            x.fieldNames().forEachRemaining(names::add);
            y.fieldNames().forEachRemaining(names::add);
            return names.stream().allMatch(name -> x.has(name) && y.has(name) && same(x.get(name), y.get(name)));
        }
        if (x.isArray() && y.isArray()) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!same(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return x.equals(y);
    }

    // -- /master/state to the common form -------------------------------------------------------------------------

    private static ObjectNode frameworkFromState(JsonNode f) {
        ObjectNode common = NODES.objectNode();
        copy(f, "id", common, "id");
        copy(f, "name", common, "name");
        copy(f, "user", common, "user");
        copy(f, "failover_timeout", common, "failover_timeout");
        copy(f, "checkpoint", common, "checkpoint");
        copy(f, "hostname", common, "hostname");
        copy(f, "webui_url", common, "webui_url");
        copy(f, "principal", common, "principal");
        copy(f, "role", common, "role");
        copy(f, "roles", common, "roles");
        copy(f, "active", common, "active");
        copy(f, "connected", common, "connected");
        copy(f, "recovered", common, "recovered");
        copy(f, "registered_time", common, "registered_time");
        copy(f, "labels", common, "labels");
        common.set("capabilities", sortedTexts(f.path("capabilities")));
        common.set("used_resources", resourcesObject(f.path("used_resources")));
        common.set("offered_resources", resourcesObject(f.path("offered_resources")));
        common.set("offer_ids", sortedTexts(f.path("offers").findValues("id")));
        return common;
    }

    private static ObjectNode taskFromState(JsonNode t) {
        ObjectNode common = NODES.objectNode();
        copy(t, "id", common, "id");
        copy(t, "name", common, "name");
        copy(t, "framework_id", common, "framework_id");
        copy(t, "executor_id", common, "executor_id");
        copy(t, "slave_id", common, "agent_id");
        copy(t, "state", common, "state");
        copy(t, "role", common, "role");
        copy(t, "labels", common, "labels");
        copy(t, "health_check", common, "health_check");
        copy(t, "kill_policy", common, "kill_policy");
        copy(t, "container", common, "container");
        copy(t, "discovery", common, "discovery");
        copy(t, "user", common, "user");
        copy(t, "limits", common, "limits");
        common.set("resources", resourcesObject(t.path("resources")));
        common.set("statuses", statuses(t.path("statuses")));
        return common;
    }

    private static ObjectNode agentFromState(JsonNode a) {
        ObjectNode common = NODES.objectNode();
        copy(a, "id", common, "id");
        copy(a, "hostname", common, "hostname");
        copy(a, "port", common, "port");
        copy(a, "attributes", common, "attributes");
        copy(a, "pid", common, "pid");
        copy(a, "registered_time", common, "registered_time");
        copy(a, "active", common, "active");
        copy(a, "version", common, "version");
        copy(a, "drain_info", common, "drain_info");
        common.set("capabilities", sortedTexts(a.path("capabilities")));
        common.set("resources", resourcesObject(a.path("resources")));
        common.set("used_resources", resourcesObject(a.path("used_resources")));
        common.set("offered_resources", resourcesObject(a.path("offered_resources")));
        return common;
    }

    // -- GET_STATE to the common form -----------------------------------------------------------------------------

    private static ObjectNode frameworkFromGetState(JsonNode f) {
        JsonNode info = f.path("framework_info");
        boolean multiRole = info.path("capabilities").findValuesAsText("type").contains("MULTI_ROLE");
        ObjectNode common = NODES.objectNode();
        common.put("id", info.path("id").path("value").asText());
        copy(info, "name", common, "name");
        copy(info, "user", common, "user");
        common.put("failover_timeout", info.path("failover_timeout").asDouble(0));
        common.put("checkpoint", info.path("checkpoint").asBoolean(false));
        common.put("hostname", info.path("hostname").asText(""));
        common.put("webui_url", info.path("webui_url").asText(""));
        copy(info, "principal", common, "principal");
        if (multiRole) {
            common.set("roles", info.has("roles") ? info.get("roles") : NODES.arrayNode());
        } else {
            common.put("role", info.path("role").asText("*"));
        }
        common.put("active", f.path("active").asBoolean(false));
        common.put("connected", f.path("connected").asBoolean(false));
        common.put("recovered", f.path("recovered").asBoolean(false));
        if (f.has("registered_time")) {
            common.put("registered_time", seconds(f.get("registered_time")));
        }
        if (info.has("labels")) {
            common.set("labels", info.path("labels").path("labels"));
        }
        common.set("capabilities", sortedTexts(info.path("capabilities").findValues("type")));
        common.set("used_resources", resourcesObject(f.path("allocated_resources")));
        common.set("offered_resources", resourcesObject(f.path("offered_resources")));
        common.set("offer_ids", sortedTexts(f.path("offers").findValues("id").stream()
                .map(id -> id.path("value")).toList()));
        return common;
    }

    private static ObjectNode taskFromGetState(JsonNode t) {
        ObjectNode common = NODES.objectNode();
        common.put("id", t.path("task_id").path("value").asText());
        copy(t, "name", common, "name");
        common.put("framework_id", t.path("framework_id").path("value").asText());
        common.put("executor_id", t.path("executor_id").path("value").asText(""));
        common.put("agent_id", t.path("agent_id").path("value").asText());
        copy(t, "state", common, "state");
        JsonNode firstResource = t.path("resources").path(0);
        if (firstResource.path("allocation_info").has("role")) {
            common.set("role", firstResource.path("allocation_info").get("role"));
        }
        if (t.has("labels")) {
            common.set("labels", t.path("labels").path("labels"));
        }
        copy(t, "health_check", common, "health_check");
        copy(t, "kill_policy", common, "kill_policy");
        copy(t, "container", common, "container");
        copy(t, "discovery", common, "discovery");
        copy(t, "user", common, "user");
        if (t.has("limits") && !t.get("limits").isEmpty()) {
            ObjectNode limits = common.putObject("limits");
            t.get("limits").fields().forEachRemaining(limit -> limits.set(limit.getKey(),
                    limit.getValue().path("value")));
        }
        common.set("resources", resourcesObject(t.path("resources")));
        common.set("statuses", statuses(t.path("statuses")));
        return common;
    }

    private static ObjectNode agentFromGetState(JsonNode a) {
        JsonNode info = a.path("agent_info");
        ObjectNode common = NODES.objectNode();
        common.put("id", info.path("id").path("value").asText());
        copy(info, "hostname", common, "hostname");
        common.put("port", info.path("port").asInt(5051));
        common.set("attributes", attributesObject(info.path("attributes")));
        copy(a, "pid", common, "pid");
        if (a.has("registered_time")) {
            common.put("registered_time", seconds(a.get("registered_time")));
        }
        common.put("active", a.path("active").asBoolean(false));
        copy(a, "version", common, "version");
        copy(a, "drain_info", common, "drain_info");
        common.set("capabilities", sortedTexts(a.path("capabilities").findValues("type")));
        common.set("resources", resourcesObject(a.path("total_resources")));
        common.set("used_resources", resourcesObject(a.path("allocated_resources")));
        common.set("offered_resources", resourcesObject(a.path("offered_resources")));
        return common;
    }

    // -- the known differences of form ----------------------------------------------------------------------------

    /**
     * Resources as /master/state prints them: already an object there; a list in GET_STATE, summed per name
     * (scalars added, ranges merged and printed {@code [a-b, c-d]}, sets as {@code {a, b}}). cpus, gpus, mem and
     * disk are always present.
     */
    static ObjectNode resourcesObject(JsonNode resources) {
        ObjectNode object = NODES.objectNode();
        for (String name : List.of("cpus", "gpus", "mem", "disk")) {
            object.put(name, 0.0);
        }
        if (resources.isObject()) {
            resources.fields().forEachRemaining(field -> object.set(field.getKey(), field.getValue().isTextual()
                    ? NODES.textNode(field.getValue().asText().replace(" ", "")) : field.getValue()));
            return object;
        }
        Map<String, List<long[]>> ranges = new TreeMap<>();
        Map<String, Set<String>> sets = new TreeMap<>();
        for (JsonNode resource : resources) {
            String name = resource.path("name").asText() + (resource.has("revocable") ? "_revocable" : "");
            switch (resource.path("type").asText()) {
                case "SCALAR" -> object.put(name, object.path(name).asDouble(0)
                        + resource.path("scalar").path("value").asDouble());
                case "RANGES" -> resource.path("ranges").path("range").forEach(range -> ranges
                        .computeIfAbsent(name, key -> new ArrayList<>())
                        .add(new long[] {range.path("begin").asLong(), range.path("end").asLong()}));
                case "SET" -> resource.path("set").path("item").forEach(item -> sets
                        .computeIfAbsent(name, key -> new TreeSet<>()).add(item.asText()));
                default -> object.put(name, "unknown type " + resource.path("type").asText());
            }
        }
        ranges.forEach((name, list) -> object.put(name, rangesText(list)));
        sets.forEach((name, items) -> object.put(name, "{" + String.join(",", items) + "}"));
        return object;
    }

    private static String rangesText(List<long[]> ranges) {
        List<long[]> sorted = new ArrayList<>(ranges);
        sorted.sort((p, q) -> Long.compare(p[0], q[0]));
        List<long[]> merged = new ArrayList<>();
        for (long[] range : sorted) {
            long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && range[0] <= last[1] + 1) {
                last[1] = Math.max(last[1], range[1]);
            } else {
                merged.add(range.clone());
            }
        }
        List<String> parts = new ArrayList<>();
        merged.forEach(range -> parts.add(range[0] + "-" + range[1]));
        return "[" + String.join(",", parts) + "]";
    }

    /** Agent attributes as /master/state prints them: an object of name to number or text. */
    private static ObjectNode attributesObject(JsonNode attributes) {
        ObjectNode object = NODES.objectNode();
        for (JsonNode attribute : attributes) {
            String name = attribute.path("name").asText();
            switch (attribute.path("type").asText()) {
                case "SCALAR" -> object.set(name, attribute.path("scalar").path("value"));
                case "TEXT" -> object.set(name, attribute.path("text").path("value"));
                case "RANGES" -> {
                    List<long[]> ranges = new ArrayList<>();
                    attribute.path("ranges").path("range").forEach(r -> ranges.add(
                            new long[] {r.path("begin").asLong(), r.path("end").asLong()}));
                    object.put(name, rangesText(ranges));
                }
                case "SET" -> {
                    List<String> items = new ArrayList<>();
                    attribute.path("set").path("item").forEach(item -> items.add(item.asText()));
                    object.put(name, "{" + String.join(", ", items) + "}");
                }
                default -> object.put(name, "unknown type " + attribute.path("type").asText());
            }
        }
        return object;
    }

    /** The statuses of a task as both print them: state and timestamp of each, in order. */
    private static ArrayNode statuses(JsonNode statuses) {
        ArrayNode list = NODES.arrayNode();
        for (JsonNode status : statuses) {
            ObjectNode common = list.addObject();
            copy(status, "state", common, "state");
            copy(status, "timestamp", common, "timestamp");
            copy(status, "healthy", common, "healthy");
        }
        return list;
    }

    /** A TimeInfo ({@code {nanoseconds}}) in seconds, as /master/state prints times. */
    private static double seconds(JsonNode timeInfo) {
        return timeInfo.path("nanoseconds").asLong() / 1e9;
    }

    private static ArrayNode sortedTexts(JsonNode values) {
        List<JsonNode> list = new ArrayList<>();
        values.forEach(list::add);
        return sortedTexts(list);
    }

    private static ArrayNode sortedTexts(List<JsonNode> values) {
        ArrayNode array = NODES.arrayNode();
        values.stream().map(JsonNode::asText).sorted().forEach(array::add);
        return array;
    }

    private static void copy(JsonNode from, String field, ObjectNode to, String as) {
        if (from.has(field) && !from.get(field).isNull()) {
            to.set(as, from.get(field));
        }
    }

    private static Protos.Label label(String key, String value) {
        return Protos.Label.newBuilder().setKey(key).setValue(value).build();
    }
}
