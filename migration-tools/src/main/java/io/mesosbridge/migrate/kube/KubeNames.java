package io.mesosbridge.migrate.kube;

import io.mesosbridge.conventions.Volumes;
import java.util.Locale;
import java.util.regex.Pattern;

/** Turns Mesos and Marathon identifiers into names Kubernetes accepts, the same way every time. */
public final class KubeNames {

    /** DNS-1035 label: Service names must be one, so every workload name is one too. */
    public static final int MAX_NAME = 63;
    private static final int MAX_PORT_NAME = 15;
    private static final Pattern LABEL_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern NOT_DNS_CHARS = Pattern.compile("[^a-z0-9-]+");
    private static final Pattern DASH_RUNS = Pattern.compile("-{2,}");
    private static final Pattern HAS_LETTER = Pattern.compile(".*[a-z].*");
    private static final Pattern NOT_ENV_CHARS = Pattern.compile("[^A-Z0-9_]");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

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
        return Volumes.dnsLabel(raw, whole, prefixIfDigit);
    }

    /** An IANA service name for a container port: at most 15 characters, with a letter, no double dashes. */
    public static String portName(String raw, int index) {
        String name = raw == null ? "" : trimDashes(clean(raw));
        if (name.length() > MAX_PORT_NAME) {
            name = trimDashes(name.substring(0, MAX_PORT_NAME));
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
        return value.isEmpty() || (value.length() <= 63 && LABEL_NAME.matcher(value).matches());
    }

    /** A label or annotation key: an optional DNS-subdomain prefix and '/', then a name of at most 63 characters. */
    public static boolean isQualifiedKey(String key) {
        int slash = key.indexOf('/');
        String name = slash < 0 ? key : key.substring(slash + 1);
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            if (prefix.isEmpty() || prefix.length() > 253 || !DNS_SUBDOMAIN.matcher(prefix).matches()) {
                return false;
            }
        }
        return !name.isEmpty() && name.length() <= 63 && LABEL_NAME.matcher(name).matches();
    }

    /** The last part of a label key made from free text: letters, digits, '-', '_' and '.'. */
    public static String labelNamePart(String raw) {
        String name = raw.replaceAll("[^A-Za-z0-9_.-]+", "-").replaceAll("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$", "");
        if (name.length() > 63) {
            name = name.substring(0, 54).replaceAll("[^A-Za-z0-9]+$", "") + "-" + shortHash(raw);
        }
        return name.isEmpty() ? "x-" + shortHash(raw) : name;
    }

    public static String shortHash(String text) {
        return Volumes.shortHash(text);
    }

    /** Lower case, anything but letters, digits and '-' as '-', no runs of '-'. */
    private static String clean(String raw) {
        String lower = raw.toLowerCase(Locale.ROOT);
        return DASH_RUNS.matcher(NOT_DNS_CHARS.matcher(lower).replaceAll("-")).replaceAll("-");
    }

    private static String trimDashes(String name) {
        int start = 0;
        int end = name.length();
        while (start < end && name.charAt(start) == '-') {
            start++;
        }
        while (end > start && name.charAt(end - 1) == '-') {
            end--;
        }
        return name.substring(start, end);
    }
}
