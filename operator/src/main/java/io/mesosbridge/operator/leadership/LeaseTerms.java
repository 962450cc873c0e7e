package io.mesosbridge.operator.leadership;

import java.time.Duration;

/**
 * The timing of the Lease election, all derived from the lease duration so that its safety holds for any duration.
 * A follower takes the Lease only after it has seen the same Lease record, unchanged, for the whole
 * {@link #duration()} on its own monotonic clock; the leader wrote that record after the renewal began that it last
 * saw succeed, so it stops acting {@link #renewDeadline()} after that beginning: {@link #margin()} before any follower
 * may take over. No clocks need to agree, only to run at about the same rate.
 *
 * @param duration      how long a Lease record stands without renewal before a follower may take it
 * @param renewPeriod   how often the leader renews, counted from the start of one renewal to the next
 * @param renewDeadline how long after the start of its last successful renewal the leader may act
 * @param requestTimeout how long one Lease request may take before it counts as failed
 */
public record LeaseTerms(Duration duration, Duration renewPeriod, Duration renewDeadline, Duration requestTimeout) {

    public LeaseTerms {
        if (renewDeadline.compareTo(duration) >= 0 || renewPeriod.plus(requestTimeout).compareTo(renewDeadline) > 0) {
            throw new IllegalArgumentException("a renewal must be able to fail and be retried before the deadline,"
                    + " and the deadline must come before the lease ends: " + duration + ", " + renewPeriod + ", "
                    + renewDeadline + ", " + requestTimeout);
        }
    }

    /**
     * Renew eight times per lease; stop acting three quarters into it, a quarter of the lease before a follower may
     * take over (room for a pause of the whole process and for the halt itself). One renewal may take half of that
     * window: an API server busy with this master's own launches answers slowly, and a slow renewal that succeeds
     * must count (requests cut at a quarter of a 3 s lease lost a leader's Lease under a 1,000-task launch here).
     */
    public static LeaseTerms of(Duration duration) {
        Duration renewDeadline = duration.multipliedBy(3).dividedBy(4);
        return new LeaseTerms(duration, duration.dividedBy(8), renewDeadline, renewDeadline.dividedBy(2));
    }

    /** The time between the leader's last moment to act and a follower's first moment to take over. */
    public Duration margin() {
        return duration.minus(renewDeadline);
    }

    /** The lease duration as the Lease object records it, in whole seconds, never less than the real one. */
    public int durationSeconds() {
        return (int) Math.max(1, (duration.toMillis() + 999) / 1000);
    }

    /**
     * When a follower may take a Lease record held by someone else that it first saw at {@code observedAtNanos}
     * (its monotonic clock): a record with no holder was released and may be taken at once.
     */
    public long mayTakeAtNanos(String holder, long observedAtNanos) {
        return holder == null || holder.isEmpty() ? observedAtNanos : observedAtNanos + duration.toNanos();
    }
}
