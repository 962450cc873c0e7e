package io.mesosbridge.migrate.marathon;

import io.mesosbridge.conventions.Fetch;
import io.mesosbridge.migrate.input.Node;
import io.mesosbridge.migrate.report.Warnings;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads Marathon's {@code fetch} (or {@code uris}, or pod {@code artifacts}) entries as the artifacts of the
 * fetcher's init container ({@link Fetch}). URIs the pod cannot reach by itself ({@code file://}, {@code hdfs://},
 * ...) are reported, not guessed.
 */
public final class Fetcher {

    private Fetcher() {
    }

    public static List<Fetch.Artifact> read(Node entries, Warnings.SourceWarnings warnings) {
        List<Fetch.Artifact> result = new ArrayList<>();
        for (Node entry : entries.elements()) {
            String uri = entry.isText() ? entry.text() : entry.get("uri").text();
            if (!Fetch.fetchable(uri)) {
                warnings.warn(entry, "fetch URI " + uri + " is read from the agent's side ("
                        + Fetch.scheme(uri) + "); a pod cannot fetch it: bake it into the image or serve it"
                        + " over HTTP");
                continue;
            }
            String fileName = entry.isText() ? null : entry.get("destPath").optionalText()
                    .or(() -> entry.get("outputFile").optionalText()).orElse(null);
            if (fileName == null || fileName.isBlank()) {
                fileName = Fetch.baseName(uri);
            }
            boolean extract = !entry.isText() && entry.get("extract").bool(true) || entry.isText();
            boolean executable = !entry.isText() && entry.get("executable").bool(false);
            result.add(new Fetch.Artifact(uri, fileName, extract, executable));
        }
        return result;
    }
}
