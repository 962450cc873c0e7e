package io.mesosbridge.agent.executors;

import java.util.Locale;

/**
 * The media types of a request as a Mesos agent reads them: a Content-Type's media type without its parameters, and
 * whether an Accept header allows a type (the most specific matching range decides, and it must have a quality
 * above zero; a missing header allows every type).
 */
final class AcceptHeader {

    private AcceptHeader() {
    }

    /** The media type of a Content-Type header, lower case and without parameters; null when absent. */
    static String mediaType(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        int semicolon = header.indexOf(';');
        return (semicolon < 0 ? header : header.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    static boolean accepts(String header, String type) {
        if (header == null || header.isBlank()) {
            return true;
        }
        String wanted = type.toLowerCase(Locale.ROOT);
        String family = wanted.substring(0, wanted.indexOf('/')) + "/*";
        int bestSpecificity = -1;
        double bestQuality = 0;
        for (String part : header.split(",")) {
            String[] pieces = part.split(";");
            String range = pieces[0].trim().toLowerCase(Locale.ROOT);
            int specificity;
            if (range.equals(wanted)) {
                specificity = 2;
            } else if (range.equals(family)) {
                specificity = 1;
            } else if (range.equals("*/*") || range.equals("*")) {
                specificity = 0;
            } else {
                continue;
            }
            if (specificity > bestSpecificity) {
                bestSpecificity = specificity;
                bestQuality = quality(pieces);
            }
        }
        return bestSpecificity >= 0 && bestQuality > 0;
    }

    private static double quality(String[] pieces) {
        for (int i = 1; i < pieces.length; i++) {
            String parameter = pieces[i].trim();
            if (parameter.startsWith("q=")) {
                try {
                    return Double.parseDouble(parameter.substring(2).trim());
                } catch (NumberFormatException malformed) {
                    return 0;
                }
            }
        }
        return 1;
    }
}
