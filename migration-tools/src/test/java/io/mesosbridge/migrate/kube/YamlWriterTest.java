package io.mesosbridge.migrate.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.mesosbridge.migrate.testing.Corpus;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class YamlWriterTest {

    private static final ObjectMapper YAML = new YAMLMapper();

    @Test
    void everyConvertedCorpusObjectReadsBackAsTheSameTree() throws IOException {
        for (String file : List.of("docs-examples/app.json", "docs-examples/group.json", "docs-examples/pod.json",
                "apps/ipv6-healthcheck.json", "pods/persistent-volume-pod.json", "real-app-lists/155_100.json")) {
            for (HasMetadata resource : Corpus.convert(file).result().all()) {
                JsonNode expected = Manifests.tree(resource);
                JsonNode actual = YAML.readTree(Manifests.toYaml(resource));
                // Compared as JSON text: a long 30 and an int 30 are different nodes but the same YAML.
                assertThat(actual.toString()).as(file + " " + resource.getMetadata().getName()).isEqualTo(expected.toString());
                assertThat(Manifests.serialization().unmarshal(Manifests.toYaml(resource), HasMetadata.class))
                        .isEqualTo(resource);
            }
        }
    }

    @Test
    void awkwardStringsSurvive() throws IOException {
        ConfigMap map = new ConfigMapBuilder().withNewMetadata().withName("awkward").endMetadata()
                .addToData("yes", "no")
                .addToData("quote", "say \"hi\" \\ back")
                .addToData("multi", "line one\n  indented\n\nlast\n\n")
                .addToData("trailing space", "a \nb")
                .addToData("no-newline-end", "a\nb")
                .addToData("control", "bell\u0007tab\tcr\r")
                .addToData("number-like", "0123")
                .addToData("empty", "")
                .addToData("unicode", "Configuração ✓")
                .build();
        String yaml = Manifests.toYaml(map);
        assertThat(YAML.readTree(yaml).toString()).isEqualTo(Manifests.tree(map).toString());
        assertThat(yaml).contains("\"yes\": \"no\"").contains("multi: |+");
        assertThat(new ObjectMapper(new YAMLFactory()).readTree(Manifests.toYamlStream(List.of(map, map)).split("---\n")[2])
                .toString()).isEqualTo(Manifests.tree(map).toString());
    }
}
