package io.mesosbridge.migrate.marathon;

import io.mesosbridge.migrate.input.Node;

import java.util.List;

/**
 * One Marathon port (a port mapping, port definition or pod endpoint) as the container will see it.
 *
 * @param index         position in the app's port list ({@code $PORT0} is index 0)
 * @param marathonName  the name Marathon gave it, or null
 * @param name          a valid Kubernetes port name, unique in the pod
 * @param containerPort the port the process listens on in the pod
 * @param hostPort      a host port the app required, or null
 * @param protocols     TCP, UDP or SCTP (Marathon allows "udp,tcp")
 */
public record PortSpec(int index, String marathonName, String name, int containerPort, Integer hostPort,
                       List<String> protocols, Node at) {
}
