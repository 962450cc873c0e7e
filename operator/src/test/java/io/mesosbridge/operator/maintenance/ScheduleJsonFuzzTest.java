package io.mesosbridge.operator.maintenance;

import io.mesosbridge.mesos.json.MesosJson;
import io.mesosbridge.mesos.json.MesosJsonException;
import io.mesosbridge.mesos.v1.maintenance.Protos.Schedule;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever body a client posts to /maintenance/schedule, parsing and validation either refuse it with a message or
 * accept a schedule the state can take and store: never an exception.
 */
class ScheduleJsonFuzzTest {

    private static final String VALID = "{\"windows\":[{\"machine_ids\":[{\"hostname\":\"node-1\",\"ip\":\"10.0.0.1\"},"
            + "{\"hostname\":\"node-2\"}],\"unavailability\":{\"start\":{\"nanoseconds\":1000},"
            + "\"duration\":{\"nanoseconds\":3600000000000}}},{\"machine_ids\":[{\"ip\":\"10.0.0.3\"}],"
            + "\"unavailability\":{\"start\":{\"nanoseconds\":-5}}}]}";

    @Property(tries = 3000)
    void aMutatedScheduleIsRefusedWithAMessageOrAccepted(@ForAll("mutatedSchedules") byte[] body) {
        Schedule schedule;
        try {
            schedule = MesosJson.parse(body, Schedule.newBuilder()).build();
        } catch (MesosJsonException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        var invalid = ScheduleValidation.schedule(schedule, MaintenanceState.EMPTY);
        if (invalid.isPresent()) {
            assertThat(invalid.get()).isNotBlank();
            return;
        }
        MaintenanceState state = MaintenanceState.EMPTY.withSchedule(schedule);
        assertThat(MaintenanceStore.decode(MaintenanceStore.encode(state))).isEqualTo(state);
        assertThat(state.machines()).hasSize(schedule.getWindowsList().stream()
                .mapToInt(window -> window.getMachineIdsCount()).sum());
    }

    @Provide
    Arbitrary<byte[]> mutatedSchedules() {
        byte[] valid = VALID.getBytes(StandardCharsets.UTF_8);
        Arbitrary<byte[]> flipped = Arbitraries.integers().between(0, valid.length - 1).list().ofMinSize(1)
                .ofMaxSize(4).flatMap(positions -> Arbitraries.bytes().list().ofSize(positions.size())
                        .map(values -> mutate(valid, positions, values)));
        Arbitrary<byte[]> cut = Arbitraries.integers().between(0, valid.length)
                .map(length -> Arrays.copyOf(valid, length));
        Arbitrary<byte[]> pieces = Arbitraries.of("{", "}", "[", "]", ",", ":", "\"windows\"", "\"machine_ids\"",
                "\"hostname\"", "\"ip\"", "\"unavailability\"", "\"start\"", "\"duration\"", "\"nanoseconds\"",
                "1", "-1", "1e400", "\"x\"", "null", "true", "\"10.0.0.1\"", "\"\"").list().ofMaxSize(30)
                .map(parts -> String.join("", parts).getBytes(StandardCharsets.UTF_8));
        return Arbitraries.oneOf(flipped, cut, pieces, Arbitraries.just(valid));
    }

    private static byte[] mutate(byte[] valid, List<Integer> positions, List<Byte> values) {
        byte[] copy = valid.clone();
        for (int i = 0; i < positions.size(); i++) {
            copy[positions.get(i)] = values.get(i);
        }
        return copy;
    }
}
