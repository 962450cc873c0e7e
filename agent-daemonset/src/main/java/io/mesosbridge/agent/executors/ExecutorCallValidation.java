package io.mesosbridge.agent.executors;

import com.google.protobuf.ByteString;
import io.mesosbridge.mesos.v1.Protos.CheckStatusInfo;
import io.mesosbridge.mesos.v1.Protos.TaskState;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;
import io.mesosbridge.mesos.v1.executor.Protos.Call;

import java.util.Optional;

/** The checks a Mesos agent makes of every executor call before it looks at the executor, with its messages. */
final class ExecutorCallValidation {

    private ExecutorCallValidation() {
    }

    static Optional<String> validate(Call call) {
        if (!call.isInitialized()) {
            return Optional.of("Not initialized: " + String.join(", ", call.findInitializationErrors()));
        }
        if (!call.hasType()) {
            return Optional.of("Expecting 'type' to be present");
        }
        if (!call.hasExecutorId()) {
            return Optional.of("Expecting 'executor_id' to be present");
        }
        if (!call.hasFrameworkId()) {
            return Optional.of("Expecting 'framework_id' to be present");
        }
        return switch (call.getType()) {
            case SUBSCRIBE -> call.hasSubscribe() ? Optional.empty() : Optional.of("Expecting 'subscribe' to be present");
            case UPDATE -> validateUpdate(call);
            case MESSAGE -> call.hasMessage() ? Optional.empty() : Optional.of("Expecting 'message' to be present");
            case HEARTBEAT, UNKNOWN -> Optional.empty();
        };
    }

    private static Optional<String> validateUpdate(Call call) {
        if (!call.hasUpdate()) {
            return Optional.of("Expecting 'update' to be present");
        }
        TaskStatus status = call.getUpdate().getStatus();
        if (!status.hasUuid()) {
            return Optional.of("Expecting 'uuid' to be present");
        }
        if (!isUuid(status.getUuid())) {
            return Optional.of("Not a valid UUID");
        }
        String executorId = call.getExecutorId().getValue();
        if (status.hasExecutorId() && !status.getExecutorId().getValue().equals(executorId)) {
            return Optional.of("ExecutorID in Call: " + executorId + " does not match ExecutorID in TaskStatus: "
                    + status.getExecutorId().getValue());
        }
        String from = "executor " + executorId + " of framework " + call.getFrameworkId().getValue();
        if (status.getSource() != TaskStatus.Source.SOURCE_EXECUTOR) {
            return Optional.of("Received Call from " + from + " with invalid source, expecting 'SOURCE_EXECUTOR'");
        }
        if (status.getState() == TaskState.TASK_STAGING) {
            return Optional.of("Received TASK_STAGING from " + from + " which is not allowed");
        }
        return status.hasCheckStatus() ? validateCheckStatus(status.getCheckStatus()) : Optional.empty();
    }

    private static Optional<String> validateCheckStatus(CheckStatusInfo check) {
        if (!check.hasType()) {
            return Optional.of("CheckStatusInfo must specify 'type'");
        }
        return switch (check.getType()) {
            case COMMAND -> check.hasCommand() ? Optional.empty()
                    : Optional.of("Expecting 'command' to be set for COMMAND check's status");
            case HTTP -> check.hasHttp() ? Optional.empty()
                    : Optional.of("Expecting 'http' to be set for HTTP check's status");
            case TCP -> check.hasTcp() ? Optional.empty()
                    : Optional.of("Expecting 'tcp' to be set for TCP check's status");
            case UNKNOWN -> Optional.of("'UNKNOWN' is not a valid check's status type");
        };
    }

    /** 16 bytes of an RFC 4122 UUID of a known version (1 to 5), as stout's {@code UUID::fromBytes} requires. */
    private static boolean isUuid(ByteString bytes) {
        if (bytes.size() != 16) {
            return false;
        }
        int version = (bytes.byteAt(6) & 0xF0) >> 4;
        return version >= 1 && version <= 5;
    }
}
