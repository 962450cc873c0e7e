package io.mesosbridge.operator.authentication;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CredentialsTest {

    @TempDir
    Path directory;

    @Test
    void theJsonFormatListsEachPrincipalWithItsSecret() {
        Credentials credentials = Credentials.parse("""
                {
                  "credentials": [
                    {"principal": "alice", "secret": "s3cret"},
                    {"principal": "marathon", "secret": "kitesurf"}
                  ]
                }
                """, "credentials.json");

        assertThat(credentials.size()).isEqualTo(2);
        assertThat(credentials.secretOf("alice")).contains("s3cret");
        assertThat(credentials.secretOf("marathon")).contains("kitesurf");
        assertThat(credentials.secretOf("mallory")).isEmpty();
    }

    @Test
    void jsonFieldsMesosDoesNotKnowAreIgnoredAndAMissingOrNullSecretIsEmpty() {
        Credentials credentials = Credentials.parse("""
                {"credentials": [{"principal": "alice", "comment": "ops"}, {"principal": "bob", "secret": null}],
                 "version": 2}
                """, "credentials.json");

        assertThat(credentials.secretOf("alice")).contains("");
        assertThat(credentials.secretOf("bob")).contains("");
    }

    @Test
    void aJsonObjectWithoutTheListHoldsNoCredentials() {
        assertThat(Credentials.parse("{}", "credentials.json").isEmpty()).isTrue();
    }

    @Test
    void theTextFormatIsOnePrincipalAndSecretPerLineSeparatedBySpaces() {
        Credentials credentials = Credentials.parse("alice s3cret\n\nmarathon    kitesurf  \n", "credentials");

        assertThat(credentials.size()).isEqualTo(2);
        assertThat(credentials.secretOf("alice")).contains("s3cret");
        assertThat(credentials.secretOf("marathon")).contains("kitesurf");
    }

    @Test
    void whenAPrincipalAppearsTwiceTheLaterSecretWins() {
        Credentials credentials = Credentials.parse("alice first\nalice second\n", "credentials");

        assertThat(credentials.size()).isEqualTo(1);
        assertThat(credentials.secretOf("alice")).contains("second");
    }

    @Test
    void aTextLineWithAnotherCountOfFieldsNamesTheSourceAndLineButNotTheSecret() {
        assertThatThrownBy(() -> Credentials.parse("alice s3cret\n\nbob hunter2 extra\n", "/etc/mesos/credentials"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'/etc/mesos/credentials'")
                .hasMessageContaining("line 3")
                .hasMessageContaining("found 3 field(s)")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> Credentials.parse("alice\n", "credentials"))
                .hasMessageContaining("line 1").hasMessageContaining("found 1 field(s)");
    }

    @Test
    void aTabDoesNotSeparateFieldsAsInMesos() {
        assertThatThrownBy(() -> Credentials.parse("alice\ts3cret\n", "credentials"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("found 1 field(s)")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void brokenJsonIsReportedByPositionWithoutQuotingTheContent() {
        String content = """
                {"credentials": [
                  {"principal": "alice", "secret": "s3cret",}
                ]}
                """;

        assertThatThrownBy(() -> Credentials.parse(content, "credentials.json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'credentials.json'")
                .hasMessageContaining("line 2")
                .hasMessageNotContaining("s3cret")
                .hasMessageNotContaining("alice");
    }

    @Test
    void jsonThatIsNotTheCredentialsShapeNamesTheCredentialAtFault() {
        assertThatThrownBy(() -> Credentials.parse(
                "{\"credentials\": [{\"principal\": \"alice\", \"secret\": \"s3cret\"}, {\"secret\": \"hunter2\"}]}",
                "credentials.json"))
                .hasMessageContaining("credential 2 has no 'principal'")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> Credentials.parse("{\"credentials\": [{\"principal\": 7}]}", "c"))
                .hasMessageContaining("the 'principal' of credential 1 is not a string");
        assertThatThrownBy(() -> Credentials.parse("{\"credentials\": [{\"principal\": \"a\", \"secret\": 42}]}", "c"))
                .hasMessageContaining("the 'secret' of credential 1 is not a string")
                .hasMessageNotContaining("42");
        assertThatThrownBy(() -> Credentials.parse("{\"credentials\": {\"principal\": \"a\"}}", "c"))
                .hasMessageContaining("'credentials' is not an array");
        assertThatThrownBy(() -> Credentials.parse("{\"credentials\": [\"alice s3cret\"]}", "c"))
                .hasMessageContaining("credential 1 is not an object")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> Credentials.parse("{\"credentials\": []} trailing", "c"))
                .hasMessageContaining("Invalid JSON");
    }

    @Test
    void aFileIsReadFromAPathOrFromTheFlagsFileUri() throws IOException {
        Path file = Files.writeString(directory.resolve("credentials"), "alice s3cret\n");

        assertThat(Credentials.load(file).secretOf("alice")).contains("s3cret");
        assertThat(Credentials.fromFlag(file.toString()).secretOf("alice")).contains("s3cret");
        assertThat(Credentials.fromFlag("file://" + file).secretOf("alice")).contains("s3cret");
    }

    @Test
    void anEmptyFileHoldsNoCredentials() throws IOException {
        Path file = Files.writeString(directory.resolve("credentials"), "");

        assertThat(Credentials.load(file).isEmpty()).isTrue();
        assertThat(Credentials.load(file).size()).isZero();
    }

    @Test
    void aMissingOrUnreadableFileIsNamedInTheError() throws IOException {
        Path missing = directory.resolve("absent");
        assertThatThrownBy(() -> Credentials.load(missing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Failed to read credentials file '" + missing + "'");

        Path latin1 = Files.write(directory.resolve("latin1"), new byte[] {'a', ' ', (byte) 0xE9, '\n'});
        assertThatThrownBy(() -> Credentials.load(latin1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + latin1 + "' is not UTF-8 text");
    }

    @Test
    void aBadFileIsReportedUnderItsPath() throws IOException {
        Path file = Files.writeString(directory.resolve("credentials"), "alice s3cret\nbob\n");

        assertThatThrownBy(() -> Credentials.load(file))
                .hasMessageContaining("line 2 of '" + file + "'");
    }
}
