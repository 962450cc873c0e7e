package io.mesosbridge.migrate.kube;

import io.mesosbridge.conventions.LabelNames;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns Mesos and Marathon identifiers into names Kubernetes accepts, the same way every time; the label syntax is
 * the conventions module's {@link LabelNames}, shared with the agent.
 */
public final class KubeNames {

    /** DNS-1035 label: Service names must be one, so every workload name is one too. */
    public static final int MAX_NAME = LabelNames.MAX_NAME;
    private static final int MAX_PORT_NAME = 15;
    private static final Pattern HAS_LETTER = Pattern.compile(".*[a-z].*");
    private static final Pattern NOT_ENV_CHARS = Pattern.compile("[^A-Z0-9_]");

    private KubeNames() {
    }

    /** {@code /tools/docker/registry} becomes {@code tools-docker-registry}; too long ones keep a hash of the whole. */
    public static String fromPath(String id) {
        return dnsLabel(id.replace('/', '-'), id, "app");
    }

    /**
     * A DNS-1035 label (lower case letters, digits and '-', starting with a letter, at most 63 characters) made
     * from {@code raw}; {@code whole} is hashed into the name when it had to be shortened.
     */
    public static String dnsLabel(String raw, String whole, String prefixIfDigit) {
        return LabelNames.dnsLabel(raw, whole, prefixIfDigit);
    }

    /** An IANA service name for a container port: at most 15 characters, with a letter, no double dashes. */
    public static String portName(String raw, int index) {
        String name = raw == null ? "" : LabelNames.trimDashes(LabelNames.clean(raw));
        if (name.length() > MAX_PORT_NAME) {
            name = LabelNames.trimDashes(name.substring(0, MAX_PORT_NAME));
        }
        if (name.isEmpty() || !HAS_LETTER.matcher(name).matches()) {
            name = "port" + index;
        }
        return name;
    }

    /** An environment-variable suffix from a port name: {@code rest-endpoint} becomes {@code REST_ENDPOINT}. */
    public static String envSuffix(String name) {
        return NOT_ENV_CHARS.matcher(name.toUpperCase(Locale.ROOT)).replaceAll("_");
    }

    public static boolean isLabelValue(String value) {
        return LabelNames.isLabelValue(value);
    }

    /** A label or annotation key: an optional DNS-subdomain prefix and '/', then a name of at most 63 characters. */
    public static boolean isQualifiedKey(String key) {
        return LabelNames.isQualifiedKey(key);
    }

    /** The last part of a label key made from free text: letters, digits, '-', '_' and '.'. */
    public static String labelNamePart(String raw) {
        return LabelNames.labelNamePart(raw);
    }

    public static String shortHash(String text) {
        return LabelNames.shortHash(text);
    }
}
