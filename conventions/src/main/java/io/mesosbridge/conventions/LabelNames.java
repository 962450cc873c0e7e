package io.mesosbridge.conventions;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/** The syntax of Kubernetes label keys and values and DNS-1035 names, and how free text is made into them. */
public final class LabelNames {

    /** DNS-1035 label: Service names must be one, so every workload name is one too. */
    public static final int MAX_NAME = 63;
    private static final Pattern LABEL_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern NOT_DNS_CHARS = Pattern.compile("[^a-z0-9-]+");
    private static final Pattern DASH_RUNS = Pattern.compile("-{2,}");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private LabelNames() {
    }

    /**
     * A DNS-1035 label (lower case letters, digits and '-', starting with a letter, at most 63 characters) made
     * from {@code raw}; {@code whole} is hashed into the name when it had to be shortened.
     */
    public static String dnsLabel(String raw, String whole, String prefixIfDigit) {
        String name = trimDashes(clean(raw));
        if (name.isEmpty()) {
            name = prefixIfDigit;
        } else if (!Character.isLetter(name.charAt(0))) {
            name = prefixIfDigit + "-" + name;
        }
        if (name.length() > MAX_NAME) {
            name = trimDashes(name.substring(0, MAX_NAME - 9)) + "-" + shortHash(whole);
        }
        return name;
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
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    /** Lower case, anything but letters, digits and '-' as '-', no runs of '-'. */
    public static String clean(String raw) {
        String lower = raw.toLowerCase(Locale.ROOT);
        return DASH_RUNS.matcher(NOT_DNS_CHARS.matcher(lower).replaceAll("-")).replaceAll("-");
    }

    public static String trimDashes(String name) {
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
