package io.mesosbridge.migrate.report;

import java.util.Collection;
import java.util.Locale;

/**
 * The warning about a field a schema does not know, the same for Marathon apps and pods and for Metronome and
 * Chronos jobs: it names the known field the unknown one is most probably a misspelling of (at most two edits
 * away), so that {@code intervalSecond} points at {@code intervalSeconds}.
 */
public final class UnknownFields {

    private static final int MAX_EDITS_FOR_HINT = 2;

    private UnknownFields() {
    }

    /** "unknown field protcol (did you mean protocol?); not carried over". */
    public static String warning(String field, Collection<String> known) {
        String closest = null;
        int best = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = editDistance(field.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (distance < best || (distance == best && candidate.compareTo(closest) < 0)) {
                best = distance;
                closest = candidate;
            }
        }
        String hint = closest != null && best <= MAX_EDITS_FOR_HINT ? " (did you mean " + closest + "?)" : "";
        return "unknown field " + field + hint + "; not carried over";
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
