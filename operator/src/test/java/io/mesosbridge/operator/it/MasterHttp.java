package io.mesosbridge.operator.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads a bridge's read-only endpoints as JSON, and runs the seed's Python monitoring script against it. */
final class MasterHttp {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private MasterHttp() {
    }

    static JsonNode get(URI master, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(master.resolve(path))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET " + path + ": " + response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).as("GET " + path).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        return JSON.readTree(response.body());
    }

    static String getText(URI master, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(master.resolve(path))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET " + path + ": " + response.body()).isEqualTo(200);
        return response.body();
    }

    /**
     * Sends an operator API call ({@code POST /api/v1}) in JSON, asking for the answer in JSON; returns the parsed
     * 200 answer.
     */
    static JsonNode operatorCall(URI master, String callJson) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(master.resolve("/api/v1"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(callJson)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("POST /api/v1 " + callJson + ": " + response.body()).isEqualTo(200);
        return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }

    /**
     * GET with {@code authorization} as the {@code Authorization} header (none when null); the answer as it came,
     * whatever its status.
     */
    static HttpResponse<String> getAs(URI master, String path, String authorization)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(master.resolve(path)).timeout(Duration.ofSeconds(30))
                .GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** POSTs JSON asking for JSON, as {@link #getAs} sends its header; the answer as it came. */
    static HttpResponse<String> postJsonAs(URI master, String path, String json, String authorization)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(master.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The id of the agent on {@code nodeName}, once {@code /master/slaves} lists it. */
    static String agentIdOf(URI master, String nodeName, String authorization, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode agent : JSON.readTree(getAs(master, "/master/slaves", authorization).body()).get("slaves")) {
                if (agent.get("hostname").asText().equals(nodeName)) {
                    return agent.get("id").asText();
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no agent for node " + nodeName);
    }

    /** A sample of a Prometheus text exposition ({@code name value} line without labels), or NaN when absent. */
    static double prometheus(String exposition, String name) {
        return exposition.lines().filter(line -> line.startsWith(name + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(name.length() + 1).trim()))
                .findFirst().orElse(Double.NaN);
    }

    /** GETs {@code path} until the answer satisfies {@code done}; returns the last answer either way. */
    static JsonNode await(URI master, String path, Predicate<JsonNode> done, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode answer = get(master, path);
        while (!done.test(answer) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            answer = get(master, path);
        }
        return answer;
    }

    /**
     * Runs src/test/resources/monitor_mesos.py with python3 and requests, from a venv under
     * {@code ${MESOS_BRIDGE_CACHE:-~/.cache/mesos-bridge}/venv-monitor} that is created (and requests installed
     * from PyPI) on first use.
     */
    static String runMonitorScript(Path repositoryRoot, String master) throws IOException, InterruptedException {
        Path python = monitorVenv().resolve("bin/python");
        Path script = repositoryRoot.resolve("operator/src/test/resources/monitor_mesos.py");
        return run(List.of(python.toString(), script.toString(), master));
    }

    private static synchronized Path monitorVenv() throws IOException, InterruptedException {
        String cache = System.getenv("MESOS_BRIDGE_CACHE");
        Path root = cache != null && !cache.isBlank() ? Path.of(cache)
                : Path.of(System.getProperty("user.home"), ".cache", "mesos-bridge");
        Path venv = root.resolve("venv-monitor");
        Path python = venv.resolve("bin/python");
        if (Files.isExecutable(python)) {
            try {
                run(List.of(python.toString(), "-c", "import requests"));
                return venv;
            } catch (IllegalStateException missing) {
                // requests is not installed yet
            }
        }
        Files.createDirectories(root);
        run(List.of("python3", "-m", "venv", venv.toString()));
        run(List.of(python.toString(), "-m", "pip", "--disable-pip-version-check", "-q", "install", "requests"));
        return venv;
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("timed out: " + command);
        }
        String text = new String(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IllegalStateException(command + " exited with " + process.exitValue() + ":\n" + text);
        }
        return text;
    }
}
