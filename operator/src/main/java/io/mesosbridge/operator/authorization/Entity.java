package io.mesosbridge.operator.authorization;

import java.util.List;
import java.util.Optional;

/**
 * The subjects or the objects of one ACL: {@code {"values": [...]}} (type SOME), {@code {"type": "ANY"}} or
 * {@code {"type": "NONE"}}. The values of an ANY or NONE entity are ignored, as in Mesos.
 */
record Entity(Type type, List<String> values) {

    enum Type { SOME, ANY, NONE }

    static final Entity ANY = new Entity(Type.ANY, List.of());

    Entity {
        values = type == Type.SOME ? List.copyOf(values) : List.of();
    }

    /**
     * Whether this ACL entity matches a request's entity: one value, or, when empty, ANY (a request with no principal,
     * or about every object). ANY and NONE match every request; a list of values matches a request naming one of them
     * and never a request for ANY.
     */
    boolean matches(Optional<String> request) {
        return type != Type.SOME || request.map(values::contains).orElse(false);
    }

    /** A matching entity allows the request unless it is NONE. */
    boolean allows() {
        return type != Type.NONE;
    }
}
