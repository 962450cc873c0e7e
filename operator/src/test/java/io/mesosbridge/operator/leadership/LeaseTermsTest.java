package io.mesosbridge.operator.leadership;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LeaseTermsTest {

    @Test
    void theDefaultLeaseRenewsOftenAndStopsTheLeaderWellBeforeAFollowerMayTakeOver() {
        LeaseTerms terms = LeaseTerms.of(Duration.ofMillis(2000));

        assertThat(terms.renewPeriod()).isEqualTo(Duration.ofMillis(250));
        assertThat(terms.renewDeadline()).isEqualTo(Duration.ofMillis(1500));
        assertThat(terms.requestTimeout()).isEqualTo(Duration.ofMillis(750));
        assertThat(terms.margin()).isEqualTo(Duration.ofMillis(500));
        assertThat(terms.durationSeconds()).isEqualTo(2);
    }

    @Test
    void theRecordedDurationIsRoundedUpToWholeSeconds() {
        assertThat(LeaseTerms.of(Duration.ofMillis(2500)).durationSeconds()).isEqualTo(3);
        assertThat(LeaseTerms.of(Duration.ofMillis(400)).durationSeconds()).isEqualTo(1);
    }

    @Test
    void aHeldLeaseMayBeTakenOnlyAfterItsRecordStoodForTheWholeDurationButAReleasedOneAtOnce() {
        LeaseTerms terms = LeaseTerms.of(Duration.ofSeconds(2));
        long seenAt = 5_000_000_000L;

        assertThat(terms.mayTakeAtNanos("other:5050#id", seenAt)).isEqualTo(seenAt + 2_000_000_000L);
        assertThat(terms.mayTakeAtNanos("", seenAt)).isEqualTo(seenAt);
        assertThat(terms.mayTakeAtNanos(null, seenAt)).isEqualTo(seenAt);
    }

    @Test
    void termsWhoseLeaderCouldActWhileAFollowerTakesOverAreRefused() {
        assertThatThrownBy(() -> new LeaseTerms(Duration.ofSeconds(2), Duration.ofMillis(250),
                Duration.ofSeconds(2), Duration.ofMillis(500))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LeaseTerms(Duration.ofSeconds(2), Duration.ofMillis(1000),
                Duration.ofMillis(1500), Duration.ofMillis(600))).isInstanceOf(IllegalArgumentException.class);
    }
}
