package io.mesosbridge.migrate.input;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads the inputs a subcommand is given: files, folders (every {@code *.json} below them, in name order),
 * {@code -} for standard input, or an {@code http(s)://} URL of a live endpoint.
 */
public final class InputReader {

    private final InputStream stdin;
    /** Built on the first URL: creating it loads the TLS trust store, a few hundred milliseconds of a short run. */
    private HttpClient http;

    public InputReader(InputStream stdin) {
        this.stdin = stdin;
    }

    private HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .build();
        }
        return http;
    }

    public List<Source> read(List<String> specs, String extension) {
        List<Source> sources = new ArrayList<>();
        for (String spec : specs) {
            sources.addAll(readOne(spec, extension));
        }
        return sources;
    }

    public List<Source> readOne(String spec, String extension) {
        if (spec.equals("-")) {
            try {
                return List.of(new Source("<stdin>", new String(stdin.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new InputError("<stdin>", null, "cannot read standard input: " + e.getMessage());
            }
        }
        if (spec.startsWith("http://") || spec.startsWith("https://")) {
            return List.of(fetch(spec));
        }
        Path path = Path.of(spec);
        if (Files.isDirectory(path)) {
            try (Stream<Path> walk = Files.walk(path)) {
                List<Path> files = walk.filter(Files::isRegularFile)
                        .filter(p -> p.getFileName().toString().endsWith(extension))
                        .sorted()
                        .toList();
                if (files.isEmpty()) {
                    throw new InputError(spec, null, "folder has no *" + extension + " files");
                }
                List<Source> sources = new ArrayList<>();
                for (Path file : files) {
                    sources.add(readFile(file));
                }
                return sources;
            } catch (IOException e) {
                throw new InputError(spec, null, "cannot list folder: " + e.getMessage());
            } catch (UncheckedIOException e) {
                throw new InputError(spec, null, "cannot list folder: " + e.getCause().getMessage());
            }
        }
        return List.of(readFile(path));
    }

    private static Source readFile(Path path) {
        if (!Files.exists(path)) {
            throw new InputError(path.toString(), null, "no such file");
        }
        try {
            return new Source(path.toString(), Files.readString(path, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new InputError(path.toString(), null, "cannot read: " + e.getMessage());
        }
    }

    private Source fetch(String url) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(60))
                    .header("Accept", "application/json")
                    .GET()
                    .build();
            HttpResponse<String> response = http().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() / 100 != 2) {
                throw new InputError(url, null, "GET answered HTTP " + response.statusCode());
            }
            return new Source(url, response.body());
        } catch (IllegalArgumentException e) {
            throw new InputError(url, null, "not a valid URL: " + e.getMessage());
        } catch (IOException e) {
            throw new InputError(url, null, "GET failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InputError(url, null, "interrupted");
        }
    }
}
