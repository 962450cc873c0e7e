package io.mesosbridge.operator.http;

import io.mesosbridge.operator.leadership.LeaderGate;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Optional;

/** {@link ApiHttp#answeredByGate} for the endpoints that are JAX-RS resources, and their plain-text answers. */
public final class GateResponses {

    private GateResponses() {
    }

    /**
     * The answer of a master that does not serve now: 307 with {@code Location: //<leader host>:<port><uri>} from a
     * follower, 503 otherwise; empty when the request is to be served.
     */
    public static Optional<Response> notServed(LeaderGate.Decision decision, String uri) {
        if (decision instanceof LeaderGate.Redirect redirect) {
            return Optional.of(Response.status(307).header("Location", "//" + redirect.hostAndPort() + uri).build());
        }
        if (decision instanceof LeaderGate.Unavailable unavailable) {
            return Optional.of(plain(503, unavailable.message()));
        }
        return Optional.empty();
    }

    public static Response plain(int status, String text) {
        return Response.status(status).type(MediaType.TEXT_PLAIN).entity(text).build();
    }
}
