package io.mesosbridge.agent.executors;

import java.time.Duration;

/**
 * How the executor API paces and bounds its executors.
 *
 * @param heartbeatInterval  between HEARTBEAT events on a SUBSCRIBE stream (a Mesos agent's is 30 minutes)
 * @param subscribeTimeout   how long a SUBSCRIBE waits for the operator's answer before it gets 503
 * @param eventQueueLimit    events that may wait for a slow executor before it is disconnected
 * @param eventQueueBytes    bytes that may wait for a slow executor (one event, however big, may always wait)
 * @param unrecordedUpdates  updates of one executor that may wait for the operator to record them
 * @param disconnectedRetention how long an executor that lost its stream may still send UPDATE and MESSAGE
 */
public record ExecutorSettings(Duration heartbeatInterval, Duration subscribeTimeout, int eventQueueLimit,
                               long eventQueueBytes, int unrecordedUpdates, Duration disconnectedRetention) {

    public static ExecutorSettings defaults() {
        return new ExecutorSettings(Duration.ofMinutes(30), Duration.ofSeconds(30), 1000, 16L * 1024 * 1024, 1000,
                Duration.ofMinutes(15));
    }
}
