package io.mesosbridge.migrate.marathon;

import io.mesosbridge.migrate.input.InputError;
import io.mesosbridge.migrate.testing.Corpus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroupDependenciesTest {

    static final String SHOP = """
            {"id": "/shop", "dependencies": ["/infra"],
             "groups": [
               {"id": "web", "apps": [{"id": "frontend", "cmd": "serve", "dependencies": ["../backend/api"]}]},
               {"id": "backend", "apps": [{"id": "api", "cmd": "api", "dependencies": ["db"]},
                                          {"id": "db", "cmd": "db"}]}],
             "apps": []}""";

    @Test
    void relativeIdsAndDependenciesResolveAgainstTheirGroups() {
        Corpus.Conversion conversion = Corpus.convertText(SHOP);
        assertThat(conversion.result().items()).extracting(Converted::marathonId)
                .containsExactly("/shop/backend/db", "/shop/backend/api", "/shop/web/frontend");
        assertThat(CorpusConversionTest.deployment(conversion, "shop-web-frontend").getMetadata().getAnnotations())
                .containsEntry("migration.mesosbridge.io/marathon-dependencies", "/infra,/shop/backend/api");
        assertThat(conversion.warnings().all()).filteredOn(w -> w.message().startsWith("dependency /infra is not in the input"))
                .hasSize(3);
    }

    @Test
    void aDependencyOnAGroupWaitsForEveryAppInIt() {
        Corpus.Conversion conversion = Corpus.convertText("""
                {"id": "/", "groups": [
                  {"id": "/a", "apps": [{"id": "/a/first", "cmd": "x", "dependencies": ["/z"]}]},
                  {"id": "/z", "apps": [{"id": "/z/one", "cmd": "x"}, {"id": "/z/two", "cmd": "x"}]}]}""");
        assertThat(conversion.result().items()).extracting(Converted::marathonId)
                .containsExactly("/z/one", "/z/two", "/a/first");
    }

    @Test
    void cyclesAreReportedAndListedInIdOrder() {
        Corpus.Conversion conversion = Corpus.convertText("""
                [{"id": "/b", "cmd": "x", "dependencies": ["/a"]}, {"id": "/a", "cmd": "x", "dependencies": ["/b"]}]""");
        assertThat(conversion.result().items()).extracting(Converted::marathonId).containsExactly("/a", "/b");
        assertThat(conversion.warnings().all()).anySatisfy(w -> assertThat(w.message()).startsWith("dependency cycle among /a, /b"));
    }

    @Test
    void theSameIdTwiceInOneDocumentIsAnError() {
        assertThatThrownBy(() -> Corpus.convertText("[{\"id\": \"/a\", \"cmd\": \"x\"}, {\"id\": \"a\", \"cmd\": \"y\"}]"))
                .isInstanceOf(InputError.class)
                .satisfies(e -> assertThat(((InputError) e).describe()).isEqualTo("test.json: $[1]: id /a is defined twice (also at $[0]); this one is not converted"));
    }

    @Test
    void pathsResolveLikeFilePaths() {
        assertThat(MarathonConverter.absolute("../db", "/prod/web")).isEqualTo("/prod/db");
        assertThat(MarathonConverter.absolute("api", "/prod")).isEqualTo("/prod/api");
        assertThat(MarathonConverter.absolute("/x/y/", "/prod")).isEqualTo("/x/y");
        assertThat(MarathonConverter.parentOf("/prod/web")).isEqualTo("/prod");
        assertThat(MarathonConverter.parentOf("/web")).isEqualTo("/");
    }
}
