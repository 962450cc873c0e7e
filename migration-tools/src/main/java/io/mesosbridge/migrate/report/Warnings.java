package io.mesosbridge.migrate.report;

import io.mesosbridge.migrate.input.Node;

import java.util.ArrayList;
import java.util.List;

/** Collects the warnings of one conversion run, each tied to its input and place, in the order found. */
public final class Warnings {

    private final List<Warning> all = new ArrayList<>();

    public void add(String source, String place, String message) {
        all.add(new Warning(source, place, message));
    }

    public void add(String source, Node at, String message) {
        add(source, at.path(), message);
    }

    public List<Warning> all() {
        return List.copyOf(all);
    }

    public boolean isEmpty() {
        return all.isEmpty();
    }

    public int size() {
        return all.size();
    }

    /** A view that stamps every warning with one source name. */
    public SourceWarnings forSource(String source) {
        return new SourceWarnings(this, source);
    }

    public record SourceWarnings(Warnings target, String source) {
        public void warn(Node at, String message) {
            target.add(source, at, message);
        }

        public void warn(String place, String message) {
            target.add(source, place, message);
        }
    }
}
