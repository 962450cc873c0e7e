package io.mesosbridge.migrate.marathon;

import io.mesosbridge.migrate.input.JsonDocuments;
import io.mesosbridge.migrate.input.Node;
import io.mesosbridge.migrate.report.Warning;
import io.mesosbridge.migrate.testing.Corpus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Full Marathon apps and a full pod, with every field the converter knows set (checked against the converter's own
 * schema: {@link AppConverter#KNOWN_FIELDS}, {@link PodConverter#KNOWN_FIELDS} and {@link NestedFields}), away from
 * Marathon's defaults: each field is either among those the conversion carries over or warned about at its path
 * (or at the object that holds it, or at one of its entries).
 */
class EveryFieldConvertedOrWarnedTest {

    /** Bridge networking, container.portMappings, a MOUNT disk, an external and a secret volume, linuxInfo. */
    private static final String BRIDGE_APP = """
            {"id": "/shop/catalog", "cmd": "./catalog --port $PORT0", "user": "root",
             "env": {"LOG_LEVEL": "info"}, "instances": 2, "cpus": 0.5, "mem": 512, "disk": 100, "gpus": 1,
             "executor": "//cmd", "constraints": [["hostname", "UNIQUE"]],
             "fetch": [{"uri": "https://example.com/catalog.tgz", "extract": true, "executable": false,
                        "cache": true, "destPath": "catalog.tgz"}],
             "container": {"type": "DOCKER",
               "docker": {"image": "shop/catalog:3.2", "privileged": true, "forcePullImage": true,
                          "forcePull": false, "parameters": [{"key": "label", "value": "team=shop"}],
                          "credential": {"principal": "shop", "secret": "registry-password"},
                          "pullConfig": {"secret": "pull"}},
               "volumes": [
                 {"containerPath": "data", "mode": "RW", "persistent": {"type": "mount", "size": 2048,
                   "maxSize": 4096, "profileName": "fast", "constraints": [["path", "LIKE", "/mnt/ssd.*"]]}},
                 {"containerPath": "/shared", "mode": "RW", "external": {"name": "catalog-shared",
                   "provider": "dvdi", "options": {"dvdi/driver": "rexray"}, "size": 5, "shared": true}},
                 {"containerPath": "/etc/catalog/key", "secret": "key"},
                 {"containerPath": "/var/log/host", "hostPath": "/var/log", "mode": "RO"}],
               "portMappings": [{"containerPort": 8080, "hostPort": 0, "servicePort": 10101, "protocol": "tcp",
                 "name": "http", "labels": {"VIP_0": "/catalog:80", "owner": "shop"}, "networkNames": ["dcos"]}],
               "linuxInfo": {"seccomp": {"profileName": "catalog.json", "unconfined": true},
                             "ipcInfo": {"mode": "PRIVATE", "shmSize": 128}}},
             "healthChecks": [{"protocol": "MESOS_HTTP", "path": "/health", "portIndex": 0,
               "gracePeriodSeconds": 60, "intervalSeconds": 10, "timeoutSeconds": 5, "maxConsecutiveFailures": 3,
               "delaySeconds": 15, "ignoreHttp1xx": true, "ipProtocol": "IPv4"}],
             "readinessChecks": [{"name": "ready", "protocol": "HTTP", "path": "/ready", "portName": "http",
               "intervalSeconds": 30, "timeoutSeconds": 10, "httpStatusCodesForReady": [200],
               "preserveLastResponse": true}],
             "dependencies": ["/shop/db"],
             "upgradeStrategy": {"minimumHealthCapacity": 0.5, "maximumOverCapacity": 0.5},
             "labels": {"team": "shop"}, "acceptedResourceRoles": ["*"], "role": "shop",
             "networks": [{"mode": "container", "name": "dcos", "labels": {"cni.example/tier": "web"}}],
             "secrets": {"key": {"source": "shop/catalog-key"}, "pull": {"source": "shop/pull"}},
             "taskKillGracePeriodSeconds": 30,
             "unreachableStrategy": {"inactiveAfterSeconds": 120, "expungeAfterSeconds": 3600},
             "killSelection": "OLDEST_FIRST", "requirePorts": false, "tty": true,
             "residency": {"relaunchEscalationTimeoutSeconds": 600, "taskLostBehavior": "WAIT_FOREVER"},
             "check": {"http": {"portIndex": 0, "path": "/ping"}},
             "resourceLimits": {"cpus": 1, "mem": "unlimited"},
             "backoffSeconds": 5, "backoffFactor": 2, "maxLaunchDelaySeconds": 600}""";

    /** Host networking with portDefinitions, args, uris, a TCP check on a port number. */
    private static final String HOST_APP = """
            {"id": "/legacy/worker", "args": ["--queue", "jobs"], "uris": ["https://example.com/worker.tgz"],
             "container": {"type": "DOCKER", "docker": {"image": "legacy/worker:1", "network": "HOST"}},
             "portDefinitions": [{"port": 9090, "protocol": "tcp", "name": "metrics",
                                  "labels": {"metrics": "prometheus"}}],
             "requirePorts": true,
             "healthChecks": [{"protocol": "TCP", "port": 9090}]}""";

    /** Marathon 1.x IP-per-task: ipAddress with discovery ports, an AppC image, a command check. */
    private static final String IP_PER_TASK_APP = """
            {"id": "/legacy/ipt", "cmd": "./serve",
             "container": {"type": "MESOS", "appc": {"image": "example.com/serve:1"}},
             "ipAddress": {"networkName": "overlay", "groups": ["web"], "labels": {"tier": "web"},
                           "discovery": {"ports": [{"number": 8000, "name": "http", "protocol": "tcp"}]}},
             "healthChecks": [{"protocol": "COMMAND", "command": {"value": "curl -f http://$HOST:8000/"}}]}""";

    /** The deprecated docker.portMappings. */
    private static final String DOCKER_PORT_MAPPINGS_APP = """
            {"id": "/legacy/bridge", "cmd": "./serve",
             "container": {"type": "DOCKER", "docker": {"image": "legacy/serve:1", "network": "BRIDGE",
               "portMappings": [{"containerPort": 80, "hostPort": 0, "protocol": "tcp", "name": "web",
                 "servicePort": 10080, "labels": {"VIP_0": "/web:80"}, "networkNames": ["bridge"]}]}}}""";

    /** The deprecated ports. */
    private static final String PORTS_APP = """
            {"id": "/legacy/ports", "cmd": "./serve --port $PORT0", "ports": [0]}""";

    private static final List<String> APPS = List.of(BRIDGE_APP, HOST_APP, IP_PER_TASK_APP, DOCKER_PORT_MAPPINGS_APP,
            PORTS_APP);

    private static final String POD = """
            {"id": "/shop/cart", "user": "nobody", "role": "shop", "labels": {"team": "shop"},
             "environment": {"REGION": "eu"}, "secrets": {"pull": {"source": "shop/pull"}},
             "executorResources": {"cpus": 0.1, "mem": 32}, "legacySharedCgroups": true,
             "linuxInfo": {"seccomp": {"unconfined": true, "profileName": "pod.json"},
                           "ipcInfo": {"mode": "PRIVATE", "shmSize": 64}},
             "containers": [{"name": "cart", "user": "root",
               "exec": {"command": {"shell": "./cart"}, "overrideEntrypoint": false},
               "resources": {"cpus": 0.5, "mem": 256, "disk": 10, "gpus": 1},
               "resourceLimits": {"cpus": "unlimited", "mem": 512},
               "endpoints": [{"name": "http", "containerPort": 8080, "hostPort": 0, "protocol": ["tcp"],
                              "labels": {"VIP_0": "/cart:80"}, "networkNames": ["dcos"]}],
               "image": {"kind": "DOCKER", "id": "shop/cart:2", "forcePull": true, "labels": {"build": "42"},
                         "pullConfig": {"secret": "pull"}},
               "environment": {"MODE": "web"},
               "healthCheck": {"http": {"endpoint": "http", "path": "/health", "scheme": "HTTP"},
                               "gracePeriodSeconds": 30, "intervalSeconds": 5, "maxConsecutiveFailures": 3,
                               "timeoutSeconds": 2, "delaySeconds": 5},
               "check": {"http": {"endpoint": "http", "path": "/ping"}},
               "volumeMounts": [{"name": "data", "mountPath": "/data", "readOnly": false}],
               "artifacts": [{"uri": "https://example.com/cart.tgz", "extract": true, "executable": false,
                              "cache": true, "destPath": "cart.tgz"}],
               "labels": {"role": "main"}, "lifecycle": {"killGracePeriodSeconds": 20}, "tty": true,
               "linuxInfo": {"seccomp": {"unconfined": false, "profileName": "cart.json"},
                             "ipcInfo": {"mode": "PRIVATE", "shmSize": 32}}},
               {"name": "probe", "resources": {"cpus": 0.1, "mem": 32},
                "exec": {"command": {"argv": ["/bin/probe", "--tcp"]}},
                "healthCheck": {"tcp": {"endpoint": "http"}}},
               {"name": "shell-check", "resources": {"cpus": 0.1, "mem": 32},
                "healthCheck": {"exec": {"command": {"shell": "test -f /tmp/ok"}}}}],
             "volumes": [{"name": "data", "persistent": {"type": "mount", "size": 1024, "maxSize": 2048,
                                                          "profileName": "fast",
                                                          "constraints": [["path", "LIKE", "/mnt/ssd.*"]]}},
                         {"name": "logs", "host": "/var/log"}, {"name": "cert", "secret": "pull"}],
             "networks": [{"name": "dcos", "mode": "container", "labels": {"cni.example/tier": "web"}}],
             "scaling": {"kind": "fixed", "instances": 2, "maxInstances": 4},
             "scheduling": {"backoff": {"backoff": 2, "backoffFactor": 1.5, "maxLaunchDelay": 600},
                            "upgrade": {"minimumHealthCapacity": 0.5, "maximumOverCapacity": 0},
                            "placement": {"constraints": [["hostname", "UNIQUE"]], "acceptedResourceRoles": ["*"]},
                            "killSelection": "OLDEST_FIRST",
                            "unreachableStrategy": {"inactiveAfterSeconds": 60, "expungeAfterSeconds": 600}}}""";

    /**
     * App fields the conversion carries over (docs/migration-guide.md says how); {@code place-value} is a field
     * carried over only with that value (other values are warned about).
     */
    private static final Set<String> APP_CONVERTED = Set.of("id", "cmd", "args", "user", "env", "instances", "cpus", "mem",
            "disk", "gpus", "executor", "constraints", "uris", "fetch[].uri", "fetch[].extract", "fetch[].executable",
            "fetch[].destPath", "container.type", "container.docker.image", "container.docker.network",
            "container.docker.forcePullImage", "container.docker.forcePull", "container.docker.pullConfig",
            "container.volumes[].containerPath", "container.volumes[].hostPath", "container.volumes[].mode",
            "container.volumes[].secret", "container.volumes[].persistent.size",
            "container.volumes[].persistent.profileName", "container.volumes[].external.name",
            "container.volumes[].external.size", "container.volumes[].external.shared",
            "container.portMappings[].containerPort", "container.portMappings[].hostPort",
            "container.portMappings[].protocol", "container.portMappings[].name",
            "container.docker.portMappings[].containerPort", "container.docker.portMappings[].hostPort",
            "container.docker.portMappings[].protocol", "container.docker.portMappings[].name",
            "container.linuxInfo.ipcInfo.mode", "container.linuxInfo.ipcInfo.shmSize",
            "container.linuxInfo.seccomp.unconfined-false", "healthChecks[].protocol", "healthChecks[].path",
            "healthChecks[].portIndex", "healthChecks[].port", "healthChecks[].command.value",
            "healthChecks[].gracePeriodSeconds", "healthChecks[].intervalSeconds", "healthChecks[].timeoutSeconds",
            "healthChecks[].maxConsecutiveFailures", "healthChecks[].delaySeconds", "healthChecks[].ipProtocol",
            "readinessChecks[].name", "readinessChecks[].protocol", "readinessChecks[].path",
            "readinessChecks[].portName", "readinessChecks[].intervalSeconds", "readinessChecks[].timeoutSeconds",
            "readinessChecks[].httpStatusCodesForReady", "readinessChecks[].preserveLastResponse",
            "upgradeStrategy.minimumHealthCapacity", "labels", "acceptedResourceRoles", "role", "networks[].mode",
            "secrets", "taskKillGracePeriodSeconds", "unreachableStrategy.inactiveAfterSeconds", "requirePorts",
            "tty", "resourceLimits.cpus", "resourceLimits.mem", "portDefinitions[].port",
            "portDefinitions[].protocol", "portDefinitions[].name", "ipAddress.discovery", "ports");

    /** Pod fields the conversion carries over. */
    private static final Set<String> POD_CONVERTED = Set.of("id", "user", "role", "labels", "environment", "secrets",
            "containers[].name", "containers[].user", "containers[].exec.command",
            "containers[].exec.overrideEntrypoint", "containers[].resources.cpus", "containers[].resources.mem",
            "containers[].resources.disk", "containers[].resources.gpus", "containers[].resourceLimits.cpus",
            "containers[].resourceLimits.mem", "containers[].endpoints[].name",
            "containers[].endpoints[].containerPort", "containers[].endpoints[].hostPort",
            "containers[].endpoints[].protocol", "containers[].image.kind", "containers[].image.id",
            "containers[].image.forcePull", "containers[].image.pullConfig", "containers[].environment",
            "containers[].healthCheck.http.endpoint", "containers[].healthCheck.http.path",
            "containers[].healthCheck.http.scheme", "containers[].healthCheck.tcp.endpoint",
            "containers[].healthCheck.exec.command", "containers[].healthCheck.gracePeriodSeconds",
            "containers[].healthCheck.intervalSeconds", "containers[].healthCheck.maxConsecutiveFailures",
            "containers[].healthCheck.timeoutSeconds", "containers[].healthCheck.delaySeconds",
            "containers[].volumeMounts[].name", "containers[].volumeMounts[].mountPath",
            "containers[].volumeMounts[].readOnly", "containers[].artifacts[].uri",
            "containers[].artifacts[].extract", "containers[].artifacts[].executable",
            "containers[].artifacts[].destPath", "containers[].lifecycle.killGracePeriodSeconds",
            "containers[].tty", "containers[].linuxInfo.seccomp.unconfined-false", "volumes[].name",
            "volumes[].host", "volumes[].secret", "volumes[].persistent.size", "volumes[].persistent.profileName",
            "networks[].mode", "scaling.kind", "scaling.instances", "scheduling.upgrade.minimumHealthCapacity",
            "scheduling.upgrade.maximumOverCapacity-0", "scheduling.placement.constraints",
            "scheduling.placement.acceptedResourceRoles", "scheduling.unreachableStrategy.inactiveAfterSeconds");

    @Test
    void theFixturesSetEveryFieldTheConverterKnows() {
        Set<String> appSet = new TreeSet<>();
        for (String app : APPS) {
            fieldPlaces(parse(app), "", NestedFields.APP, appSet);
        }
        assertThat(appSet).containsAll(places(AppConverter.KNOWN_FIELDS, NestedFields.APP, Set.of("version",
                "versionInfo", "tasks", "tasksStaged", "tasksRunning", "tasksHealthy", "tasksUnhealthy",
                "deployments", "lastTaskFailure", "taskStats", "readinessCheckResults", "overdue")));
        Set<String> podSet = new TreeSet<>();
        fieldPlaces(parse(POD), "", NestedFields.POD, podSet);
        Set<String> podKnown = places(PodConverter.KNOWN_FIELDS, NestedFields.POD, Set.of("version", "versionInfo"));
        PodConverter.KNOWN_CONTAINER_FIELDS.stream().map(f -> "containers[]." + f)
                .filter(f -> !described(NestedFields.POD, f) && !described(NestedFields.POD, f + "[]"))
                .forEach(podKnown::add);
        assertThat(podSet).containsAll(podKnown);
    }

    @Test
    void everyAppFieldThatIsNotCarriedOverIsWarnedAtItsPath() {
        for (String app : APPS) {
            assertEveryFieldConvertedOrWarned(app, NestedFields.APP, APP_CONVERTED);
        }
    }

    @Test
    void everyPodFieldThatIsNotCarriedOverIsWarnedAtItsPath() {
        assertEveryFieldConvertedOrWarned(POD, NestedFields.POD, POD_CONVERTED);
    }

    private static void assertEveryFieldConvertedOrWarned(String json, Map<String, Set<String>> schema,
                                                          Set<String> converted) {
        List<Warning> warnings = Corpus.convertText(json).warnings().all();
        List<Node> fields = new ArrayList<>();
        fieldNodes(parse(json), "", schema, fields);
        List<String> silent = new ArrayList<>();
        for (Node field : fields) {
            String place = place(field.path());
            boolean carriedOver = converted.contains(place) || converted.contains(place + "-" + field.json().asText());
            if (!carriedOver && warnings.stream().noneMatch(w -> covers(w.place(), field.path()))) {
                silent.add(field.path());
            }
        }
        assertThat(silent).as("fields neither carried over nor warned about").isEmpty();
    }

    /** A warning at the field, at one of its entries, or at an object (not the whole definition) that holds it. */
    private static boolean covers(String warned, String field) {
        return warned.equals(field) || warned.startsWith(field + ".") || warned.startsWith(field + "[")
                || (!warned.equals("$") && (field.startsWith(warned + ".") || field.startsWith(warned + "[")));
    }

    private static Node parse(String json) {
        try {
            return Node.root(JsonDocuments.mapper().readTree(json));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The schema place of a node path: {@code $.healthChecks[0].path} is {@code healthChecks[].path}. */
    private static String place(String path) {
        return path.substring(2).replaceAll("\\[\\d+]", "[]");
    }

    /** The fields of an object, descending into the objects the schema describes (not into free-keyed ones). */
    private static void fieldNodes(Node node, String place, Map<String, Set<String>> schema, List<Node> out) {
        for (Map.Entry<String, Node> field : node.fields().entrySet()) {
            String below = place.isEmpty() ? field.getKey() : place + "." + field.getKey();
            Node value = field.getValue();
            List<Node> objects = new ArrayList<>();
            String objectPlace = below;
            if (value.isArray()) {
                objectPlace = below + "[]";
                value.elements().stream().filter(Node::isObject).forEach(objects::add);
            } else if (value.isObject()) {
                objects.add(value);
            }
            if (described(schema, objectPlace) && !objects.isEmpty()) {
                for (Node object : objects) {
                    fieldNodes(object, objectPlace, schema, out);
                }
            } else {
                out.add(value);
            }
        }
    }

    /** Whether the schema lists the fields of the object at {@code place} or of objects below it. */
    private static boolean described(Map<String, Set<String>> schema, String place) {
        return schema.keySet().stream().anyMatch(key -> key.equals(place) || key.startsWith(place + "."));
    }

    private static void fieldPlaces(Node node, String place, Map<String, Set<String>> schema, Set<String> out) {
        List<Node> fields = new ArrayList<>();
        fieldNodes(node, place, schema, fields);
        fields.forEach(f -> out.add(place(f.path())));
    }

    /** Every field place the converter knows: top-level fields, and the fields of each object in the schema. */
    private static Set<String> places(Set<String> topLevel, Map<String, Set<String>> schema, Set<String> state) {
        Set<String> places = new TreeSet<>();
        for (String field : topLevel) {
            if (!state.contains(field) && !described(schema, field) && !described(schema, field + "[]")) {
                places.add(field);
            }
        }
        for (Map.Entry<String, Set<String>> object : schema.entrySet()) {
            for (String field : object.getValue()) {
                String place = object.getKey() + "." + field;
                if (!described(schema, place) && !described(schema, place + "[]")) {
                    places.add(place);
                }
            }
        }
        return places;
    }
}
