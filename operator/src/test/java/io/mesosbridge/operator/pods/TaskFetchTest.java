package io.mesosbridge.operator.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.mesosbridge.conventions.Fetch;
import io.mesosbridge.conventions.PodSecurity;
import io.mesosbridge.migrate.input.Node;
import io.mesosbridge.migrate.marathon.Fetcher;
import io.mesosbridge.migrate.report.Warnings;
import io.mesosbridge.mesos.resources.Resources;
import io.mesosbridge.mesos.v1.Protos.AgentID;
import io.mesosbridge.mesos.v1.Protos.CommandInfo;
import io.mesosbridge.mesos.v1.Protos.ExecutorID;
import io.mesosbridge.mesos.v1.Protos.ExecutorInfo;
import io.mesosbridge.mesos.v1.Protos.TaskID;
import io.mesosbridge.mesos.v1.Protos.TaskInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CommandInfo.uris as the fetcher's init container, the same one mesos-migrate makes of Marathon's fetch. */
class TaskFetchTest {

    private static final TaskPodTarget TARGET =
            new TaskPodTarget("fw-1", "node-7", "mesos", "mt-0123456789abcdef0123", "uid-42", "nobody");
    private static final PodSettings SETTINGS = PodSettings.defaults().withFetcherImage("fetcher:1");

    @Test
    void theTaskPodFetchesItsUrisInAHardenedInitContainer() {
        Pod pod = TaskPods.podFor(task("t1", CommandInfo.URI.newBuilder()
                .setValue("http://10.0.0.1:8080/app.tgz").setCache(true).build()), TARGET, SETTINGS);

        Container init = pod.getSpec().getInitContainers().get(0);
        Container task = pod.getSpec().getContainers().get(0);
        assertThat(pod.getSpec().getInitContainers()).hasSize(1);
        assertThat(init.getName()).isEqualTo(Fetch.CONTAINER_NAME);
        assertThat(init.getImage()).isEqualTo("fetcher:1");
        assertThat(init.getCommand().get(2)).contains("wget -q -O 'app.tgz' 'http://10.0.0.1:8080/app.tgz'\n"
                + "tar -xzf 'app.tgz'\n");
        assertThat(init.getSecurityContext()).isEqualTo(task.getSecurityContext());
        assertThat(init.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(init.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(init.getResources()).isEqualTo(task.getResources());
        assertThat(init.getVolumeMounts()).isEqualTo(task.getVolumeMounts());
        assertThat(pod.getSpec().getSecurityContext().getRunAsUser()).isEqualTo(65534L);
    }

    @Test
    void theFetcherImageDefaultsToTheDefaultImage() {
        Pod pod = TaskPods.podFor(task("t1", CommandInfo.URI.newBuilder().setValue("http://h/a").build()), TARGET,
                PodSettings.defaults());

        assertThat(pod.getSpec().getInitContainers().get(0).getImage()).isEqualTo(PodSettings.DEFAULT_IMAGE);
    }

    @Test
    void aTaskWithoutUrisHasNoInitContainer() {
        assertThat(TaskPods.podFor(task("t1"), TARGET, SETTINGS).getSpec().getInitContainers()).isEmpty();
    }

    @Test
    void anExecutableUriIsNotExtractedAsOnMesos() {
        Fetch.Artifact artifact = TaskPods.artifact(CommandInfo.URI.newBuilder()
                .setValue("http://h/tool.tar.gz").setExecutable(true).setOutputFile("bin/tool").build());

        assertThat(artifact).isEqualTo(new Fetch.Artifact("http://h/tool.tar.gz", "bin/tool", false, true));
        assertThat(TaskPods.artifact(CommandInfo.URI.newBuilder().setValue("http://h/a.zip").build()))
                .isEqualTo(new Fetch.Artifact("http://h/a.zip", "a.zip", true, false));
        assertThat(TaskPods.artifact(CommandInfo.URI.newBuilder().setValue("http://h/a.zip").setExtract(false)
                .build())).isEqualTo(new Fetch.Artifact("http://h/a.zip", "a.zip", false, false));
    }

    @Test
    void theOperatorAndMesosMigrateMakeTheSameInitContainerOfTheSameArtifacts() throws Exception {
        Warnings warnings = new Warnings();
        List<Fetch.Artifact> marathon = Fetcher.read(Node.root(new ObjectMapper().readTree("""
                [{"uri": "https://example.org/app.tar.gz", "extract": true, "executable": false, "cache": true},
                 {"uri": "http://example.org/run.sh", "extract": false, "executable": true, "destPath": "run"}]
                """)), warnings.forSource("app.json"));
        Container migrated = Fetch.initContainer(marathon, SETTINGS.fetcherImage(), SETTINGS.imagePullPolicy(),
                TaskPods.SANDBOX_VOLUME, SETTINGS.sandboxPath()).orElseThrow();

        Pod pod = TaskPods.podFor(task("t1",
                CommandInfo.URI.newBuilder().setValue("https://example.org/app.tar.gz").setCache(true).build(),
                CommandInfo.URI.newBuilder().setValue("http://example.org/run.sh").setExtract(false)
                        .setExecutable(true).setOutputFile("run").build()), TARGET, SETTINGS);
        Container operator = new ContainerBuilder(pod.getSpec().getInitContainers().get(0))
                .withResources(null).withSecurityContext(null).build();

        assertThat(warnings.isEmpty()).isTrue();
        assertThat(operator).isEqualTo(migrated);
    }

    @Test
    void aTaskGroupFetchesEveryTasksUrisInOneInitContainer() {
        ExecutorInfo executor = ExecutorInfo.newBuilder().setType(ExecutorInfo.Type.DEFAULT)
                .setExecutorId(ExecutorID.newBuilder().setValue("default-executor")).build();
        TaskGroupPodTarget target = new TaskGroupPodTarget("fw-1", "node-7", "mesos", "me-1",
                List.of(new TaskGroupPodTarget.Owner("mt-a", "uid-a")), "nobody");

        Pod pod = TaskPods.groupPodFor(executor, List.of(
                task("a", CommandInfo.URI.newBuilder().setValue("http://h/a.txt").build()),
                task("b", CommandInfo.URI.newBuilder().setValue("http://h/b.txt").build())), target, SETTINGS);

        assertThat(pod.getSpec().getInitContainers()).singleElement().satisfies(init -> assertThat(
                init.getCommand().get(2)).contains("'http://h/a.txt'").contains("'http://h/b.txt'"));
        assertThat(pod.getSpec().getInitContainers().get(0).getSecurityContext())
                .isEqualTo(PodSecurity.containerSecurityContext(SETTINGS.capabilities(), false));
    }

    @Test
    void uriAPodCannotFetchIsATaskErrorNamingIt() {
        for (String uri : List.of("file:///opt/app.tgz", "/opt/app.tgz", "hdfs://nn/app.tgz", "s3a://b/app.tgz")) {
            assertThatThrownBy(() -> TaskPods.podFor(task("t1", CommandInfo.URI.newBuilder().setValue(uri).build()),
                    TARGET, SETTINGS))
                    .isInstanceOf(UnsupportedTaskException.class)
                    .hasMessageContaining("CommandInfo.uris: '" + uri + "'")
                    .hasMessageContaining("a Pod cannot fetch");
        }
    }

    @Test
    void anOutputFileOutsideTheSandboxIsATaskError() {
        for (String outputFile : List.of("/etc/passwd", "../up", "a/../../up")) {
            assertThatThrownBy(() -> TaskPods.podFor(task("t1", CommandInfo.URI.newBuilder().setValue("http://h/a")
                    .setOutputFile(outputFile).build()), TARGET, SETTINGS))
                    .isInstanceOf(UnsupportedTaskException.class)
                    .hasMessageContaining("output_file '" + outputFile + "'");
        }
    }

    private static TaskInfo task(String id, CommandInfo.URI... uris) {
        return TaskInfo.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id))
                .setAgentId(AgentID.newBuilder().setValue("agent-7"))
                .addResources(Resources.scalar("cpus", 0.1)).addResources(Resources.scalar("mem", 32))
                .setCommand(CommandInfo.newBuilder().setValue("ls").addAllUris(List.of(uris)))
                .build();
    }
}
