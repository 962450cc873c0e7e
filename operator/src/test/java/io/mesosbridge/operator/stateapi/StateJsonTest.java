package io.mesosbridge.operator.stateapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.Attribute;
import io.mesosbridge.mesos.v1.Protos.Value;
import io.mesosbridge.operator.roles.Quota;
import io.mesosbridge.operator.roles.RoleSettings;
import io.mesosbridge.operator.state.MasterSnapshot;
import io.mesosbridge.operator.state.MasterState;
import io.mesosbridge.operator.state.SnapshotFixture;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.mesosbridge.operator.state.SnapshotFixture.A1;
import static io.mesosbridge.operator.state.SnapshotFixture.A2;
import static io.mesosbridge.operator.state.SnapshotFixture.F1;
import static io.mesosbridge.operator.state.SnapshotFixture.F2;
import static org.assertj.core.api.Assertions.assertThat;

class StateJsonTest {

    private final MasterSnapshot snapshot = SnapshotFixture.snapshot();

    @Test
    void resourcesAreAnObjectWithTheFourScalarsAlwaysPresentAndRangesAndSetsAsMesosPrintsThem() {
        ObjectNode json = ResourcesJson.object(List.of(
                Resources.scalar("cpus", 0.1), Resources.scalar("cpus", 0.2), Resources.scalar("mem", 128),
                Resources.ranges("ports", 31005, 31005), Resources.ranges("ports", 31000, 31001),
                Resources.ranges("ports", 31002, 31003),
                Resources.set("zones", "a", "b"),
                Resources.scalar("cpus", 1).toBuilder()
                        .setRevocable(Protos.Resource.RevocableInfo.getDefaultInstance()).build()));

        assertThat(json.toString()).isEqualTo("{\"cpus\":0.3,\"gpus\":0.0,\"mem\":128.0,\"disk\":0.0,"
                + "\"cpus_revocable\":1.0,\"ports\":\"[31000-31003, 31005-31005]\",\"zones\":\"{a, b}\"}");
        assertThat(ResourcesJson.object(List.of()).toString())
                .isEqualTo("{\"cpus\":0.0,\"gpus\":0.0,\"mem\":0.0,\"disk\":0.0}");
    }

    @Test
    void attributesAreAnObjectOfScalarsAndStrings() {
        ObjectNode json = ResourcesJson.attributes(List.of(
                Attribute.newBuilder().setName("rack").setType(Value.Type.TEXT)
                        .setText(Value.Text.newBuilder().setValue("r1")).build(),
                Attribute.newBuilder().setName("level").setType(Value.Type.SCALAR)
                        .setScalar(Value.Scalar.newBuilder().setValue(2)).build(),
                Attribute.newBuilder().setName("bays").setType(Value.Type.RANGES)
                        .setRanges(Value.Ranges.newBuilder().addRange(Value.Range.newBuilder().setBegin(1).setEnd(4)))
                        .build()));

        assertThat(json.toString()).isEqualTo("{\"rack\":\"r1\",\"level\":2.0,\"bays\":\"[1-4]\"}");
    }

    @Test
    void stateHasTheTopLevelFieldsOfAMesosMasterWithTheLeaderAsAUpid() {
        ObjectNode state = StateJson.state(snapshot, StateJson::task);

        assertThat(fieldNames(state)).containsExactly("version", "build_date", "build_time", "build_user",
                "start_time", "elected_time", "id", "pid", "hostname", "capabilities", "activated_slaves",
                "deactivated_slaves", "unreachable_slaves", "leader", "leader_info", "flags", "slaves",
                "recovered_slaves", "frameworks", "completed_frameworks", "orphan_tasks", "unregistered_frameworks");
        assertThat(state.get("version").asText()).isEqualTo("1.11.0");
        assertThat(state.get("leader").asText()).isEqualTo("master@127.0.0.1:5050");
        assertThat(state.get("leader_info").toString())
                .isEqualTo("{\"id\":\"m\",\"pid\":\"master@127.0.0.1:5050\",\"port\":5050,\"hostname\":\"bridge-host\"}");
        assertThat(state.get("activated_slaves").isDouble()).isTrue();
        assertThat(state.get("activated_slaves").asDouble()).isEqualTo(1.0);
        assertThat(state.get("deactivated_slaves").asDouble()).isEqualTo(1.0);
        assertThat(state.get("unreachable_slaves").asDouble()).isEqualTo(1.0);
        assertThat(state.get("flags").get("allocation_interval").asText()).isEqualTo("1secs");
        assertThat(state.get("orphan_tasks")).isEmpty();
    }

    @Test
    void aSlaveHasItsPidPortAttributesAndResourceSummaries() {
        JsonNode slave = StateJson.state(snapshot, StateJson::task).get("slaves").get(0);

        assertThat(slave.get("id").asText()).isEqualTo(A1);
        assertThat(slave.get("hostname").asText()).isEqualTo("node-1");
        assertThat(slave.get("port").asInt()).isEqualTo(5051);
        assertThat(slave.get("pid").asText()).isEqualTo("slave(1)@10.0.0.1:5051");
        assertThat(slave.get("attributes").toString()).isEqualTo("{\"rack\":\"r1\"}");
        assertThat(slave.get("resources").toString()).isEqualTo(
                "{\"cpus\":4.0,\"gpus\":0.0,\"mem\":8192.0,\"disk\":10240.0,\"ports\":\"[31000-32000]\"}");
        // running (1 cpu) + staging (0.5 cpu); the FAILED task awaiting its acknowledgement holds nothing
        assertThat(slave.get("used_resources").get("cpus").asDouble()).isEqualTo(1.5);
        assertThat(slave.get("used_resources").get("mem").asDouble()).isEqualTo(192.0);
        assertThat(slave.get("offered_resources").get("cpus").asDouble()).isEqualTo(2.5);
        assertThat(slave.get("offered_resources").get("ports").asText()).isEqualTo("[31000-31001, 31005-31005]");
        assertThat(slave.get("unreserved_resources").get("cpus").asDouble()).isEqualTo(4.0);
        assertThat(slave.get("reserved_resources").isObject()).isTrue();
        assertThat(slave.get("active").asBoolean()).isTrue();
        assertThat(slave.get("version").asText()).isEqualTo("1.11.0");
        assertThat(slave.has("drain_info")).isFalse();
        JsonNode draining = StateJson.state(snapshot, StateJson::task).get("slaves").get(1);
        assertThat(draining.get("active").asBoolean()).isFalse();
        assertThat(draining.get("drain_info").get("state").asText()).isEqualTo("DRAINING");
        assertThat(draining.get("drain_info").get("config").get("mark_gone").asBoolean()).isFalse();
    }

    @Test
    void aFrameworkIsPrintedAsTheFullFrameworkWriterDoesWithAPidOnlyForLibprocessFrameworks() {
        JsonNode frameworks = StateJson.state(snapshot, StateJson::task).get("frameworks");
        JsonNode one = frameworks.get(0);
        JsonNode two = frameworks.get(1);

        assertThat(one.get("pid").asText()).as("a v0 framework").isEqualTo("scheduler-1@10.0.0.9:41234");
        assertThat(two.has("pid")).as("an HTTP framework").isFalse();
        assertThat(one.get("id").asText()).isEqualTo(F1);
        assertThat(one.get("role").asText()).isEqualTo("dev");
        assertThat(one.has("roles")).isFalse();
        assertThat(two.get("roles").toString()).isEqualTo("[\"prod\",\"dev\"]");
        assertThat(two.has("role")).isFalse();
        assertThat(two.get("capabilities").toString()).isEqualTo("[\"MULTI_ROLE\"]");
        assertThat(one.get("active").asBoolean()).isTrue();
        assertThat(two.get("connected").asBoolean()).isFalse();
        assertThat(one.get("failover_timeout").asDouble()).isEqualTo(60.0);
        assertThat(one.get("registered_time").asDouble()).isEqualTo(50.5);
        assertThat(one.get("used_resources").get("cpus").asDouble()).isEqualTo(1.5);
        assertThat(one.get("offered_resources").get("cpus").asDouble()).isEqualTo(2.5);
        assertThat(one.get("resources").get("cpus").asDouble()).isEqualTo(4.0);
        assertThat(ids(one.get("tasks"))).containsExactly("t-running", "t-staging");
        assertThat(ids(one.get("completed_tasks"))).containsExactly("t-done");
        assertThat(ids(two.get("tasks"))).containsExactly("t-failed-unacked");
        assertThat(ids(two.get("unreachable_tasks"))).containsExactly("t-unreachable");
        assertThat(one.get("offers").get(0).toString()).isEqualTo("{\"id\":\"m-O1\",\"framework_id\":\"" + F1
                + "\",\"allocation_info\":{},\"slave_id\":\"" + A1 + "\",\"resources\":{\"cpus\":2.5,\"gpus\":0.0,"
                + "\"mem\":4096.0,\"disk\":0.0,\"ports\":\"[31000-31001, 31005-31005]\"}}");
        assertThat(two.get("offers")).isEmpty();
        assertThat(two.get("executors")).isEmpty();
        assertThat(two.has("completed_executors")).as("a Mesos master keeps no completed executors").isFalse();
    }

    @Test
    void aTaskGroupsExecutorIsListedUnderItsFrameworkAsTheMasterPrintsAnExecutorInfo() {
        JsonNode executor = StateJson.state(snapshot, StateJson::task).get("frameworks").get(0).get("executors")
                .get(0);

        assertThat(fieldNames(executor)).containsExactly("executor_id", "name", "framework_id", "command",
                "resources", "role", "type", "slave_id");
        assertThat(executor.get("executor_id").asText()).isEqualTo("group-1");
        assertThat(executor.get("name").asText()).isEmpty();
        assertThat(executor.get("framework_id").asText()).isEqualTo(F1);
        assertThat(executor.get("command").toString()).isEqualTo("{\"argv\":[],\"uris\":[]}");
        assertThat(executor.get("resources").get("cpus").asDouble()).isEqualTo(0.1);
        assertThat(executor.get("resources").get("mem").asDouble()).isEqualTo(32.0);
        assertThat(executor.get("role").asText()).isEqualTo("dev");
        assertThat(executor.get("type").asText()).isEqualTo("DEFAULT");
        assertThat(executor.get("slave_id").asText()).isEqualTo(A1);
        assertThat(StateJson.frameworks(snapshot, F1, StateJson::task).get("frameworks").get(0).get("executors"))
                .hasSize(1);
    }

    @Test
    void anExecutorsCommandIsPrintedAsTheMasterPrintsACommandInfo() {
        Protos.CommandInfo command = Protos.CommandInfo.newBuilder().setShell(false).setValue("./run")
                .addArguments("run").addUris(Protos.CommandInfo.URI.newBuilder().setValue("http://x/a.tgz"))
                .build();

        assertThat(StateJson.command(command).toString()).isEqualTo("{\"shell\":false,\"value\":\"./run\","
                + "\"argv\":[\"run\"],\"uris\":[{\"value\":\"http://x/a.tgz\",\"executable\":false}]}");
    }

    @Test
    void aTaskHasTheFieldsOfMesosJsonTaskWithStatusesAndTheContainerIp() {
        JsonNode task = StateJson.state(snapshot, StateJson::task).get("frameworks").get(0).get("tasks").get(0);

        assertThat(fieldNames(task)).containsExactly("id", "name", "framework_id", "executor_id", "slave_id", "state",
                "resources", "role", "statuses", "labels");
        assertThat(task.get("executor_id").asText()).isEmpty();
        assertThat(task.get("slave_id").asText()).isEqualTo(A1);
        assertThat(task.get("state").asText()).isEqualTo("TASK_RUNNING");
        assertThat(task.get("role").asText()).isEqualTo("dev");
        assertThat(task.get("resources").toString())
                .isEqualTo("{\"cpus\":1.0,\"gpus\":0.0,\"mem\":128.0,\"disk\":0.0}");
        assertThat(task.get("labels").toString()).isEqualTo("[{\"key\":\"k\",\"value\":\"v\"}]");
        JsonNode status = task.get("statuses").get(0);
        assertThat(status.get("state").asText()).isEqualTo("TASK_RUNNING");
        assertThat(status.get("timestamp").asDouble()).isEqualTo(20.0);
        assertThat(status.at("/container_status/network_infos/0/ip_addresses/0/ip_address").asText())
                .isEqualTo("10.244.0.7");
    }

    @Test
    void tasksAreSortedByFirstStatusDescendingByDefaultAndPaged() {
        assertThat(ids(StateJson.tasks(snapshot, null, null, null, null, null).get("tasks")))
                .containsExactly("t-failed-unacked", "t-unreachable", "t-running", "t-killed", "t-done", "t-staging");
        assertThat(ids(StateJson.tasks(snapshot, null, null, "asc", null, null).get("tasks")))
                .containsExactly("t-staging", "t-done", "t-killed", "t-running", "t-unreachable", "t-failed-unacked");
        assertThat(ids(StateJson.tasks(snapshot, 2, 1, "des", null, null).get("tasks")))
                .containsExactly("t-unreachable", "t-running");
        assertThat(ids(StateJson.tasks(snapshot, null, null, null, F1, null).get("tasks")))
                .containsExactly("t-running", "t-done", "t-staging");
        assertThat(ids(StateJson.tasks(snapshot, null, null, null, null, "t-killed").get("tasks")))
                .containsExactly("t-killed");
        assertThat(StateJson.tasks(snapshot, null, 99, null, null, null).get("tasks")).isEmpty();
    }

    @Test
    void stateSummaryCountsTasksPerSlaveAndFramework() {
        ObjectNode summary = StateJson.stateSummary(snapshot);

        assertThat(summary.get("hostname").asText()).isEqualTo("bridge-host");
        JsonNode slave = summary.get("slaves").get(0);
        assertThat(slave.get("TASK_RUNNING").asInt()).isEqualTo(1);
        assertThat(slave.get("TASK_STAGING").asInt()).isEqualTo(1);
        assertThat(slave.get("TASK_FAILED").asInt()).isEqualTo(1);
        assertThat(slave.get("TASK_FINISHED").asInt()).isEqualTo(1);
        assertThat(ids(slave.get("framework_ids"))).containsExactlyInAnyOrder(F1, F2);
        JsonNode two = summary.get("frameworks").get(1);
        assertThat(two.get("TASK_UNREACHABLE").asInt()).isEqualTo(1);
        assertThat(two.get("TASK_KILLED").asInt()).isEqualTo(1);
        assertThat(ids(two.get("slave_ids"))).containsExactlyInAnyOrder(A1, A2);
        assertThat(two.has("tasks")).isFalse();
    }

    @Test
    void slavesAndFrameworksEndpointsFilterById() {
        ObjectNode slaves = StateJson.slaves(snapshot, A2);
        assertThat(ids(slaves.get("slaves"))).containsExactly(A2);
        assertThat(slaves.get("slaves").get(0).get("unreserved_resources_full").get(0).get("name").asText())
                .isEqualTo("cpus");
        assertThat(slaves.get("recovered_slaves")).isEmpty();
        assertThat(ids(StateJson.slaves(snapshot, null).get("slaves"))).containsExactly(A1, A2);

        ObjectNode frameworks = StateJson.frameworks(snapshot, F2, StateJson::task);
        assertThat(ids(frameworks.get("frameworks"))).containsExactly(F2);
        assertThat(frameworks.get("completed_frameworks")).isEmpty();
        assertThat(frameworks.get("unregistered_frameworks")).isEmpty();
    }

    @Test
    void rolesListEveryFrameworkRoleWithWhatItHoldsAndIsOffered() {
        RoleSettings settings = new RoleSettings(Map.of("dev", 2.5), Map.of("prod",
                new Quota(Map.of("cpus", 1.0), Map.of("cpus", 2.0, "mem", 512.0))));
        JsonNode roles = StateJson.roles(snapshot, role -> true, settings).get("roles");

        assertThat(roles).hasSize(2);
        JsonNode dev = roles.get(0);
        assertThat(dev.get("name").asText()).isEqualTo("dev");
        assertThat(dev.get("weight").asDouble()).isEqualTo(2.5);
        assertThat(dev.has("quota")).isFalse();
        assertThat(ids(dev.get("frameworks"))).containsExactly(F1, F2);
        // running 1 + staging 0.5 + offered 2.5
        assertThat(dev.get("resources").get("cpus").asDouble()).isEqualTo(4.0);
        JsonNode prod = roles.get(1);
        assertThat(prod.get("name").asText()).isEqualTo("prod");
        assertThat(prod.get("resources").get("cpus").asDouble()).isEqualTo(0.25);
        assertThat(prod.get("weight").asDouble()).isEqualTo(1.0);
        assertThat(prod.get("quota").get("role").asText()).isEqualTo("prod");
        assertThat(prod.get("quota").get("guarantee").get("cpus").asDouble()).isEqualTo(1.0);
        assertThat(prod.get("quota").get("limit").get("mem").asDouble()).isEqualTo(512.0);
    }

    @Test
    void durationsArePrintedAsMesosFlagsPrintThem() {
        assertThat(MasterState.duration(1000)).isEqualTo("1secs");
        assertThat(MasterState.duration(500)).isEqualTo("500ms");
        assertThat(MasterState.duration(1500)).isEqualTo("1.5secs");
        assertThat(MasterState.duration(600_000)).isEqualTo("10mins");
        assertThat(StateJson.flags(snapshot).get("flags").get("port").asText()).isEqualTo("5050");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> ids(JsonNode array) {
        List<String> ids = new ArrayList<>();
        array.forEach(e -> ids.add(e.isTextual() ? e.asText() : e.get("id").asText()));
        return ids;
    }
}
