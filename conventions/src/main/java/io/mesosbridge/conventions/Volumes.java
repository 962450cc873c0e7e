package io.mesosbridge.conventions;

import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where Mesos volumes and secrets live in Kubernetes, the same for a task the operator runs and for a Marathon app
 * {@code mesos-migrate} converts: an external (Docker) volume is the PersistentVolumeClaim named after it, a Mesos
 * secret reference the Secret named after it (its key {@value #DEFAULT_SECRET_KEY} unless the reference names one),
 * a relative container path a path in the sandbox.
 */
public final class Volumes {

    /** The key a secret's value is under when the Mesos reference names none (Marathon never names one). */
    public static final String DEFAULT_SECRET_KEY = "value";

    private static final int MAX_NAME = 63;
    private static final Pattern NOT_DNS_CHARS = Pattern.compile("[^a-z0-9-]+");
    private static final Pattern DASH_RUNS = Pattern.compile("-{2,}");

    private Volumes() {
    }

    /** The PersistentVolumeClaim of an external volume: its name as a DNS label ({@code volume-} before a digit). */
    public static String claimName(String volumeName) {
        return dnsLabel(volumeName, volumeName, "volume");
    }

    /** The Secret of a Mesos secret reference (a secret store path): {@code db/password} is {@code db-password}. */
    public static String secretName(String reference) {
        return dnsLabel(reference.replace('/', '-'), reference, "secret");
    }

    /** Where a volume's container path is: an absolute path as it is, a relative one in the sandbox, as on Mesos. */
    public static String mountPath(String containerPath, String sandboxPath) {
        return containerPath.startsWith("/") ? containerPath : sandboxPath + "/" + containerPath;
    }

    /** The Pod volume of a Secret, mounted one key at a time by {@link #secretMount}. */
    public static Volume secretVolume(String volumeName, String secretName) {
        return new VolumeBuilder().withName(volumeName).withNewSecret().withSecretName(secretName).endSecret()
                .build();
    }

    /** One key of a secret volume as the file at {@code mountPath}, read-only, as Mesos mounts a secret. */
    public static VolumeMount secretMount(String volumeName, String mountPath, String key) {
        return new VolumeMountBuilder().withName(volumeName).withMountPath(mountPath).withSubPath(key)
                .withReadOnly(true).build();
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

    /** Eight hex digits of the SHA-256 digest of {@code text}. */
    public static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
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
