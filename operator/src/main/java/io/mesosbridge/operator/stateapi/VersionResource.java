package io.mesosbridge.operator.stateapi;

import io.mesosbridge.operator.identity.MasterIdentity;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /version}: the Mesos version this master speaks, purely numeric (pymesos parses it as integers). */
@Path("/")
public class VersionResource {

    @GET
    @Path("version")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> version() {
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("version", MasterIdentity.MESOS_VERSION);
        version.put("build_user", "mesos-bridge");
        return version;
    }
}
