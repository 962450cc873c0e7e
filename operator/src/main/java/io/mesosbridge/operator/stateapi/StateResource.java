package io.mesosbridge.operator.stateapi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mesosbridge.operator.authorization.Authorizer;
import io.mesosbridge.operator.http.GateResponses;
import io.mesosbridge.operator.http.HttpAuthentication;
import io.mesosbridge.operator.leadership.LeaderGate;
import io.mesosbridge.operator.master.RoleSettingsCalls;
import io.mesosbridge.operator.state.MasterSnapshot;
import io.mesosbridge.operator.state.MasterState;
import io.mesosbridge.operator.state.ViewAuthorization;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Optional;
import java.util.function.Function;

/**
 * The master's read-only endpoints, each under {@code /master/} and at the root, as a Mesos master routes them:
 * {@code /state} (and the pre-1.7 {@code /state.json}), {@code /state-summary}, {@code /slaves}, {@code /frameworks},
 * {@code /tasks} (and {@code /tasks.json}), {@code /roles}, {@code /flags}.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class StateResource {

    private final MasterState state;
    private final LeaderGate gate;
    private final CurrentVertxRequest request;
    private final Authorizer authorizer;
    private final RoleSettingsCalls roleSettings;
    private final RenderedTasks renderedTasks;

    public StateResource(MasterState state, LeaderGate gate, CurrentVertxRequest request, Authorizer authorizer,
                         RoleSettingsCalls roleSettings, RenderedTasks renderedTasks) {
        this.state = state;
        this.gate = gate;
        this.request = request;
        this.authorizer = authorizer;
        this.roleSettings = roleSettings;
        this.renderedTasks = renderedTasks;
    }

    @GET
    @Path("{path: (?:master/)?state(?:\\.json)?}")
    public Response state() {
        return answer(s -> StateJson.state(s, renderedTasks));
    }

    @GET
    @Path("{path: (?:master/)?state-summary}")
    public Response stateSummary() {
        return answer(StateJson::stateSummary);
    }

    @GET
    @Path("{path: (?:master/)?slaves}")
    public Response slaves(@QueryParam("slave_id") String slaveId) {
        return answer(s -> StateJson.slaves(s, slaveId));
    }

    @GET
    @Path("{path: (?:master/)?frameworks}")
    public Response frameworks(@QueryParam("framework_id") String frameworkId) {
        return answer(s -> StateJson.frameworks(s, frameworkId, renderedTasks));
    }

    @GET
    @Path("{path: (?:master/)?tasks(?:\\.json)?}")
    public Response tasks(@QueryParam("limit") String limit, @QueryParam("offset") String offset,
                          @QueryParam("order") String order, @QueryParam("framework_id") String frameworkId,
                          @QueryParam("task_id") String taskId) {
        return answer(s -> StateJson.tasks(s, number(limit), number(offset), order, frameworkId, taskId));
    }

    @GET
    @Path("{path: (?:master/)?roles}")
    public Response roles() {
        return answer(s -> StateJson.roles(s, view()::role, roleSettings.current()));
    }

    @GET
    @Path("{path: (?:master/)?flags}")
    public Response flags() {
        return answer(StateJson::flags);
    }

    private ViewAuthorization view() {
        return new ViewAuthorization(authorizer, HttpAuthentication.subjectOf(request.getCurrent()));
    }

    /**
     * Like a Mesos master, one that does not lead redirects to the leader (307, {@code Location:
     * //host:port/path?query}) or, with no leader known, answers 503.
     */
    private Response answer(Function<MasterSnapshot, ObjectNode> writer) {
        Optional<Response> notServed = GateResponses.notServed(gate.decide(), request.getCurrent().request().uri());
        if (notServed.isPresent()) {
            return notServed.get();
        }
        if (!state.ready()) {
            return GateResponses.plain(503, "Master is not yet recovered");
        }
        // what the view ACLs let the requester see, as a Mesos master filters these endpoints
        MasterSnapshot visible = state.take().visibleTo(view());
        String json = JsonWriter.write(writer.apply(visible));
        String jsonp = request.getCurrent().request().getParam("jsonp");
        if (jsonp != null) {
            // Mesos's OK(json, jsonp): the JSON wrapped in a call of the named function
            return Response.ok(JsonWriter.jsonp(jsonp, json), "text/javascript").build();
        }
        return Response.ok(json, MediaType.APPLICATION_JSON).build();
    }

    /** Mesos's numify: a number, or the default when absent or not a number. */
    static Integer number(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
