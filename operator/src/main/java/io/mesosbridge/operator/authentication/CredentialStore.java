package io.mesosbridge.operator.authentication;

import io.mesosbridge.operator.config.BridgeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** The master's {@code --credentials}, read once at start-up, for every protocol that authenticates against them. */
@ApplicationScoped
public class CredentialStore {

    private static final Logger LOG = Logger.getLogger(CredentialStore.class);

    private final Credentials credentials;

    public CredentialStore(BridgeConfig config) {
        this.credentials = config.credentials().map(Credentials::fromFlag).orElse(Credentials.none());
        if (credentials.isEmpty()) {
            LOG.info("No credentials provided, authentication requests will be refused");
        } else {
            LOG.infof("Loaded %d credentials", credentials.size());
        }
    }

    public Credentials credentials() {
        return credentials;
    }
}
