package io.mesosbridge.operator.authentication;

import io.mesosbridge.operator.authorization.Subject;
import io.mesosbridge.operator.config.BridgeConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * HTTP authentication of the master's endpoints (Mesos's {@code --http_authenticators}): {@code basic} checks a
 * principal and secret against the credentials store, {@code kubernetes} a bearer token through TokenReview.
 */
@ApplicationScoped
public class HttpAuthenticator {

    public static final String BASIC = "basic";
    public static final String KUBERNETES = "kubernetes";

    private final CredentialStore credentials;
    private final TokenReviews tokens;
    private final Set<String> mechanisms;

    public HttpAuthenticator(BridgeConfig config, CredentialStore credentials, TokenReviews tokens) {
        this.credentials = credentials;
        this.tokens = tokens;
        this.mechanisms = mechanisms(config.httpAuthenticators());
    }

    static Set<String> mechanisms(String flag) {
        Set<String> names = Arrays.stream(flag.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        for (String name : names) {
            if (!name.equals(BASIC) && !name.equals(KUBERNETES)) {
                throw new IllegalArgumentException("Unknown HTTP authenticator '" + name + "' in"
                        + " mesos-bridge.http-authenticators (supported: basic, kubernetes)");
            }
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("mesos-bridge.http-authenticators names no authenticator");
        }
        return names;
    }

    /** The schemes a 401 offers, as {@code WWW-Authenticate} challenges for {@code realm}. */
    public List<String> challenges(String realm) {
        List<String> challenges = new ArrayList<>();
        if (mechanisms.contains(BASIC)) {
            challenges.add("Basic realm=\"" + realm + "\"");
        }
        if (mechanisms.contains(KUBERNETES)) {
            challenges.add("Bearer realm=\"" + realm + "\"");
        }
        return challenges;
    }

    /** Whether verifying {@code header} may block (a TokenReview): it must then run off the event loop. */
    public boolean blocks(AuthorizationHeader header) {
        return header instanceof AuthorizationHeader.Bearer && mechanisms.contains(KUBERNETES);
    }

    /** Who the header proves the client to be; nothing when it proves nobody. May block (see {@link #blocks}). */
    public Optional<Subject> authenticate(AuthorizationHeader header) {
        if (header instanceof AuthorizationHeader.Basic basic) {
            return mechanisms.contains(BASIC) && basic.matches(credentials.credentials())
                    ? Optional.of(Subject.principal(basic.principal())) : Optional.empty();
        }
        if (header instanceof AuthorizationHeader.Bearer bearer && mechanisms.contains(KUBERNETES)) {
            return tokens.identify(bearer.token());
        }
        return Optional.empty();
    }
}
