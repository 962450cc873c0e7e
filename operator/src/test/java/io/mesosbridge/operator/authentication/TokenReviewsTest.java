package io.mesosbridge.operator.authentication;

import io.mesosbridge.operator.authorization.KubernetesUser;
import io.mesosbridge.operator.authorization.Subject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class TokenReviewsTest {

    private final AtomicInteger reviews = new AtomicInteger();
    private final AtomicLong now = new AtomicLong();
    private final TokenReviews tokens = new TokenReviews(token -> {
        reviews.incrementAndGet();
        return token.startsWith("good")
                ? Optional.of(Subject.kubernetes(new KubernetesUser("system:serviceaccount:team:" + token,
                        List.of("team"))))
                : Optional.empty();
    }, now::get);

    @Test
    void anAcceptedTokensUserIsThePrincipal() {
        Subject subject = tokens.identify("good-1").orElseThrow();

        assertThat(subject.principal()).contains("system:serviceaccount:team:good-1");
        assertThat(subject.kubernetesUser()).isPresent();
        assertThat(subject.kubernetesUser().orElseThrow().groups()).containsExactly("team");
        assertThat(tokens.identify("bad")).isEmpty();
    }

    @Test
    void aTokensCallsCostOneReviewWhileItsAnswerIsRemembered() {
        for (int i = 0; i < 100; i++) {
            tokens.identify("good-1");
            tokens.identify("bad");
        }

        assertThat(reviews).hasValue(2);
    }

    @Test
    void anAnswerIsReviewedAgainOnceItIsOld() {
        tokens.identify("good-1");
        now.addAndGet(TokenReviews.REMEMBER_NANOS + 1);
        tokens.identify("good-1");

        assertThat(reviews).hasValue(2);
    }

    @Test
    void aStormOfDistinctTokensIsRememberedOnlyUpToTheBound() {
        for (int i = 0; i < TokenReviews.MAX_REMEMBERED + 10; i++) {
            tokens.identify("bad-" + i);
        }
        reviews.set(0);
        tokens.identify("bad-0");
        tokens.identify("bad-" + (TokenReviews.MAX_REMEMBERED + 9));

        // the oldest answer was forgotten, the newest is still known
        assertThat(reviews).hasValue(1);
    }
}
