package io.mesosbridge.operator.stateapi;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/** {@code GET /health}: 200 with an empty body while the process serves, as a Mesos master answers. */
@Path("/")
public class HealthResource {

    @GET
    @Path("health")
    public Response health() {
        return Response.ok().build();
    }

    @GET
    @Path("master/health")
    public Response masterHealth() {
        return health();
    }
}
