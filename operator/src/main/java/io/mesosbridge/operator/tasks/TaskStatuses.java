package io.mesosbridge.operator.tasks;

import com.google.protobuf.ByteString;
import io.mesosbridge.crds.MesosTask;
import io.mesosbridge.mesos.v1.Protos.AgentID;
import io.mesosbridge.mesos.v1.Protos.ExecutorID;
import io.mesosbridge.mesos.v1.Protos.NetworkInfo;
import io.mesosbridge.mesos.v1.Protos.TaskID;
import io.mesosbridge.mesos.v1.Protos.TaskStatus;
import io.mesosbridge.operator.pods.ObservedTaskState;
import io.mesosbridge.operator.store.MesosTaskStore;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.UUID;

/** TaskStatus messages as the master sends them. Pure. */
public final class TaskStatuses {

    private TaskStatuses() {
    }

    /** What the master knows of a task now, as it tells it (reconciliation, a removed framework's history). */
    public static TaskStatus latest(MesosTask task, Instant now) {
        ObservedTaskState observed = new ObservedTaskState(MesosTaskStore.stateOf(task), null,
                TaskStatus.Source.SOURCE_MASTER, task.getStatus() == null ? null : task.getStatus().getMessage(),
                null, null, null);
        return of(observed, task.getSpec().getTaskId(), task.getSpec().getAgentId(), MesosTaskStore.executorIdOf(task),
                null, now);
    }

    /**
     * The TaskStatus for an observation. {@code uuid} is null for updates that must not be acknowledged (those the
     * master generates, e.g. reconciliation answers); the Pod IP, when known, goes where Mesos puts the container's
     * address, {@code container_status.network_infos[0].ip_addresses[0].ip_address}; {@code executorId} is the
     * task group's executor, null for a lone command task (whose executor Mesos does not name in its updates).
     */
    public static TaskStatus of(ObservedTaskState observed, String taskId, String agentId, String executorId,
                                UUID uuid, Instant timestamp) {
        TaskStatus.Builder status = TaskStatus.newBuilder()
                .setTaskId(TaskID.newBuilder().setValue(taskId))
                .setState(observed.state())
                .setAgentId(AgentID.newBuilder().setValue(agentId))
                .setSource(observed.source())
                .setTimestamp(seconds(timestamp));
        if (executorId != null) {
            status.setExecutorId(ExecutorID.newBuilder().setValue(executorId));
        }
        if (observed.reason() != null) {
            status.setReason(observed.reason());
        }
        if (observed.message() != null) {
            status.setMessage(observed.message());
        }
        if (uuid != null) {
            status.setUuid(uuidBytes(uuid));
        }
        if (observed.healthy() != null) {
            status.setHealthy(observed.healthy());
        }
        if (observed.podIp() != null) {
            status.getContainerStatusBuilder().addNetworkInfos(networkInfo(observed.podIp()));
        }
        return status.build();
    }

    /** The container's address as Mesos reports it. */
    public static NetworkInfo networkInfo(String ip) {
        return NetworkInfo.newBuilder().addIpAddresses(NetworkInfo.IPAddress.newBuilder()
                .setProtocol(ip.contains(":") ? NetworkInfo.Protocol.IPv6 : NetworkInfo.Protocol.IPv4)
                .setIpAddress(ip)).build();
    }

    /** Seconds since the epoch with a fraction, as TaskStatus.timestamp counts. */
    public static double seconds(Instant time) {
        return time.getEpochSecond() + time.getNano() / 1e9;
    }

    static ByteString uuidBytes(UUID uuid) {
        return ByteString.copyFrom(ByteBuffer.allocate(16)
                .putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits())
                .array());
    }
}
