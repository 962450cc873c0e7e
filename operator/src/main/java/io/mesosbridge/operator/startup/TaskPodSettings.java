package io.mesosbridge.operator.startup;

import io.mesosbridge.conventions.PodSecurity;
import io.mesosbridge.operator.config.BridgeConfig;
import io.mesosbridge.operator.pods.PodSettings;
import io.mesosbridge.operator.pods.TaskUsers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;

/** The task Pod settings, read once from the bridge's settings; a setting that makes no sense stops the start. */
@ApplicationScoped
public class TaskPodSettings {

    @Produces
    @Singleton
    PodSettings podSettings(BridgeConfig config) {
        try {
            PodSecurity.Level level = PodSecurity.Level.of(config.podSecurityLevel());
            return PodSettings.of(config.defaultImage(), config.imagePullPolicy(), level,
                    config.taskCapabilities().orElse(null),
                    TaskUsers.parse(config.taskUsers(), config.defaultTaskUid()), config.taskHostPorts())
                    .withFetcherImage(config.fetcherImage().orElse(config.defaultImage()))
                    .withAllowedHostPaths(config.allowedHostPaths().orElse(List.of()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Invalid task Pod settings (mesos-bridge.pod-security-level,"
                    + " task-capabilities, task-users, default-task-uid, allowed-host-paths): " + e.getMessage(), e);
        }
    }
}
