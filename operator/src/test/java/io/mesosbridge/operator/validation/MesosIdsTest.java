package io.mesosbridge.operator.validation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The ID rule of common::validation::validateID, case by case, with its messages. */
class MesosIdsTest {

    @Test
    void ordinaryIdsPass() {
        assertThat(MesosIds.problem("task-1")).isEmpty();
        assertThat(MesosIds.problem("a b")).isEmpty();
        assertThat(MesosIds.problem("...")).isEmpty();
        assertThat(MesosIds.problem("déjà-vu")).isEmpty();
        assertThat(MesosIds.problem("x".repeat(255))).isEmpty();
    }

    @Test
    void emptyDotsSlashesAndControlsAreRefusedWithMesossMessages() {
        assertThat(MesosIds.problem("")).hasValue("ID must not be empty");
        assertThat(MesosIds.problem(".")).hasValue("'.' is disallowed");
        assertThat(MesosIds.problem("..")).hasValue("'..' is disallowed");
        assertThat(MesosIds.problem("a/b")).hasValue("'a/b' contains invalid characters");
        assertThat(MesosIds.problem("a\\b")).hasValue("'a\\b' contains invalid characters");
        assertThat(MesosIds.problem("a\nb")).hasValue("'a\nb' contains invalid characters");
        assertThat(MesosIds.problem("a\u0000b")).isPresent();
        assertThat(MesosIds.problem("a\u007fb")).isPresent();
        assertThat(MesosIds.problem("a\u0085b")).isPresent();
    }

    @Test
    void theLengthIsCountedInBytesAsMesosCountsIt() {
        assertThat(MesosIds.problem("x".repeat(256))).hasValue("ID must not be greater than 255 characters");
        assertThat(MesosIds.problem("é".repeat(128))).hasValue("ID must not be greater than 255 characters");
    }
}
