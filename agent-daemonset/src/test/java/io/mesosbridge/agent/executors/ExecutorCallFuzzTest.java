package io.mesosbridge.agent.executors;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.mesosbridge.mesos.json.MesosJson;
import io.mesosbridge.mesos.json.MesosJsonException;
import io.mesosbridge.mesos.v1.Protos.ExecutorID;
import io.mesosbridge.mesos.v1.Protos.FrameworkID;
import io.mesosbridge.mesos.v1.Protos.TaskID;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;
import io.mesosbridge.mesos.v1.executor.Protos.Call;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever bytes an executor posts, in either media type, the executor API's decoding and validation either reject
 * them (a 400 with a message) or accept a call that has every field the agent reads: never an exception.
 */
class ExecutorCallFuzzTest {

    private static final Call UPDATE = Call.newBuilder().setType(Call.Type.UPDATE)
            .setFrameworkId(FrameworkID.newBuilder().setValue("f-0000"))
            .setExecutorId(ExecutorID.newBuilder().setValue("e1"))
            .setUpdate(Call.Update.newBuilder().setStatus(TaskStatus.newBuilder()
                    .setTaskId(TaskID.newBuilder().setValue("t1")).setState(TaskState.TASK_RUNNING)
                    .setSource(TaskStatus.Source.SOURCE_EXECUTOR)
                    .setUuid(ByteString.copyFrom(new byte[]{1, 2, 3, 4, 5, 6, 0x40, 8, 9, 10, 11, 12, 13, 14, 15, 16}))))
            .build();
    private static final Call SUBSCRIBE = Call.newBuilder().setType(Call.Type.SUBSCRIBE)
            .setFrameworkId(FrameworkID.newBuilder().setValue("f-0000"))
            .setExecutorId(ExecutorID.newBuilder().setValue("e1"))
            .setSubscribe(Call.Subscribe.newBuilder().addUnacknowledgedUpdates(UPDATE.getUpdate())).build();

    @Property(tries = 3000)
    void aMutatedJsonCallIsRejectedOrValid(@ForAll("mutatedJson") byte[] body) {
        Call call;
        try {
            call = MesosJson.parse(body, Call.newBuilder()).build();
        } catch (MesosJsonException rejected) {
            assertThat(rejected.getMessage()).isNotNull();
            return;
        }
        assertValidatedWithoutSurprise(call);
    }

    @Property(tries = 3000)
    void aMutatedProtobufCallIsRejectedOrValid(@ForAll("mutatedProtobuf") byte[] body) {
        Call call;
        try {
            call = Call.parseFrom(body);
        } catch (InvalidProtocolBufferException rejected) {
            return;
        }
        assertValidatedWithoutSurprise(call);
    }

    private static void assertValidatedWithoutSurprise(Call call) {
        Optional<String> invalid = ExecutorCallValidation.validate(call);
        if (invalid.isEmpty() && call.getType() == Call.Type.UPDATE) {
            assertThat(call.getUpdate().getStatus().getUuid().size()).isEqualTo(16);
            assertThat(call.getUpdate().getStatus().getSource()).isEqualTo(TaskStatus.Source.SOURCE_EXECUTOR);
        }
        invalid.ifPresent(message -> assertThat(message).isNotBlank());
    }

    @Provide
    Arbitrary<byte[]> mutatedJson() {
        return mutated(List.of(MesosJson.printBytes(UPDATE), MesosJson.printBytes(SUBSCRIBE)));
    }

    @Provide
    Arbitrary<byte[]> mutatedProtobuf() {
        return mutated(List.of(UPDATE.toByteArray(), SUBSCRIBE.toByteArray()));
    }

    /** A valid call with up to eight bytes overwritten, dropped or inserted. */
    private static Arbitrary<byte[]> mutated(List<byte[]> seeds) {
        Arbitrary<Tuple.Tuple3<Integer, Integer, Byte>> edit = Arbitraries.integers().between(0, 2)
                .flatMap(kind -> Arbitraries.integers().between(0, 4096)
                        .flatMap(at -> Arbitraries.bytes().map(value -> Tuple.of(kind, at, value))));
        return Arbitraries.of(seeds).flatMap(seed -> edit.list().ofMaxSize(8).map(edits -> {
            byte[] bytes = seed.clone();
            for (Tuple.Tuple3<Integer, Integer, Byte> e : edits) {
                if (bytes.length == 0) {
                    break;
                }
                int at = e.get2() % bytes.length;
                bytes = switch (e.get1()) {
                    case 0 -> { bytes[at] = e.get3(); yield bytes; }
                    case 1 -> concat(slice(bytes, 0, at), slice(bytes, at + 1, bytes.length));
                    default -> concat(concat(slice(bytes, 0, at), new byte[]{e.get3()}), slice(bytes, at, bytes.length));
                };
            }
            return bytes;
        }));
    }

    private static byte[] slice(byte[] bytes, int from, int to) {
        return java.util.Arrays.copyOfRange(bytes, from, to);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
