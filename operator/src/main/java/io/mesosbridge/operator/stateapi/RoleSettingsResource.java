package io.mesosbridge.operator.stateapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.google.protobuf.MessageOrBuilder;
import io.mesosbridge.mesos.json.MesosJson;
import io.mesosbridge.mesos.json.MesosJsonException;
import io.mesosbridge.mesos.v1.master.Protos.Response.GetWeights;
import io.mesosbridge.mesos.v1.quota.Protos.QuotaRequest;
import io.mesosbridge.operator.authorization.Subject;
import io.mesosbridge.operator.http.GateResponses;
import io.mesosbridge.operator.http.HttpAuthentication;
import io.mesosbridge.operator.leadership.LeaderGate;
import io.mesosbridge.operator.master.CallResult;
import io.mesosbridge.operator.master.RoleSettingsCalls;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import static io.mesosbridge.operator.http.GateResponses.plain;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code /weights} (GET, PUT) and {@code /quota} (GET, POST, {@code DELETE /quota/<role>}), under {@code /master/}
 * and at the root, as a Mesos 1.11 master serves them: the same JSON bodies (an array of WeightInfo, a QuotaStatus,
 * a QuotaRequest), the same parse errors (400) and what {@link RoleSettingsCalls} answers.
 */
@Path("/")
public class RoleSettingsResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RoleSettingsCalls calls;
    private final LeaderGate gate;
    private final CurrentVertxRequest request;

    public RoleSettingsResource(RoleSettingsCalls calls, LeaderGate gate, CurrentVertxRequest request) {
        this.calls = calls;
        this.gate = gate;
        this.request = request;
    }

    @GET
    @Path("{path: (?:master/)?weights}")
    public Response weights() {
        return served(() -> {
            ArrayNode infos = JSON.createArrayNode();
            calls.weights(subject()).getWeightInfosList().forEach(info -> infos.add(StateJson.proto(info)));
            return Response.ok(JsonWriter.write(infos), MediaType.APPLICATION_JSON).build();
        });
    }

    @PUT
    @Path("{path: (?:master/)?weights}")
    public Response updateWeights(String body) {
        return served(() -> {
            JsonNode parsed;
            try {
                parsed = JSON.readTree(body);
            } catch (JsonProcessingException e) {
                return plain(400, "Failed to parse update weights request JSON ('" + body + "'): "
                        + e.getOriginalMessage());
            }
            if (parsed == null || !parsed.isArray()) {
                return plain(400, "Failed to parse update weights request JSON ('" + body + "'): not a JSON array");
            }
            GetWeights.Builder weights = GetWeights.newBuilder();
            try {
                MesosJson.parse("{\"weight_infos\":" + parsed + "}", weights);
            } catch (MesosJsonException e) {
                return plain(400, "Failed to convert weights JSON array to protobuf ('" + body + "'): "
                        + e.getMessage());
            }
            return result(calls.updateWeights(weights.getWeightInfosList(), subject()));
        });
    }

    @GET
    @Path("{path: (?:master/)?quota}")
    public Response quota() {
        return served(() -> message(calls.quotaStatus(subject())));
    }

    @POST
    @Path("{path: (?:master/)?quota}")
    public Response setQuota(String body) {
        return served(() -> {
            try {
                JsonNode parsed = JSON.readTree(body);
                if (parsed == null || !parsed.isObject()) {
                    return plain(400, "Failed to parse set quota request JSON '" + body + "': not a JSON object");
                }
            } catch (JsonProcessingException e) {
                return plain(400, "Failed to parse set quota request JSON '" + body + "': " + e.getOriginalMessage());
            }
            QuotaRequest.Builder quotaRequest = QuotaRequest.newBuilder();
            try {
                MesosJson.parse(body, quotaRequest);
            } catch (MesosJsonException e) {
                return plain(400, "Failed to validate set quota request JSON '" + body + "': " + e.getMessage());
            }
            return result(calls.setQuota(quotaRequest.build(), subject()));
        });
    }

    @DELETE
    @Path("{path: (?:master/)?quota/.+}")
    public Response removeQuota() {
        String path = request.getCurrent().request().path();
        String role = path.substring(path.indexOf("quota/") + "quota/".length());
        return served(() -> result(calls.removeQuota(role, path, subject())));
    }

    private Subject subject() {
        return HttpAuthentication.subjectOf(request.getCurrent());
    }

    /** Like every master endpoint: a follower redirects to the leader, and with no leader the answer is 503. */
    private Response served(Supplier<Response> answer) {
        Optional<Response> notServed = GateResponses.notServed(gate.decide(), request.getCurrent().request().uri());
        if (notServed.isPresent()) {
            return notServed.get();
        }
        return answer.get();
    }

    private static Response result(CallResult result) {
        int status = switch (result.outcome()) {
            case OK, ACCEPTED -> 200;
            case INVALID -> 400;
            case FORBIDDEN -> 403;
            case CONFLICT -> 409;
            case UNAVAILABLE -> 503;
            case NOT_IMPLEMENTED -> 501;
        };
        return result.error() == null ? Response.status(status).build() : plain(status, result.error());
    }

    private static Response message(MessageOrBuilder message) {
        return Response.ok(MesosJson.print(message), MediaType.APPLICATION_JSON).build();
    }

}
