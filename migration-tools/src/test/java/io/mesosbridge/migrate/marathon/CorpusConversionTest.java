package io.mesosbridge.migrate.marathon;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.mesosbridge.migrate.kube.Manifests;
import io.mesosbridge.migrate.report.Warning;
import io.mesosbridge.migrate.testing.Corpus;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CorpusConversionTest {

    @Test
    void everyCorpusFileConvertsIntoValidLookingObjectsTheSameWayTwice() {
        List<Path> files = Corpus.allFiles();
        assertThat(files).hasSizeGreaterThanOrEqualTo(40);
        for (Path file : files) {
            String relative = Corpus.root().relativize(file).toString();
            Corpus.Conversion first = Corpus.convert(relative);
            assertThat(first.result().items()).as(relative).isNotEmpty();
            if (first.result().items().size() <= 100) {
                // Reruns must diff cleanly; the large lists are the same shape, so the small ones show it.
                String yaml = Manifests.toYamlStream(first.result().all());
                assertThat(Manifests.toYamlStream(Corpus.convert(relative).result().all())).as(relative).isEqualTo(yaml);
            }
            for (HasMetadata resource : first.result().all()) {
                assertThat(resource.getMetadata().getName()).as(relative)
                        .matches("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");
                PodTemplateSpec template = template(resource);
                if (template != null) {
                    Map<String, String> selector = resource instanceof Deployment d
                            ? d.getSpec().getSelector().getMatchLabels()
                            : ((StatefulSet) resource).getSpec().getSelector().getMatchLabels();
                    assertThat(template.getMetadata().getLabels()).as(relative).containsAllEntriesOf(selector);
                    for (Container c : template.getSpec().getContainers()) {
                        for (VolumeMount m : c.getVolumeMounts()) {
                            assertThat(m.getMountPath()).as(relative).startsWith("/");
                        }
                    }
                }
            }
            for (Warning warning : first.warnings().all()) {
                assertThat(warning.place()).as(relative).startsWith("$");
                assertThat(warning.source()).as(relative).endsWith(file.getFileName().toString());
            }
        }
    }

    @Test
    void groupOfToolsKeepsNestedIdsConstraintsAndVolumes() {
        Corpus.Conversion conversion = Corpus.convert("docs-examples/group.json");
        assertThat(conversion.result().items()).extracting(Converted::marathonId)
                .containsExactly("/tools/datadog-agent", "/tools/docker/registry", "/tools/oauth-server");
        Deployment oauth = deployment(conversion, "tools-oauth-server");
        PodSpec pod = oauth.getSpec().getTemplate().getSpec();
        assertThat(oauth.getSpec().getReplicas()).isEqualTo(2);
        assertThat(pod.getAffinity().getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution())
                .singleElement().satisfies(term -> {
                    assertThat(term.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
                    assertThat(term.getLabelSelector().getMatchLabels())
                            .containsEntry("app.kubernetes.io/name", "tools-oauth-server");
                });
        assertThat(pod.getContainers().get(0).getPorts()).extracting(p -> p.getContainerPort()).containsExactly(1980);
        assertThat(pod.getContainers().get(0).getLivenessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(1980);
        assertThat(oauth.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getStrVal()).isEqualTo("50%");
        assertThat(oauth.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getStrVal()).isEqualTo("0%");

        Deployment datadog = deployment(conversion, "tools-datadog-agent");
        Container agent = datadog.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(agent.getSecurityContext().getPrivileged()).isTrue();
        assertThat(datadog.getSpec().getTemplate().getSpec().getVolumes())
                .filteredOn(v -> v.getHostPath() != null)
                .extracting(v -> v.getHostPath().getPath())
                .containsExactly("/var/run/docker.sock", "/proc/mounts", "/sys/fs/cgroup/");
        assertThat(agent.getVolumeMounts()).filteredOn(m -> m.getMountPath().equals("/host/proc/mounts"))
                .singleElement().satisfies(m -> assertThat(m.getReadOnly()).isTrue());

        Deployment registry = deployment(conversion, "tools-docker-registry");
        assertThat(registry.getSpec().getTemplate().getSpec().getContainers().get(0).getResources()
                .getRequests().get("memory").toString()).isEqualTo("4096Mi");
    }

    @Test
    void persistentVolumeAppBecomesAStatefulSetWithAClaim() {
        Corpus.Conversion conversion = Corpus.convert("apps/persistent-volume-app.json");
        Converted app = conversion.result().items().get(0);
        StatefulSet set = (StatefulSet) app.resources().get(app.resources().size() - 1);
        assertThat(set.getSpec().getVolumeClaimTemplates()).singleElement().satisfies(claim -> {
            assertThat(claim.getMetadata().getName()).isEqualTo("data");
            assertThat(claim.getSpec().getResources().getRequests().get("storage").toString()).isEqualTo("10Mi");
        });
        assertThat(set.getSpec().getTemplate().getSpec().getContainers().get(0).getVolumeMounts())
                .anySatisfy(m -> {
                    assertThat(m.getName()).isEqualTo("data");
                    assertThat(m.getMountPath()).isEqualTo("/mnt/mesos/sandbox/data");
                });
        Service service = (Service) app.resources().get(0);
        assertThat(service.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(set.getSpec().getServiceName()).isEqualTo(service.getMetadata().getName());
        assertThat(set.getSpec().getUpdateStrategy().getRollingUpdate().getMaxUnavailable().getStrVal()).isEqualTo("50%");
        // $PORT_API is the port named "api", which Marathon would have picked: a fixed one now.
        assertThat(set.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .anySatisfy(e -> {
                    assertThat(e.getName()).isEqualTo("PORT_API");
                    assertThat(e.getValue()).isEqualTo("10000");
                });
    }

    @Test
    void relativeHostPathOfAPersistentVolumeMountsTheSameClaim() {
        Corpus.Conversion conversion = Corpus.convert("apps/healthcheck-and-volume.json");
        StatefulSet set = (StatefulSet) conversion.result().all().stream().filter(r -> r instanceof StatefulSet)
                .findFirst().orElseThrow();
        assertThat(set.getSpec().getTemplate().getSpec().getContainers().get(0).getVolumeMounts())
                .filteredOn(m -> m.getName().equals("home"))
                .extracting(VolumeMount::getMountPath)
                .containsExactly("/mnt/mesos/sandbox/home", "/home");
    }

    @Test
    void docsExampleAppCarriesRoleSecretsFetchAndKillGracePeriod() {
        Corpus.Conversion conversion = Corpus.convert("docs-examples/app.json");
        assertThat(conversion.result().namespaces()).extracting(n -> n.getMetadata().getName()).containsExactly("mesos-role");
        Deployment app = deployment(conversion, "foo");
        assertThat(app.getMetadata().getNamespace()).isEqualTo("mesos-role");
        PodSpec pod = app.getSpec().getTemplate().getSpec();
        Container main = pod.getContainers().get(0);
        assertThat(main.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("PASSWORD");
            assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("db-password");
        });
        assertThat(main.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("XPS1");
            assertThat(e.getValue()).isEqualTo("Test");
        });
        assertThat(main.getTty()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isZero();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isFalse();
        assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(30L);
        assertThat(pod.getInitContainers()).singleElement().satisfies(init -> {
            String script = init.getCommand().get(2);
            assertThat(script).contains("wget -q -O 'setup.py' 'https://foo.com/setup.py'");
            assertThat(script).contains("wget -q -O 'newname.zip' 'https://foo.com/archive.zip'");
            assertThat(script).contains("unzip -o -q 'newname.zip'");
        });
        assertThat(main.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/v1/plan");
        assertThat(app.getMetadata().getLabels()).containsEntry("owner", "zeus").doesNotContainKey("note");
        assertThat(app.getMetadata().getAnnotations().get("migration.mesosbridge.io/marathon-labels"))
                .contains("Away from olympus");
        assertThat(conversion.warnings().all()).anySatisfy(w -> {
            assertThat(w.place()).isEqualTo("$.constraints[0]");
            assertThat(w.message()).contains("LIKE srv2.*");
        });
        assertThat(conversion.warnings().all()).anySatisfy(w -> {
            assertThat(w.place()).isEqualTo("$.args");
            assertThat(w.message()).contains("used cmd");
        });
        assertThat(conversion.warnings().all()).anySatisfy(w -> {
            assertThat(w.place()).isEqualTo("$.container.docker.parameters[0]");
            assertThat(w.message()).contains("docker parameter name=kdc has no Kubernetes equivalent");
        });
    }

    @Test
    void readinessCheckUsesTheNamedPortAndHealthCheckWithoutKillsIsNotALivenessProbe() {
        Corpus.Conversion conversion = Corpus.convert("apps/readiness-and-health-app.json");
        Container main = deployment(conversion, "readiness-and-health-app").getSpec().getTemplate().getSpec()
                .getContainers().get(0);
        assertThat(main.getLivenessProbe()).isNull();
        assertThat(main.getReadinessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(10000);
        assertThat(main.getReadinessProbe().getPeriodSeconds()).isEqualTo(2);
        assertThat(main.getReadinessProbe().getTimeoutSeconds()).isEqualTo(1);
        assertThat(main.getImage()).isEqualTo(MarathonOptions.DEFAULT_IMAGE);
    }

    @Test
    void realAppListBecomesScaledDownDeploymentsWithNodeAffinity() {
        Corpus.Conversion conversion = Corpus.convert("real-app-lists/155_100.json");
        assertThat(conversion.result().items()).hasSize(100);
        Deployment first = deployment(conversion, "cudcos-mactest1");
        assertThat(first.getSpec().getReplicas()).isZero();
        List<NodeSelectorRequirement> requirements = first.getSpec().getTemplate().getSpec().getAffinity()
                .getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms().get(0)
                .getMatchExpressions();
        assertThat(requirements).extracting(NodeSelectorRequirement::getKey)
                .containsExactly("mesos.mesosbridge.io/attribute.platform", "mesos.mesosbridge.io/attribute.rack");
        assertThat(requirements).extracting(r -> r.getValues().get(0)).containsExactly("foo", "bax-bar");
        assertThat(first.getSpec().getTemplate().getSpec().getContainers().get(0).getImagePullPolicy()).isEqualTo("Always");
        assertThat(first.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts().get(0).getContainerPort())
                .isEqualTo(10003);
        assertThat(conversion.warnings().all()).isEmpty();
    }

    @Test
    void podsShareVolumesAndGetOnePortPerEndpoint() {
        Corpus.Conversion simple = Corpus.convert("pods/simple-pod.json");
        PodSpec pod = deployment(simple, "simple-pod").getSpec().getTemplate().getSpec();
        assertThat(pod.getContainers()).extracting(Container::getName).containsExactly("ct1", "ct2");
        assertThat(pod.getVolumes()).anySatisfy(v -> {
            assertThat(v.getName()).isEqualTo("v2");
            assertThat(v.getHostPath().getPath()).isEqualTo("/var/lib/docker");
        });
        assertThat(pod.getContainers().get(0).getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getName()).isEqualTo("v1");
            assertThat(m.getMountPath()).isEqualTo("/mnt/mesos/sandbox/test-v1");
        });
        assertThat(pod.getContainers().get(1).getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getName()).isEqualTo("v1");
            assertThat(m.getMountPath()).isEqualTo("/mnt/mesos/sandbox/etc");
        });
        assertThat(pod.getContainers()).allSatisfy(c -> assertThat(c.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("PING");
            assertThat(e.getValue()).isEqualTo("PONG");
        }));

        Corpus.Conversion test = Corpus.convert("pods/test-pod.json");
        PodSpec testPod = deployment(test, "testserver").getSpec().getTemplate().getSpec();
        assertThat(testPod.getContainers()).extracting(c -> c.getPorts().get(0).getContainerPort())
                .containsExactly(10000, 10001);
        assertThat(testPod.getContainers()).extracting(c -> c.getLivenessProbe().getHttpGet().getPort().getIntVal())
                .containsExactly(10000, 10001);
        assertThat(testPod.getContainers().get(0).getLivenessProbe().getFailureThreshold()).isEqualTo(3);
        assertThat(testPod.getContainers().get(0).getStartupProbe().getInitialDelaySeconds()).isEqualTo(2);

        Corpus.Conversion persistent = Corpus.convert("pods/persistent-volume-pod.json");
        assertThat(persistent.result().all()).filteredOn(r -> r instanceof StatefulSet).singleElement()
                .satisfies(r -> assertThat(((StatefulSet) r).getSpec().getVolumeClaimTemplates())
                        .extracting(c -> c.getMetadata().getName()).containsExactly("pst"));
    }

    @Test
    void dependenciesComeFirstAndNestedGroupsGiveFullPathNames() {
        Corpus.Conversion created = Corpus.convert("docs-examples/apps_create.json");
        assertThat(created.result().items()).extracting(Converted::marathonId)
                .containsExactly("/test/sleep120", "/test/sleep60");
        Deployment dependent = deployment(created, "test-sleep60");
        assertThat(dependent.getMetadata().getAnnotations())
                .containsEntry("migration.mesosbridge.io/marathon-dependencies", "/test/sleep120,/other/namespace/or/app");

        Corpus.Conversion group = Corpus.convert("groups/sleep-group.json");
        assertThat(group.result().items()).extracting(Converted::name)
                .containsExactly("sleep-group-sleep-goodnight-1", "sleep-group-sleep-goodnight-2");
    }

    static Deployment deployment(Corpus.Conversion conversion, String name) {
        return (Deployment) conversion.result().all().stream()
                .filter(r -> r instanceof Deployment && r.getMetadata().getName().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no Deployment " + name));
    }

    private static PodTemplateSpec template(HasMetadata resource) {
        if (resource instanceof Deployment d) {
            return d.getSpec().getTemplate();
        }
        if (resource instanceof StatefulSet s) {
            return s.getSpec().getTemplate();
        }
        return null;
    }
}
