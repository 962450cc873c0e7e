package io.mesosbridge.operator.validation;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Mesos's rule for role names ({@code roles::validate} in src/common/roles.cpp): {@code *}, or a path of components
 * separated by single slashes (none leading or trailing), where no component is {@code .}, {@code ..} or {@code *},
 * starts with {@code -}, or holds whitespace or DEL. Beyond Mesos, every other control character is refused too (with
 * the same message), and a role is at most {@value #MAX_BYTES} bytes: it is stored on MesosFramework and MesosTask
 * objects and shown in every state endpoint.
 */
public final class MesosRoles {

    public static final int MAX_BYTES = 255;

    private MesosRoles() {
    }

    /** The problem with {@code role} in Mesos's words, or empty for a valid role. */
    public static Optional<String> problem(String role) {
        if (role.equals("*")) {
            return Optional.empty();
        }
        if (role.startsWith("/")) {
            return Optional.of("Role '" + role + "' cannot start with a slash");
        }
        if (role.endsWith("/")) {
            return Optional.of("Role '" + role + "' cannot end with a slash");
        }
        if (role.contains("//")) {
            return Optional.of("Role '" + role + "' cannot contain two adjacent slashes");
        }
        if (role.isEmpty()) {
            return Optional.of("Role names cannot be the empty string");
        }
        if (role.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return Optional.of("Role '" + role + "' is longer than " + MAX_BYTES + " bytes");
        }
        for (String component : role.split("/")) {
            if (component.equals(".") || component.equals("..") || component.equals("*")) {
                return Optional.of("Role '" + role + "' cannot include '" + component + "' as a component");
            }
            if (component.startsWith("-")) {
                return Optional.of("Role component '" + component + "' is invalid because it starts with a dash");
            }
            if (component.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
                return Optional.of("Role component '" + component + "' is invalid because it contains backspace"
                        + " or whitespace");
            }
        }
        return Optional.empty();
    }
}
