package io.mesosbridge.operator.bench;

import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API server's own count of the requests it served ({@code apiserver_request_total} on its {@code /metrics}),
 * by verb and resource (with its subresource), read before and after a run: the difference is what the run cost.
 * The count is the whole server's: whatever else talks to it meanwhile is counted too.
 */
final class ApiServerRequests {

    private static final Pattern SAMPLE = Pattern.compile("^apiserver_request_total\\{([^}]*)} ([0-9.e+]+)$");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    private final KubernetesClient client;
    private final Map<String, Double> before;

    private ApiServerRequests(KubernetesClient client) {
        this.client = client;
        this.before = read(client);
    }

    /** Starts counting now. */
    static ApiServerRequests since(KubernetesClient client) {
        return new ApiServerRequests(client);
    }

    /** The requests served since this count started, by "VERB resource[/subresource]". */
    Map<String, Double> served() {
        Map<String, Double> after = read(client);
        Map<String, Double> difference = new TreeMap<>();
        after.forEach((key, count) -> {
            double served = count - before.getOrDefault(key, 0.0);
            if (served > 0) {
                difference.put(key, served);
            }
        });
        return difference;
    }

    /** Prints the requests per unit of work (a task, a Pod) by verb and resource, the writes and all. */
    static void print(String title, Map<String, Double> served, int units) {
        System.out.printf("%s: API requests per %d%n", title, units);
        double writes = 0;
        double all = 0;
        for (Map.Entry<String, Double> entry : served.entrySet()) {
            double perUnit = entry.getValue() / units;
            if (perUnit < 0.01) {
                continue;
            }
            System.out.printf("  %-40s %7.2f%n", entry.getKey(), perUnit);
            all += perUnit;
            if (isWrite(entry.getKey())) {
                writes += perUnit;
            }
        }
        System.out.printf("  %-40s %7.2f%n  %-40s %7.2f%n", "writes (POST, PUT, PATCH, DELETE)", writes, "all", all);
    }

    static double writes(Map<String, Double> served, String resourcePrefix) {
        return served.entrySet().stream()
                .filter(entry -> isWrite(entry.getKey()) && entry.getKey().split(" ")[1].startsWith(resourcePrefix))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    private static boolean isWrite(String key) {
        String verb = key.split(" ")[0];
        return verb.equals("POST") || verb.equals("PUT") || verb.equals("PATCH") || verb.equals("DELETE");
    }

    private static Map<String, Double> read(KubernetesClient client) {
        Map<String, Double> counts = new TreeMap<>();
        for (String line : client.raw("/metrics").split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                continue;
            }
            Map<String, String> labels = new TreeMap<>();
            Matcher label = LABEL.matcher(sample.group(1));
            while (label.find()) {
                labels.put(label.group(1), label.group(2));
            }
            String resource = labels.getOrDefault("resource", "");
            if (resource.isEmpty()) {
                continue;
            }
            String subresource = labels.getOrDefault("subresource", "");
            String key = labels.get("verb") + " " + resource + (subresource.isEmpty() ? "" : "/" + subresource);
            counts.merge(key, Double.parseDouble(sample.group(2)), Double::sum);
        }
        return counts;
    }
}
