package io.mesosbridge.operator.authentication;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpAuthenticatorTest {

    @Test
    void theFlagNamesBasicAndKubernetesInAnyOrder() {
        assertThat(HttpAuthenticator.mechanisms(" kubernetes , basic"))
                .containsExactlyInAnyOrder(HttpAuthenticator.BASIC, HttpAuthenticator.KUBERNETES);
        assertThat(HttpAuthenticator.mechanisms("basic")).containsExactly(HttpAuthenticator.BASIC);
    }

    @Test
    void anUnknownOrEmptyListIsAStartUpError() {
        assertThatThrownBy(() -> HttpAuthenticator.mechanisms("basic,jwt"))
                .hasMessageContaining("Unknown HTTP authenticator 'jwt'");
        assertThatThrownBy(() -> HttpAuthenticator.mechanisms(" , "))
                .hasMessageContaining("names no authenticator");
    }
}
