package io.mesosbridge.operator.maintenanceapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mesosbridge.mesos.json.MesosJson;
import io.mesosbridge.mesos.json.MesosJsonException;
import io.mesosbridge.mesos.v1.Protos.MachineID;
import io.mesosbridge.mesos.v1.maintenance.Protos.Schedule;
import io.mesosbridge.mesos.v1.master.Protos;
import io.mesosbridge.operator.authorization.AuthorizationUnavailableException;
import io.mesosbridge.operator.authorization.Subject;
import io.mesosbridge.operator.http.GateResponses;
import io.mesosbridge.operator.http.HttpAuthentication;
import io.mesosbridge.operator.leadership.LeaderGate;
import io.mesosbridge.operator.master.CallResult;
import io.mesosbridge.operator.master.MaintenanceCalls;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import static io.mesosbridge.operator.http.GateResponses.plain;

import java.util.Optional;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The Mesos master's maintenance endpoints, under {@code /master/} and at the root: {@code /maintenance/schedule}
 * (GET the schedule, POST a new one), {@code /maintenance/status}, {@code /machine/down} and {@code /machine/up}
 * (POST a JSON array of MachineIDs); errors are 400 in plain text with Mesos's messages, a denial is an empty 403.
 */
@Path("/")
public class MaintenanceResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MaintenanceCalls calls;
    private final LeaderGate gate;
    private final CurrentVertxRequest request;

    public MaintenanceResource(MaintenanceCalls calls, LeaderGate gate, CurrentVertxRequest request) {
        this.calls = calls;
        this.gate = gate;
        this.request = request;
    }

    @GET
    @Path("{path: (?:master/)?maintenance/schedule}")
    public Response schedule() {
        return answer(calls::getSchedule,
                result -> MesosJson.print(((Protos.Response) result.body())
                        .getGetMaintenanceSchedule().getSchedule()));
    }

    @POST
    @Path("{path: (?:master/)?maintenance/schedule}")
    public Response updateSchedule(byte[] body) {
        Schedule schedule;
        try {
            schedule = MesosJson.parse(body, Schedule.newBuilder()).build();
        } catch (MesosJsonException e) {
            return badRequest(e.getMessage());
        }
        return answer(subject -> calls.updateSchedule(subject, schedule), null);
    }

    @GET
    @Path("{path: (?:master/)?maintenance/status}")
    public Response status() {
        return answer(calls::getStatus,
                result -> MesosJson.print(((Protos.Response) result.body())
                        .getGetMaintenanceStatus().getStatus()));
    }

    @POST
    @Path("{path: (?:master/)?machine/down}")
    public Response down(byte[] body) {
        return withMachines(body, machines -> answer(subject -> calls.down(subject, machines), null));
    }

    @POST
    @Path("{path: (?:master/)?machine/up}")
    public Response up(byte[] body) {
        return withMachines(body, machines -> answer(subject -> calls.up(subject, machines), null));
    }

    private static Response withMachines(byte[] body, Function<List<MachineID>, Response> then) {
        List<MachineID> machines;
        try {
            machines = machines(body);
        } catch (IllegalArgumentException e) {
            return badRequest(e.getMessage());
        }
        return then.apply(machines);
    }

    /** A JSON array of MachineIDs in Mesos JSON; anything else is refused with the reason. */
    static List<MachineID> machines(byte[] body) {
        JsonNode array;
        try {
            array = JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("Failed to parse JSON: " + e.getMessage());
        }
        if (array == null || !array.isArray()) {
            throw new IllegalArgumentException("Failed to parse JSON: expected a JSON array of machines");
        }
        List<MachineID> machines = new ArrayList<>();
        for (JsonNode element : array) {
            try {
                machines.add(MesosJson.parse(element.toString().getBytes(StandardCharsets.UTF_8),
                        MachineID.newBuilder()).build());
            } catch (MesosJsonException e) {
                throw new IllegalArgumentException(e.getMessage());
            }
        }
        return machines;
    }

    private Response answer(Function<Subject, CallResult> call, Function<CallResult, String> render) {
        Optional<Response> notServed = GateResponses.notServed(gate.decide(), request.getCurrent().request().uri());
        if (notServed.isPresent()) {
            return notServed.get();
        }
        CallResult result;
        try {
            result = call.apply(HttpAuthentication.subjectOf(request.getCurrent()));
        } catch (AuthorizationUnavailableException e) {
            return plain(503, "Authorization failure: " + e.getMessage());
        }
        return switch (result.outcome()) {
            case OK -> render == null ? Response.ok().build()
                    : Response.ok(render.apply(result), MediaType.APPLICATION_JSON).build();
            case INVALID -> badRequest(result.error());
            case FORBIDDEN -> Response.status(403).build();
            case CONFLICT -> plain(409, result.error());
            case UNAVAILABLE -> plain(503, result.error());
            case ACCEPTED -> Response.accepted().build();
            case NOT_IMPLEMENTED -> plain(501, result.error());
        };
    }

    private static Response badRequest(String message) {
        return plain(400, message);
    }

}
