package io.mesosbridge.migrate.marathon;

import io.mesosbridge.migrate.report.Warnings;

import java.util.List;

/**
 * What the group walk decided for one app or pod before it is converted; {@code publicAccess} says whether its
 * accepted roles let it run on public agents.
 */
record ItemContext(String id, String name, String namespace, List<String> dependencies,
                   PublicNodes.Access publicAccess, Warnings.SourceWarnings warnings) {
}
