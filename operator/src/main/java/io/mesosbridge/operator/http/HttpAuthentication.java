package io.mesosbridge.operator.http;

import io.mesosbridge.operator.authentication.AuthorizationHeader;
import io.mesosbridge.operator.authentication.HttpAuthenticator;
import io.mesosbridge.operator.authentication.Identity;
import io.mesosbridge.operator.authorization.KubernetesUser;
import io.mesosbridge.operator.authorization.Subject;
import io.mesosbridge.operator.config.BridgeConfig;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Authenticates every HTTP request whose realm requires it, before any endpoint sees it: no or a wrong
 * {@code Authorization} gets 401 with the realm's {@code WWW-Authenticate} challenges, as a Mesos master answers. The
 * identity proved is kept on the request for the endpoints ({@link #identityOf}). libprocess messages are not HTTP
 * clients of a realm: their route comes first and they authenticate by CRAM-MD5.
 */
@ApplicationScoped
public class HttpAuthentication {

    private static final Logger LOG = Logger.getLogger(HttpAuthentication.class);
    private static final String IDENTITY = HttpAuthentication.class.getName() + ".identity";

    private final HttpAuthenticator authenticator;
    private final Set<Realm> required = EnumSet.noneOf(Realm.class);

    public HttpAuthentication(HttpAuthenticator authenticator, BridgeConfig config) {
        this.authenticator = authenticator;
        if (config.authenticateHttpFrameworks()) {
            required.add(Realm.SCHEDULER);
        }
        if (config.authenticateHttpReadwrite()) {
            required.add(Realm.READWRITE);
        }
        if (config.authenticateHttpReadonly()) {
            required.add(Realm.READONLY);
        }
    }

    /** Whether any realm requires authentication (the start-up line says when none does). */
    public boolean requiresAny() {
        return !required.isEmpty();
    }

    /** The identity the request proved; nothing where its realm does not require authentication. */
    public static Optional<Identity> identityOf(RoutingContext context) {
        return Optional.ofNullable(context.get(IDENTITY));
    }

    /** The Kubernetes user an identity is, for the authorizer; nothing for a principal of the credentials store. */
    public static Optional<KubernetesUser> kubernetesUser(Identity identity) {
        return identity.kubernetesUser()
                ? Optional.of(new KubernetesUser(identity.principal(), identity.groups()))
                : Optional.empty();
    }

    /**
     * Who the request is to the authorizer: its Kubernetes user, its authenticated principal, or (where its realm
     * does not require authentication) nobody.
     */
    public static Subject subjectOf(RoutingContext context) {
        Optional<Identity> identity = identityOf(context);
        Optional<KubernetesUser> user = identity.flatMap(HttpAuthentication::kubernetesUser);
        if (user.isPresent()) {
            return Subject.kubernetes(user.get());
        }
        return Subject.principal(identity.map(Identity::principal));
    }

    void routes(@Observes Router router) {
        router.route().order(-50).handler(this::authenticate);
    }

    private void authenticate(RoutingContext context) {
        Optional<Realm> realm = Realm.of(context.request().path()).filter(required::contains);
        if (realm.isEmpty()) {
            context.next();
            return;
        }
        Optional<AuthorizationHeader> header = AuthorizationHeader.read(context.request().getHeader("Authorization"));
        if (header.isEmpty()) {
            unauthorized(context.response(), realm.get());
            return;
        }
        if (!authenticator.blocks(header.get())) {
            proceed(context, realm.get(), authenticator.authenticate(header.get()));
            return;
        }
        // the body waits while the API server reviews the token; resuming before next() keeps every chunk for
        // whichever handler reads it
        context.request().pause();
        context.vertx().executeBlocking(() -> authenticator.authenticate(header.get()), false)
                .onComplete(result -> {
                    context.request().resume();
                    if (result.failed()) {
                        LOG.warn("authenticating a bearer token failed", result.cause());
                    }
                    proceed(context, realm.get(), result.succeeded() ? result.result() : Optional.empty());
                });
    }

    private void proceed(RoutingContext context, Realm realm, Optional<Identity> identity) {
        if (identity.isEmpty()) {
            unauthorized(context.response(), realm);
            return;
        }
        context.put(IDENTITY, identity.get());
        context.next();
    }

    private void unauthorized(HttpServerResponse response, Realm realm) {
        if (response.ended()) {
            return;
        }
        for (String challenge : authenticator.challenges(realm.realmName())) {
            response.headers().add("WWW-Authenticate", challenge);
        }
        response.setStatusCode(401).end();
    }
}
