package io.mesosbridge.operator.metrics;

import io.mesosbridge.operator.state.JsonWriter;
import io.mesosbridge.operator.state.MasterSnapshots;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code GET /metrics/snapshot}: the Mesos metrics as one flat JSON object (see {@link MesosMetrics}). */
@Path("/metrics/snapshot")
public class MetricsResource {

    private final MasterSnapshots snapshots;

    public MetricsResource(MasterSnapshots snapshots) {
        this.snapshots = snapshots;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response snapshot() {
        if (!snapshots.ready()) {
            return Response.status(503).type(MediaType.TEXT_PLAIN).entity("Master is not yet recovered").build();
        }
        return Response.ok(JsonWriter.write(MesosMetrics.snapshot(snapshots.take(), System.currentTimeMillis())),
                MediaType.APPLICATION_JSON).build();
    }
}
