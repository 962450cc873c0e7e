package io.mesosbridge.migrate.jobs;

import io.mesosbridge.migrate.input.Node;
import io.mesosbridge.migrate.report.UnknownFields;
import io.mesosbridge.migrate.report.Warnings;

import java.util.Map;
import java.util.Set;

/**
 * The fields a Metronome job (its v1 job spec schema and JobRunSpec) and a Chronos job (its JobDeserializer) can
 * have, at every level. A field that is not among them — a misspelling, or a field of another scheduler — is warned
 * about by its path, so that nothing is dropped silently and {@code --strict} stops on it. Objects whose keys are free
 * (labels, env, secrets) are not checked. Which known fields have no counterpart is the converter's business.
 */
final class JobFields {

    /** Keyed by the place inside a job: "" for the job, field names joined by dots, {@code []} for array elements. */
    static final Map<String, Set<String>> METRONOME = Map.ofEntries(
            // activeRuns, history and historySummary are what /v1/jobs?embed=... adds about past and current runs.
            Map.entry("", Set.of("id", "description", "labels", "run", "schedules", "dependencies",
                    "activeRuns", "history", "historySummary")),
            Map.entry("run", Set.of("cmd", "args", "cpus", "mem", "disk", "gpus", "user", "env", "placement",
                    "artifacts", "maxLaunchDelay", "docker", "ucr", "volumes", "restart", "taskKillGracePeriodSeconds",
                    "secrets", "networks")),
            Map.entry("run.docker", Set.of("image", "forcePullImage", "privileged", "parameters")),
            Map.entry("run.docker.parameters[]", Set.of("key", "value")),
            Map.entry("run.ucr", Set.of("image", "privileged")),
            Map.entry("run.ucr.image", Set.of("id", "kind", "forcePull")),
            Map.entry("run.placement", Set.of("constraints")),
            Map.entry("run.placement.constraints[]", Set.of("attribute", "operator", "value")),
            Map.entry("run.artifacts[]", Set.of("uri", "extract", "executable", "cache")),
            Map.entry("run.volumes[]", Set.of("containerPath", "hostPath", "mode", "secret")),
            Map.entry("run.restart", Set.of("policy", "activeDeadlineSeconds")),
            Map.entry("run.networks[]", Set.of("name", "mode", "labels")),
            Map.entry("run.secrets.*", Set.of("source")),
            // nextRunAt is computed by Metronome when it answers.
            Map.entry("schedules[]", Set.of("id", "cron", "timezone", "startingDeadlineSeconds", "concurrencyPolicy",
                    "enabled", "nextRunAt")));

    static final Map<String, Set<String>> CHRONOS = Map.ofEntries(
            // successCount to errorsSinceLastSuccess describe past runs; dataJob is the documented name of
            // dataProcessingJobType.
            Map.entry("", Set.of("name", "command", "arguments", "shell", "schedule", "scheduleTimeZone", "parents",
                    "epsilon", "retries", "owner", "ownerName", "description", "cpus", "mem", "disk", "disabled",
                    "concurrent", "uris", "fetch", "runAsUser", "container", "environmentVariables", "constraints",
                    "executor", "executorFlags", "taskInfoData", "async", "softError", "dataProcessingJobType",
                    "dataJob", "highPriority", "maxCompletionTime",
                    "successCount", "errorCount", "lastSuccess", "lastError", "errorsSinceLastSuccess")),
            Map.entry("container", Set.of("type", "image", "forcePullImage", "volumes", "parameters", "network",
                    "networkName", "networkInfos")),
            Map.entry("container.volumes[]", Set.of("containerPath", "hostPath", "mode", "external", "persistent")),
            Map.entry("container.parameters[]", Set.of("key", "value")),
            Map.entry("fetch[]", Set.of("uri", "extract", "executable", "cache", "output_file")),
            Map.entry("environmentVariables[]", Set.of("name", "value")));

    private JobFields() {
    }

    static void warnUnknown(Node job, Map<String, Set<String>> schema, Warnings.SourceWarnings warnings) {
        check(job, "", schema, warnings);
    }

    private static void check(Node node, String place, Map<String, Set<String>> schema,
                              Warnings.SourceWarnings warnings) {
        if (node.isArray()) {
            node.elements().forEach(element -> check(element, place + "[]", schema, warnings));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        Set<String> known = schema.get(place);
        String prefix = place.isEmpty() ? "" : place + ".";
        for (Map.Entry<String, Node> field : node.fields().entrySet()) {
            if (known == null) {
                // A map with free keys (run.secrets): its values are checked as prefix + "*".
                check(field.getValue(), prefix + "*", schema, warnings);
            } else if (known.contains(field.getKey())) {
                check(field.getValue(), prefix + field.getKey(), schema, warnings);
            } else {
                warnings.warn(field.getValue(), UnknownFields.warning(field.getKey(), known));
            }
        }
    }
}
