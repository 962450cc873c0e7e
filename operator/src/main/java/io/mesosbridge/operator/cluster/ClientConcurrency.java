package io.mesosbridge.operator.cluster;

import io.fabric8.kubernetes.client.Config;
import io.quarkus.kubernetes.client.KubernetesConfigCustomizer;
import jakarta.inject.Singleton;

/**
 * Lets the operator keep many API requests in flight: the client's default of 5 per host serialises every task's
 * writes (MesosTask, Pod, status updates) behind each other and caps the launch rate.
 */
@Singleton
public class ClientConcurrency implements KubernetesConfigCustomizer {

    static final int MAX_REQUESTS = 64;

    @Override
    public void customize(Config config) {
        config.setMaxConcurrentRequests(MAX_REQUESTS);
        config.setMaxConcurrentRequestsPerHost(MAX_REQUESTS);
    }
}
