package io.mesosbridge.conventions;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import java.util.List;
import org.junit.jupiter.api.Test;

class FetchTest {

    @Test
    void artifactsAreDownloadedIntoTheSandboxExtractedAndMadeExecutable() {
        Container init = Fetch.initContainer(List.of(
                        new Fetch.Artifact("https://example.org/app.tar.gz", "app.tar.gz", true, false),
                        new Fetch.Artifact("http://example.org/run.sh", "bin/run.sh", false, true),
                        new Fetch.Artifact("ftp://example.org/it's.zip", "it's.zip", false, false)),
                "busybox", "IfNotPresent", "sandbox", Sandbox.PATH).orElseThrow();

        assertThat(init.getName()).isEqualTo(Fetch.CONTAINER_NAME);
        assertThat(init.getImage()).isEqualTo("busybox");
        assertThat(init.getImagePullPolicy()).isEqualTo("IfNotPresent");
        assertThat(init.getVolumeMounts()).singleElement()
                .satisfies(m -> assertThat(m.getName() + ":" + m.getMountPath()).isEqualTo("sandbox:" + Sandbox.PATH));
        assertThat(init.getCommand()).containsExactly("/bin/sh", "-c", """
                set -e
                cd /mnt/mesos/sandbox
                wget -q -O 'app.tar.gz' 'https://example.org/app.tar.gz'
                tar -xzf 'app.tar.gz'
                mkdir -p 'bin'
                wget -q -O 'bin/run.sh' 'http://example.org/run.sh'
                chmod +x 'bin/run.sh'
                wget -q -O 'it'\\''s.zip' 'ftp://example.org/it'\\''s.zip'
                """);
    }

    @Test
    void noArtifactsNoInitContainer() {
        assertThat(Fetch.initContainer(List.of(), "busybox", "Always", "sandbox", Sandbox.PATH)).isEmpty();
    }

    @Test
    void onlyWhatAPodCanDownloadIsFetchable() {
        assertThat(Fetch.fetchable("HTTP://example.org/a")).isTrue();
        assertThat(Fetch.fetchable("https://example.org/a")).isTrue();
        assertThat(Fetch.fetchable("ftp://example.org/a")).isTrue();
        assertThat(Fetch.fetchable("file:///opt/a.tgz")).isFalse();
        assertThat(Fetch.fetchable("/opt/a.tgz")).isFalse();
        assertThat(Fetch.scheme("/opt/a.tgz")).isEqualTo("file");
        assertThat(Fetch.fetchable("hdfs://namenode/a.tgz")).isFalse();
        assertThat(Fetch.fetchable("s3a://bucket/a.tgz")).isFalse();
    }

    @Test
    void archivesAreKnownByTheirExtension() {
        assertThat(Fetch.archiveCommand("a.TGZ")).contains("tar -xzf");
        assertThat(Fetch.archiveCommand("a.tar.bz2")).contains("tar -xjf");
        assertThat(Fetch.archiveCommand("a.txz")).contains("tar -xJf");
        assertThat(Fetch.archiveCommand("a.tar")).contains("tar -xf");
        assertThat(Fetch.archiveCommand("a.zip")).contains("unzip -o -q");
        assertThat(Fetch.archiveCommand("a.jar")).isEmpty();
    }

    @Test
    void theFileNameIsTheLastSegmentOfThePath() {
        assertThat(Fetch.baseName("http://example.org/dist/app.tgz?x=1")).isEqualTo("app.tgz");
        assertThat(Fetch.baseName("http://example.org/")).isEqualTo("index.html");
    }
}
