package io.mesosbridge.operator.authentication;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class AuthorizationHeaderTest {

    private static final Credentials CREDENTIALS = Credentials.parse("alice s3cret\nbob hunter2\n", "test");

    private static String basic(String credential) {
        return "Basic " + Base64.getEncoder().encodeToString(credential.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aRequestWithoutTheHeaderPresentsNothing() {
        assertThat(AuthorizationHeader.read(null)).isEmpty();
    }

    @Test
    void basicCarriesAPrincipalAndSecretThatMatchTheCredentialsStore() {
        AuthorizationHeader header = AuthorizationHeader.read(basic("alice:s3cret")).orElseThrow();

        assertThat(header).isEqualTo(new AuthorizationHeader.Basic("alice", "s3cret"));
        assertThat(((AuthorizationHeader.Basic) header).matches(CREDENTIALS)).isTrue();
    }

    @Test
    void aWrongSecretOrAnUnknownPrincipalDoesNotMatch() {
        assertThat(((AuthorizationHeader.Basic) AuthorizationHeader.read(basic("alice:hunter2")).orElseThrow())
                .matches(CREDENTIALS)).isFalse();
        assertThat(((AuthorizationHeader.Basic) AuthorizationHeader.read(basic("carol:s3cret")).orElseThrow())
                .matches(CREDENTIALS)).isFalse();
        assertThat(((AuthorizationHeader.Basic) AuthorizationHeader.read(basic("alice:")).orElseThrow())
                .matches(CREDENTIALS)).isFalse();
    }

    @Test
    void aSecretMayHoldColonsOnlyThePrincipalEndsAtTheFirst() {
        assertThat(AuthorizationHeader.read(basic("alice:a:b:c")))
                .contains(new AuthorizationHeader.Basic("alice", "a:b:c"));
    }

    @Test
    void theSchemeIsCaseInsensitive() {
        assertThat(AuthorizationHeader.read("bAsIc " + basic("alice:s3cret").substring(6)))
                .contains(new AuthorizationHeader.Basic("alice", "s3cret"));
        assertThat(AuthorizationHeader.read("bearer abc.def")).contains(new AuthorizationHeader.Bearer("abc.def"));
    }

    @Test
    void malformedHeadersAreNamedWithoutEchoingWhatWasSent() {
        assertThat(AuthorizationHeader.read("Basic")).containsInstanceOf(AuthorizationHeader.Malformed.class);
        assertThat(AuthorizationHeader.read("Basic !!!not-base64!!!"))
                .containsInstanceOf(AuthorizationHeader.Malformed.class);
        assertThat(AuthorizationHeader.read(basic("no-colon-here")))
                .containsInstanceOf(AuthorizationHeader.Malformed.class);
        assertThat(AuthorizationHeader.read("Digest username=alice"))
                .containsInstanceOf(AuthorizationHeader.Malformed.class);
        assertThat(AuthorizationHeader.read("Bearer two words"))
                .containsInstanceOf(AuthorizationHeader.Malformed.class);
        AuthorizationHeader.Malformed malformed = (AuthorizationHeader.Malformed)
                AuthorizationHeader.read("Basic c2VjcmV0LXdpdGhvdXQtY29sb24=").orElseThrow();
        assertThat(malformed.reason()).doesNotContain("secret-without-colon");
    }

    @Test
    void anOversizeHeaderIsRefusedUnread() {
        assertThat(AuthorizationHeader.read("Bearer " + "a".repeat(AuthorizationHeader.MAX_LENGTH)))
                .containsInstanceOf(AuthorizationHeader.Malformed.class);
    }
}
