package io.mesosbridge.migrate.inventory;

import io.mesosbridge.migrate.input.InputError;
import io.mesosbridge.migrate.input.JsonDocuments;
import io.mesosbridge.migrate.input.Node;
import io.mesosbridge.migrate.input.Source;
import io.mesosbridge.migrate.report.Warnings;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a master's {@code /master/state} (Apache Mesos or mesos-bridge) and sorts what runs there into what the
 * migration tools convert cleanly and what needs a person.
 */
public final class MasterInventory {

    public enum FrameworkKind { MARATHON, METRONOME, CHRONOS, SPARK, OTHER }

    public record TaskVerdict(String id, String name, String state, String resources, String image,
                              List<String> needsPerson) {
        public boolean clean() {
            return needsPerson.isEmpty();
        }
    }

    public record FrameworkReport(String id, String name, FrameworkKind kind, boolean active, List<String> roles,
                                  String webuiUrl, String nextStep, List<TaskVerdict> tasks) {
    }

    public record AgentReport(String id, String hostname, String resources, String attributes,
                              List<String> reservedRoles, String command) {
    }

    public record Report(String master, String version, String cluster, List<FrameworkReport> frameworks,
                         List<AgentReport> agents) {
        public long taskCount() {
            return frameworks.stream().mapToLong(f -> f.tasks().size()).sum();
        }

        public long cleanTaskCount() {
            return frameworks.stream().flatMap(f -> f.tasks().stream()).filter(TaskVerdict::clean).count();
        }
    }

    private MasterInventory() {
    }

    public static Report read(Source source, Warnings warnings) {
        Node state = JsonDocuments.parse(source);
        try {
            if (!state.isObject() || !state.has("frameworks")) {
                throw state.error("not a /master/state answer: it has no frameworks");
            }
            Warnings.SourceWarnings w = warnings.forSource(source.name());
            List<FrameworkReport> frameworks = new ArrayList<>();
            for (Node framework : state.get("frameworks").elements()) {
                frameworks.add(framework(framework, w));
            }
            frameworks.sort((a, b) -> a.name().equals(b.name()) ? a.id().compareTo(b.id()) : a.name().compareTo(b.name()));
            List<AgentReport> agents = new ArrayList<>();
            for (Node agent : state.get("slaves").elements()) {
                agents.add(agent(agent));
            }
            agents.sort((a, b) -> a.hostname().compareTo(b.hostname()));
            return new Report(state.get("hostname").text("unknown"), state.get("version").text("unknown"),
                    state.get("cluster").text(""), frameworks, agents);
        } catch (InputError e) {
            throw e.in(source.name());
        }
    }

    static FrameworkKind kindOf(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.contains("marathon")) {
            return FrameworkKind.MARATHON;
        }
        if (lower.contains("metronome")) {
            return FrameworkKind.METRONOME;
        }
        if (lower.contains("chronos")) {
            return FrameworkKind.CHRONOS;
        }
        if (lower.contains("spark")) {
            return FrameworkKind.SPARK;
        }
        return FrameworkKind.OTHER;
    }

    private static FrameworkReport framework(Node framework, Warnings.SourceWarnings w) {
        String name = framework.get("name").text("");
        String id = framework.get("id").text();
        FrameworkKind kind = kindOf(name);
        List<String> roles = new ArrayList<>();
        for (Node role : framework.get("roles").elements()) {
            roles.add(role.text());
        }
        if (roles.isEmpty()) {
            roles.add(framework.get("role").text("*"));
        }
        String webui = framework.get("webui_url").text("");
        String base = webui.isEmpty() ? (kind == FrameworkKind.MARATHON ? "http://MARATHON:8080" : "http://METRONOME:9000")
                : webui.replaceAll("/+$", "");
        String nextStep = switch (kind) {
            case MARATHON -> "mesos-migrate marathon " + base + "/v2/groups > apps.yaml";
            case METRONOME -> "mesos-migrate jobs '" + base + "/v1/jobs?embed=schedules' > jobs.yaml";
            case CHRONOS -> "export the jobs (GET /v1/scheduler/jobs) and run mesos-migrate jobs on them";
            case SPARK -> "run each spark-submit line through mesos-migrate spark";
            case OTHER -> "needs a person: keep it running unchanged against mesos-bridge, or port it to Kubernetes"
                    + " objects";
        };
        List<TaskVerdict> tasks = new ArrayList<>();
        Map<String, Node> executors = new TreeMap<>();
        for (Node executor : framework.get("executors").elements()) {
            executors.put(executor.get("executor_id").text(executor.get("id").text("")), executor);
        }
        for (Node task : framework.get("tasks").elements()) {
            tasks.add(task(task, kind, executors, w));
        }
        for (Node task : framework.get("unreachable_tasks").elements()) {
            tasks.add(task(task, kind, executors, w));
        }
        tasks.sort((a, b) -> a.name().equals(b.name()) ? a.id().compareTo(b.id()) : a.name().compareTo(b.name()));
        return new FrameworkReport(id, name, kind, framework.get("active").bool(true), roles, webui, nextStep, tasks);
    }

    private static TaskVerdict task(Node task, FrameworkKind kind, Map<String, Node> executors, Warnings.SourceWarnings w) {
        List<String> needs = new ArrayList<>();
        Node container = task.get("container");
        String image = container.get("docker").get("image").optionalText()
                .or(() -> container.get("mesos").get("image").get("docker").get("name").optionalText())
                .orElse(null);
        if (image == null) {
            needs.add("no container image: it ran on the agent's own filesystem");
        }
        for (Node volume : container.get("volumes").elements()) {
            if (volume.get("source").get("type").text("").equals("DOCKER_VOLUME")
                    || volume.get("source").has("docker_volume")) {
                needs.add("external Docker volume " + volume.get("container_path").text(""));
            }
        }
        Node resources = task.get("resources");
        if (!resources.present()) {
            w.warn(task, "task has no resources; reported as zero");
        }
        if (resources.has("persistence") || task.get("resources").isArray()
                && task.get("resources").elements().stream().anyMatch(r -> r.has("disk") && r.get("disk").has("persistence"))) {
            needs.add("persistent volume: move its data");
        }
        String executorId = task.get("executor_id").text("");
        if (!executorId.isEmpty() && kind != FrameworkKind.MARATHON) {
            Node executor = executors.get(executorId);
            String source = executor == null ? executorId : executor.get("name").text(executorId);
            needs.add("custom executor " + source);
        }
        if (kind == FrameworkKind.OTHER) {
            needs.add("launched by a custom framework");
        }
        return new TaskVerdict(task.get("id").text(), task.get("name").text(""), task.get("state").text("UNKNOWN"),
                resourceText(resources), image, needs);
    }

    private static AgentReport agent(Node agent) {
        String hostname = agent.get("hostname").text();
        String resources = resourceText(agent.get("resources"));
        List<String> attributeParts = new ArrayList<>();
        for (Map.Entry<String, Node> attribute : new TreeMap<>(agent.get("attributes").fields()).entrySet()) {
            attributeParts.add(attribute.getKey() + ":" + attribute.getValue().scalarText());
        }
        String attributes = String.join(";", attributeParts);
        List<String> reserved = new ArrayList<>(new TreeMap<>(agent.get("reserved_resources").fields()).keySet());
        String command = "mesos-migrate agent-config --node " + hostname + " --resources '" + resources + "'"
                + (attributes.isEmpty() ? "" : " --attributes '" + attributes + "'");
        return new AgentReport(agent.get("id").text(""), hostname, resources, attributes, reserved, command);
    }

    /** Mesos resource JSON ({@code {"cpus":4,"mem":8192,"ports":"[31000-32000]"}}) in the agent's text form. */
    static String resourceText(Node resources) {
        List<String> parts = new ArrayList<>();
        for (String name : List.of("cpus", "gpus", "mem", "disk", "ports")) {
            Node value = resources.get(name);
            if (!value.present()) {
                continue;
            }
            if (value.isNumber()) {
                BigDecimal number = value.decimal(BigDecimal.ZERO);
                if (number.signum() == 0 && !name.equals("cpus") && !name.equals("mem")) {
                    continue;
                }
                parts.add(name + ":" + number.stripTrailingZeros().toPlainString());
            } else {
                parts.add(name + ":" + value.scalarText());
            }
        }
        return String.join(";", parts);
    }
}
