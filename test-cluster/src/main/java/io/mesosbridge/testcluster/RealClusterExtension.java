package io.mesosbridge.testcluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands tests the shared {@link RealCluster} (or its {@link KubernetesClient}) as a parameter, starting the
 * cluster on first use. Use it through {@link WithRealCluster}.
 */
public final class RealClusterExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == RealCluster.class || type == KubernetesClient.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        RealCluster cluster = RealCluster.get();
        return parameter.getParameter().getType() == RealCluster.class ? cluster : cluster.client();
    }
}
