package io.mesosbridge.operator.http;

import io.mesosbridge.operator.authentication.AuthorizationHeader;
import io.mesosbridge.operator.authentication.HttpAuthenticator;
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
 * identity proved is kept on the request for the endpoints ({@link #subjectOf}). libprocess messages are not HTTP
 * clients of a realm: their route comes first and they authenticate by CRAM-MD5.
 */
@ApplicationScoped
public class HttpAuthentication {

    private static final Logger LOG = Logger.getLogger(HttpAuthentication.class);
    private static final String SUBJECT = HttpAuthentication.class.getName() + ".subject";

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

    /**
     * Who the request proved to be, as the authorizer takes it: a principal of the credentials store, or a Kubernetes
     * user; {@link Subject#anonymous()} where its realm does not require authentication.
     */
    public static Subject subjectOf(RoutingContext context) {
        Subject subject = context.get(SUBJECT);
        return subject == null ? Subject.anonymous() : subject;
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

    private void proceed(RoutingContext context, Realm realm, Optional<Subject> subject) {
        if (subject.isEmpty()) {
            unauthorized(context.response(), realm);
            return;
        }
        context.put(SUBJECT, subject.get());
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
