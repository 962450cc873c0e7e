package io.mesosbridge.operator.offers;

import io.mesosbridge.mesos.v1.Protos.Unavailability;

import java.util.Optional;

/** When an agent's machine is scheduled to be unavailable (maintenance), which its offers tell the framework. */
public interface Unavailabilities {

    Optional<Unavailability> of(String hostname, String ip);
}
