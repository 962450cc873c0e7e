package io.mesosbridge.operator.master;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /redirect} (also {@code /master/redirect}): 307 to the leading master, protocol-relative
 * ({@code //host:port}), as Mesos answers; clients such as mesos-rxjava ask it before subscribing.
 */
@Path("/")
public class RedirectResource {

    private final MasterIdentity master;

    public RedirectResource(MasterIdentity master) {
        this.master = master;
    }

    @GET
    @Path("redirect")
    public Response redirect() {
        var info = master.masterInfo();
        return Response.status(307).header("Location", "//" + info.getHostname() + ":" + info.getPort()).build();
    }

    @GET
    @Path("master/redirect")
    public Response masterRedirect() {
        return redirect();
    }
}
