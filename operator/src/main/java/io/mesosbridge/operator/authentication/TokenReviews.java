package io.mesosbridge.operator.authentication;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.mesosbridge.operator.authorization.KubernetesUser;
import io.mesosbridge.operator.authorization.Subject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Bearer tokens checked by the API server's TokenReview: an accepted token's user name is the principal (a
 * ServiceAccount token gives {@code system:serviceaccount:<namespace>:<name>}). Answers are remembered for a short
 * while, by the token's digest, so that a client's calls do not each cost an API request; the memory is bounded.
 */
@ApplicationScoped
public class TokenReviews {

    private static final Logger LOG = Logger.getLogger(TokenReviews.class);
    static final int MAX_REMEMBERED = 4096;
    static final long REMEMBER_NANOS = 30_000_000_000L;

    private final Function<String, Optional<Subject>> review;
    private final LongSupplier nanoTime;
    private final Map<String, Remembered> answers = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Remembered> eldest) {
            return size() > MAX_REMEMBERED;
        }
    };

    private record Remembered(Optional<Subject> subject, long untilNanos) {
    }

    @Inject
    public TokenReviews(KubernetesClient client) {
        this(token -> review(client, token), System::nanoTime);
    }

    TokenReviews(Function<String, Optional<Subject>> review, LongSupplier nanoTime) {
        this.review = review;
        this.nanoTime = nanoTime;
    }

    /** The Kubernetes user the token belongs to; nothing for a token the API server does not accept. Blocks. */
    public Optional<Subject> identify(String token) {
        String key = digest(token);
        long now = nanoTime.getAsLong();
        synchronized (answers) {
            Remembered remembered = answers.get(key);
            if (remembered != null && now - remembered.untilNanos() < 0) {
                return remembered.subject();
            }
        }
        Optional<Subject> subject = review.apply(token);
        synchronized (answers) {
            answers.put(key, new Remembered(subject, now + REMEMBER_NANOS));
        }
        return subject;
    }

    private static Optional<Subject> review(KubernetesClient client, String token) {
        TokenReview request = new TokenReviewBuilder().withNewSpec().withToken(token).endSpec().build();
        TokenReview answer;
        try {
            answer = client.authentication().v1().tokenReviews().create(request);
        } catch (KubernetesClientException e) {
            LOG.warnf("TokenReview failed (%d): %s", e.getCode(), e.getMessage());
            return Optional.empty();
        }
        if (answer.getStatus() == null || !Boolean.TRUE.equals(answer.getStatus().getAuthenticated())) {
            return Optional.empty();
        }
        UserInfo user = answer.getStatus().getUser();
        if (user == null || user.getUsername() == null || user.getUsername().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Subject.kubernetes(new KubernetesUser(user.getUsername(),
                user.getGroups() == null ? List.of() : user.getGroups())));
    }

    private static String digest(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
