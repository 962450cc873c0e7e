package io.mesosbridge.operator.http;

import io.mesosbridge.mesos.media.MediaTypes;

import java.util.Locale;

/**
 * Content negotiation of the operator API as a Mesos master does it: a request body in JSON or protobuf, an answer
 * in JSON whenever the {@code Accept} header allows it (a missing header allows everything), else in protobuf; a
 * SUBSCRIBE stream may also be {@code application/recordio} with the records' type in {@code Message-Accept}.
 */
public final class MediaNegotiation {

    private MediaNegotiation() {
    }

    /** The media type of a Content-Type header, parameters (such as a charset) dropped; null when absent. */
    public static String mediaType(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        int semicolon = header.indexOf(';');
        return (semicolon < 0 ? header : header.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    public static boolean isRequestType(String mediaType) {
        return MediaTypes.JSON.equals(mediaType) || MediaTypes.PROTOBUF.equals(mediaType);
    }

    /**
     * Whether an Accept-style header allows {@code type}: the most specific media range matching it (exact, then
     * {@code type/*}, then {@code * / *}) must have a quality above zero. A missing header allows every type.
     */
    public static boolean accepts(String header, String type) {
        if (header == null || header.isBlank()) {
            return true;
        }
        String wanted = type.toLowerCase(Locale.ROOT);
        String wantedFamily = wanted.substring(0, wanted.indexOf('/'));
        int bestSpecificity = -1;
        double bestQuality = 0;
        for (String part : header.split(",")) {
            String[] pieces = part.split(";");
            String range = pieces[0].trim().toLowerCase(Locale.ROOT);
            int specificity;
            if (range.equals(wanted)) {
                specificity = 2;
            } else if (range.equals(wantedFamily + "/*")) {
                specificity = 1;
            } else if (range.equals("*/*") || range.equals("*")) {
                specificity = 0;
            } else {
                continue;
            }
            double quality = 1;
            for (int i = 1; i < pieces.length; i++) {
                String parameter = pieces[i].trim();
                if (parameter.startsWith("q=")) {
                    try {
                        quality = Double.parseDouble(parameter.substring(2).trim());
                    } catch (NumberFormatException malformed) {
                        quality = 0;
                    }
                }
            }
            if (specificity > bestSpecificity) {
                bestSpecificity = specificity;
                bestQuality = quality;
            }
        }
        return bestSpecificity >= 0 && bestQuality > 0;
    }

    /** The type of a (non-streaming) answer: JSON if acceptable, else protobuf, else null (406). */
    public static String responseType(String accept) {
        if (accepts(accept, MediaTypes.JSON)) {
            return MediaTypes.JSON;
        }
        if (accepts(accept, MediaTypes.PROTOBUF)) {
            return MediaTypes.PROTOBUF;
        }
        return null;
    }

    /** The Content-Type of a SUBSCRIBE stream: JSON, protobuf or recordio (in that order of preference), or null. */
    public static String streamType(String accept) {
        String plain = responseType(accept);
        if (plain != null) {
            return plain;
        }
        return accepts(accept, MediaTypes.RECORDIO) ? MediaTypes.RECORDIO : null;
    }

    /** The type of each record of an {@code application/recordio} stream, from {@code Message-Accept}, or null. */
    public static String recordType(String messageAccept) {
        return responseType(messageAccept);
    }
}
