package io.mesosbridge.operator.stateapi;

import io.mesosbridge.operator.identity.MasterIdentity;
import io.mesosbridge.operator.leadership.LeaderGate;
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
    private final LeaderGate gate;

    public RedirectResource(MasterIdentity master, LeaderGate gate) {
        this.master = master;
        this.gate = gate;
    }

    @GET
    @Path("redirect")
    public Response redirect() {
        var info = master.masterInfo();
        String leader = gate.leaderAddress().orElse(info.getHostname() + ":" + info.getPort());
        return Response.status(307).header("Location", "//" + leader).build();
    }

    @GET
    @Path("master/redirect")
    public Response masterRedirect() {
        return redirect();
    }
}
