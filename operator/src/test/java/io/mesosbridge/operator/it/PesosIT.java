package io.mesosbridge.operator.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesosbridge.testcluster.ProcessResult;
import io.mesosbridge.testcluster.RealCluster;
import io.mesosbridge.testcluster.WithRealCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * pesos 0.2.2 (with compactor 0.3.0, from PyPI), a pure-Python v0 scheduler driver independent of libmesos that
 * speaks the older libprocess message set (RegisterFrameworkMessage, LaunchTasksMessage, KillTaskMessage,
 * StatusUpdateAcknowledgementMessage, UnregisterFrameworkMessage), runs examples/pesos-framework against a bridge of
 * its own whose only agent is the real node: it registers, launches a sleeping and an echoing task, kills the sleeper
 * once it runs, acknowledges every update (implicitly, to the master) and unregisters. The framework runs once, before
 * the tests; each test checks one part of what it and the bridge did.
 */
@WithRealCluster
class PesosIT {

    private static final String NAME = "pesos-it";
    private static final String SLEEPER = "pesos-it-sleeper";
    private static final String ECHO = "pesos-it-echo";
    private static final Pattern REGISTERED = Pattern.compile("(?m)^PESOS: registered (\\S+) master (\\S+)$");
    private static final Pattern STATUS = Pattern.compile("(?m)^PESOS: status (\\S+) (TASK_[A-Z_]+)");
    private static BridgeProcess bridge;
    private static String realNode;
    private static ProcessResult run;

    @BeforeAll
    static void startBridgeAndRunPesos(RealCluster cluster) throws Exception {
        realNode = cluster.realNodeName().orElseThrow();
        bridge = BridgeProcess.start(cluster, "it-pesos", BridgeProcess.onlyNode(realNode));
        // a failover timeout far beyond the run: only UnregisterFrameworkMessage can complete the framework
        run = MesosClientsIT.runClient(cluster, "pesos", "127.0.0.1:" + bridge.port(), "--timeout", "240",
                "--name", NAME, "--task-prefix", "pesos-it", "--sleep-command", "sleep 60",
                "--failover-timeout", "3600");
    }

    @AfterAll
    static void stopBridge() {
        if (bridge != null) {
            bridge.stopAndRemoveNamespace();
        }
    }

    @Test
    void aPesosFrameworkRegistersLaunchesTwoTasksKillsTheSleeperOnceRunningAndSeesTheEchoFinish() {
        String out = run.output();

        assertThat(run.exitCode()).as(out).isZero();
        Matcher registered = REGISTERED.matcher(out);
        assertThat(registered.find()).as("FrameworkRegisteredMessage reached pesos:\n%s", out).isTrue();
        assertThat(registered.group(2)).as("the master_info.pid pesos was given")
                .isEqualTo("master@127.0.0.1:" + bridge.port());
        assertThat(out).contains("PESOS: launch " + SLEEPER + "," + ECHO + " on ");
        int running = out.indexOf("PESOS: status " + SLEEPER + " TASK_RUNNING");
        int kill = out.indexOf("PESOS: kill " + SLEEPER);
        int killed = out.indexOf("PESOS: status " + SLEEPER + " TASK_KILLED");
        assertThat(running).as("the sleeper ran:\n%s", out).isNotNegative();
        assertThat(kill).as("KillTaskMessage went out after TASK_RUNNING").isGreaterThan(running);
        assertThat(killed).as("TASK_KILLED came after the kill").isGreaterThan(kill);
        assertThat(out).contains("PESOS: status " + ECHO + " TASK_FINISHED");
        assertThat(finalStates(out)).as("the last state pesos saw for each task")
                .isEqualTo(Map.of(SLEEPER, "TASK_KILLED", ECHO, "TASK_FINISHED"));
        assertThat(out).contains("PESOS: all 2 tasks reached their expected state",
                "PESOS: driver stopped DRIVER_STOPPED");
        assertThat(out).doesNotContain("PESOS: error", "Ignoring message from non-leading master");
    }

    @Test
    void theBridgeKnowsItAsAV0FrameworkWithALibprocessPidThatItsUnregisterMessageCompleted() throws Exception {
        String id = frameworkId();

        JsonNode state = MasterHttp.await(bridge.url(), "/master/state",
                s -> byId(s.get("completed_frameworks"), id) != null, Duration.ofSeconds(30));
        JsonNode framework = byId(state.get("completed_frameworks"), id);

        assertThat(byId(state.get("frameworks"), id)).as("framework %s is no longer registered", id).isNull();
        assertThat(framework).as("framework %s among the completed frameworks of /master/state", id).isNotNull();
        assertThat(framework.get("name").asText()).isEqualTo(NAME);
        assertThat(framework.path("pid").asText()).as("a v0 framework has the libprocess pid pesos sent from")
                .matches("scheduler\\(\\d+\\)@127\\.0\\.0\\.1:\\d+");
        assertThat(framework.get("failover_timeout").asDouble()).isEqualTo(3600.0);
        assertThat(framework.get("active").asBoolean()).isFalse();
        assertThat(framework.get("connected").asBoolean()).isFalse();
    }

    @Test
    void eachOfItsTasksRanOnTheRealNodeAndIsInTheCompletedHistoryOnceWithItsFinalState() throws Exception {
        String id = frameworkId();
        JsonNode state = MasterHttp.await(bridge.url(), "/master/state",
                s -> byId(s.get("completed_frameworks"), id) != null, Duration.ofSeconds(30));
        JsonNode framework = byId(state.get("completed_frameworks"), id);
        assertThat(framework).as("framework %s among the completed frameworks", id).isNotNull();
        String realAgent = StreamSupport.stream(state.get("slaves").spliterator(), false)
                .filter(agent -> agent.get("hostname").asText().equals(realNode))
                .map(agent -> agent.get("id").asText()).findFirst().orElseThrow();

        List<String> completed = new ArrayList<>();
        for (JsonNode task : framework.get("completed_tasks")) {
            completed.add(task.get("id").asText() + " " + task.get("state").asText());
            assertThat(task.get("slave_id").asText()).as("agent of task %s", task.get("id").asText())
                    .isEqualTo(realAgent);
        }

        // Mesos removes a task when its terminal update is acknowledged and lists it once in completed_tasks, with
        // its own final state, even when the framework unregisters right after that acknowledgement (as pesos does)
        assertThat(completed).as("completed_tasks of framework %s", id)
                .containsExactlyInAnyOrder(SLEEPER + " TASK_KILLED", ECHO + " TASK_FINISHED");
        assertThat(framework.get("tasks")).as("tasks still active").isEmpty();
    }

    @Test
    void itsOlderMessagesAreCountedUnderTheirMesosNamesAndNoneIsDropped() throws Exception {
        String out = run.output();
        long updatesSeen = STATUS.matcher(out).results().count();
        long declinesSent = out.lines().filter(line -> line.startsWith("PESOS: decline ")).count();
        assertThat(updatesSeen).as("status updates pesos received (and acknowledged)").isGreaterThanOrEqualTo(4);

        // acknowledgements are counted valid or invalid once applied, which may be a moment after they arrive
        JsonNode m = MasterHttp.await(bridge.url(), "/metrics/snapshot",
                s -> s.path("master/messages_status_update_acknowledgement").asLong() >= updatesSeen
                        && s.path("master/valid_status_update_acknowledgements").asLong()
                        + s.path("master/invalid_status_update_acknowledgements").asLong() >= updatesSeen
                        && s.path("master/messages_unregister_framework").asLong() >= 1, Duration.ofSeconds(15));

        assertThat(m.get("master/messages_register_framework").asLong()).as("RegisterFrameworkMessage").isEqualTo(1);
        assertThat(m.get("master/messages_reregister_framework").asLong()).isZero();
        assertThat(m.get("master/messages_launch_tasks").asLong()).as("LaunchTasksMessage with tasks").isEqualTo(1);
        assertThat(m.get("master/messages_decline_offers").asLong()).as("LaunchTasksMessage without tasks")
                .isEqualTo(declinesSent);
        assertThat(m.get("master/messages_kill_task").asLong()).as("KillTaskMessage").isEqualTo(1);
        assertThat(m.get("master/messages_status_update_acknowledgement").asLong())
                .as("StatusUpdateAcknowledgementMessage: pesos acknowledges each update it receives")
                .isEqualTo(updatesSeen);
        // as in Mesos, whose master handles a driver's messages in order: the acknowledgement of the last update,
        // sent right before UnregisterFrameworkMessage, is applied before the framework is removed
        assertThat(m.get("master/valid_status_update_acknowledgements").asLong())
                .as("acknowledgements of updates in flight, the last one before UnregisterFrameworkMessage included")
                .isEqualTo(updatesSeen);
        assertThat(m.get("master/invalid_status_update_acknowledgements").asLong()).isZero();
        assertThat(m.get("master/messages_unregister_framework").asLong()).as("UnregisterFrameworkMessage")
                .isEqualTo(1);
        assertThat(m.get("master/dropped_messages").asLong()).as("messages the master dropped").isZero();
    }

    private static String frameworkId() {
        Matcher registered = REGISTERED.matcher(run.output());
        assertThat(registered.find()).as("pesos registered:\n%s", run.output()).isTrue();
        return registered.group(1);
    }

    /** The last state pesos printed for each task. */
    private static Map<String, String> finalStates(String output) {
        Map<String, String> states = new HashMap<>();
        STATUS.matcher(output).results().forEach(status -> states.put(status.group(1), status.group(2)));
        return states;
    }

    private static JsonNode byId(JsonNode frameworks, String id) {
        return StreamSupport.stream(frameworks.spliterator(), false)
                .filter(f -> f.get("id").asText().equals(id)).findFirst().orElse(null);
    }
}
