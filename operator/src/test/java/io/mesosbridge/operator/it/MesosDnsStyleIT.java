package io.mesosbridge.operator.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesosbridge.mesos.media.MediaTypes;
import io.mesosbridge.mesos.v1.Protos;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.testcluster.RealCluster;
import io.mesosbridge.testcluster.WithRealCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /state.json} read the way mesos-dns reads it (records/state: the {@code leader} UPID, every slave's
 * {@code pid} parsed as a UPID, and each running task resolved to its slave's hostname and the ports in its
 * resources), against a bridge whose agent is the real node.
 */
@WithRealCluster
class MesosDnsStyleIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final String NAMESPACE = "it-mesos-dns";
    /** A libprocess UPID as mesos-dns's upid.Parse takes it apart: {@code id@host:port}. */
    private static final Pattern UPID = Pattern.compile("^([^@]+)@([^:]+):(\\d+)$");
    private static BridgeProcess bridge;
    private static RealCluster cluster;
    private static String realNode;

    @BeforeAll
    static void startBridge(RealCluster realCluster) {
        cluster = realCluster;
        realNode = cluster.realNodeName().orElseThrow();
        bridge = BridgeProcess.start(cluster, NAMESPACE,
                BridgeProcess.onlyNode(realNode));
    }

    @AfterAll
    static void stopBridge() {
        bridge.stopAndRemoveNamespace();
    }

    @Test
    void theLeaderAndEverySlavePidAreUpids() throws Exception {
        for (String path : List.of("/state.json", "/master/state.json", "/master/state", "/state")) {
            JsonNode state = MasterHttp.get(bridge.url(), path);

            assertThat(state.hasNonNull("leader")).as(path + " leader").isTrue();
            Matcher leader = UPID.matcher(state.get("leader").asText());
            assertThat(leader.matches()).as(path + " leader " + state.get("leader")).isTrue();
            assertThat(leader.group(1)).isEqualTo("master");
            assertThat(InetAddress.getByName(leader.group(2)).getHostAddress()).isEqualTo(leader.group(2));
            assertThat(Integer.parseInt(leader.group(3))).isEqualTo(bridge.port());
            assertThat(state.get("leader_info").get("port").asInt()).isEqualTo(bridge.port());
            assertThat(state.get("version").asText()).isEqualTo("1.11.0");
            assertThat(MasterHttp.getText(bridge.url(), path)).as("numbers as plain decimals, as Mesos prints them")
                    .doesNotContainPattern("[:,\\[]-?[0-9.]+[eE][+-]?[0-9]+[,}\\]]");

            assertThat(state.get("slaves")).as(path + " slaves").hasSize(1);
            for (JsonNode slave : state.get("slaves")) {
                Matcher pid = UPID.matcher(slave.get("pid").asText());
                assertThat(pid.matches()).as("slave pid " + slave.get("pid")).isTrue();
                assertThat(pid.group(1)).isEqualTo("slave(1)");
                assertThat(InetAddress.getByName(pid.group(2)).getHostAddress()).isEqualTo(pid.group(2));
                assertThat(pid.group(3)).isEqualTo("5051");
                assertThat(slave.get("hostname").asText()).isEqualTo(realNode);
                assertThat(slave.get("port").asInt()).isEqualTo(5051);
                assertThat(slave.get("attributes").isObject()).isTrue();
                assertThat(slave.get("resources").get("cpus").isNumber()).isTrue();
                assertThat(slave.get("resources").get("ports").asText()).matches("\\[\\d+-\\d+(, \\d+-\\d+)*\\]");
            }
        }
    }

    @Test
    void aRunningTaskResolvesToItsSlavesHostnameAndItsPorts() throws Exception {
        try (TestScheduler scheduler = new TestScheduler(bridge.url(), MediaTypes.PROTOBUF)) {
            scheduler.subscribe(TestScheduler.frameworkInfo("dns-visible").build());
            Protos.Offer offer = scheduler.awaitOffer(o -> o.getHostname().equals(realNode)
                    && o.getResourcesList().stream().anyMatch(r -> r.getName().equals("ports")), TIMEOUT);
            long port = offer.getResourcesList().stream().filter(r -> r.getName().equals("ports"))
                    .findFirst().orElseThrow().getRanges().getRange(0).getBegin();
            Protos.TaskInfo task = TestScheduler.commandTask("web", offer, "sleep 600", 0.1, 32)
                    .addResources(Protos.Resource.newBuilder().setName("ports").setType(Protos.Value.Type.RANGES)
                            .setRanges(Protos.Value.Ranges.newBuilder().addRange(
                                    Protos.Value.Range.newBuilder().setBegin(port).setEnd(port))))
                    .build();
            assertThat(scheduler.launch(offer, task).statusCode()).isEqualTo(202);
            scheduler.awaitState("web", TaskState.TASK_RUNNING, TIMEOUT);

            JsonNode state = MasterHttp.await(bridge.url(), "/state.json",
                    s -> resolveRunningTasks(s).containsKey("web"), TIMEOUT);
            Map<String, Resolved> records = resolveRunningTasks(state);

            assertThat(records).containsKey("web");
            Resolved web = records.get("web");
            assertThat(web.hostname()).isEqualTo(realNode);
            assertThat(web.ports()).containsExactly(port);
            assertThat(web.frameworkName()).isEqualTo("dns-visible");
            assertThat(web.ip()).as("the container's IP, mesos-dns's netinfo source").isNotEmpty();
            InetAddress.getByName(web.ip());

            JsonNode tasks = MasterHttp.get(bridge.url(), "/master/tasks?task_id=web");
            assertThat(tasks.get("tasks")).hasSize(1);
            assertThat(tasks.get("tasks").get(0).get("resources").get("ports").asText())
                    .isEqualTo("[" + port + "-" + port + "]");
            assertThat(tasks.get("tasks").get(0).get("state").asText()).isEqualTo("TASK_RUNNING");
            String jsonp = MasterHttp.getText(bridge.url(), "/master/tasks?task_id=web&jsonp=render");
            assertThat(jsonp).startsWith("render({\"tasks\":[{\"id\":\"web\"").endsWith("});");
        }
    }

    /** mesos-dns: for each framework, each TASK_RUNNING task -> its slave's hostname and the ports it holds. */
    private static Map<String, Resolved> resolveRunningTasks(JsonNode state) {
        Map<String, String> hostnames = new HashMap<>();
        state.get("slaves").forEach(s -> hostnames.put(s.get("id").asText(), s.get("hostname").asText()));
        Map<String, Resolved> records = new HashMap<>();
        for (JsonNode framework : state.get("frameworks")) {
            for (JsonNode task : framework.get("tasks")) {
                if (!"TASK_RUNNING".equals(task.get("state").asText())) {
                    continue;
                }
                String hostname = hostnames.get(task.get("slave_id").asText());
                List<Long> ports = new ArrayList<>();
                JsonNode ranges = task.get("resources").get("ports");
                if (ranges != null) {
                    String text = ranges.asText();
                    for (String range : text.substring(1, text.length() - 1).split(",\\s*")) {
                        if (range.isBlank()) {
                            continue;
                        }
                        String[] bounds = range.split("-");
                        for (long p = Long.parseLong(bounds[0]); p <= Long.parseLong(bounds[1]); p++) {
                            ports.add(p);
                        }
                    }
                }
                String ip = "";
                JsonNode statuses = task.get("statuses");
                for (int i = statuses.size() - 1; i >= 0 && ip.isEmpty(); i--) {
                    if ("TASK_RUNNING".equals(statuses.get(i).get("state").asText())) {
                        ip = statuses.get(i).at("/container_status/network_infos/0/ip_addresses/0/ip_address")
                                .asText("");
                    }
                }
                records.put(task.get("id").asText(),
                        new Resolved(framework.get("name").asText(), hostname, ports, ip));
            }
        }
        return records;
    }

    private record Resolved(String frameworkName, String hostname, List<Long> ports, String ip) {
    }
}
