package io.mesosbridge.operator.logging;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogTextTest {

    @Test
    void plainTextIsUnchanged() {
        assertThat(LogText.escape("my-framework (v1.2) ü")).isEqualTo("my-framework (v1.2) ü");
    }

    @Test
    void lineBreaksCannotForgeALogLine() {
        String forged = "web\r\n12:00:00.000 INFO  [i.m.o.m.FrameworkLifecycle] framework admin torn down";
        String escaped = LogText.escape(forged);
        assertThat(escaped).doesNotContain("\n").doesNotContain("\r")
                .startsWith("web\\r\\n12:00:00.000 INFO");
        assertThat(LogText.escape("a\u2028b\u0085c\u001b[31md")).isEqualTo("a\\u2028b\\u0085c\\u001b[31md");
    }

    @Test
    void backslashesAreEscapedSoThatEscapesAreUnambiguous() {
        assertThat(LogText.escape("a\\nb")).isEqualTo("a\\\\nb");
        assertThat(LogText.escape("a\tb")).isEqualTo("a\\tb");
    }

    @Test
    void longValuesAreCut() {
        String escaped = LogText.escape("x".repeat(LogText.MAX_CHARS + 10));
        assertThat(escaped).startsWith("x".repeat(LogText.MAX_CHARS)).endsWith("...(10 more characters)");
        assertThat(LogText.escape(null)).isEqualTo("null");
    }
}
