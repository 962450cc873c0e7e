package io.mesosbridge.operator.stateapi;

import io.mesosbridge.operator.metrics.MesosMetrics;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code GET /metrics/snapshot}: the Mesos metrics as one flat JSON object (see {@link MesosMetrics}). */
@Path("/metrics/snapshot")
public class MetricsResource {

    private final MesosMetrics metrics;

    public MetricsResource(MesosMetrics metrics) {
        this.metrics = metrics;
    }

    /** Served by every master, leading or not ({@code master/elected} tells which), as Mesos serves it. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response snapshot() {
        return Response.ok(JsonWriter.write(metrics.snapshot()), MediaType.APPLICATION_JSON).build();
    }
}
