package io.mesosbridge.operator.startup;

import io.mesosbridge.conventions.RoleNamespaces;
import io.mesosbridge.operator.config.BridgeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The role-to-namespace rule, read once from the bridge's settings; a rule that makes no sense stops the start. */
@ApplicationScoped
public class RoleNamespaceSettings {

    @Produces
    @Singleton
    RoleNamespaces roleNamespaces(BridgeConfig config) {
        try {
            return RoleNamespaces.of(config.roleNamespaceMode(), config.namespace(), config.roleNamespacePrefix(),
                    config.roleNamespaceTable().orElse(""));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Invalid role namespace settings (mesos-bridge.role-namespace-mode,"
                    + " role-namespace-prefix, role-namespace-table): " + e.getMessage(), e);
        }
    }
}
