package io.mesosbridge.migrate.jobs;

import io.mesosbridge.migrate.input.Node;
import io.mesosbridge.migrate.report.Warnings;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;

/**
 * A Chronos schedule, an ISO 8601 repeating interval such as {@code R/2014-03-08T20:00:00.000Z/PT2H}, as a cron
 * line anchored at the start time: {@code 0 0/2 * * *}. Periods that cron cannot express exactly are reported.
 */
record ChronosSchedule(String cron, String timeZone, boolean runsOnce, boolean never, String start) {

    static ChronosSchedule parse(Node scheduleNode, String scheduleTimeZone, Warnings.SourceWarnings w) {
        String schedule = scheduleNode.text();
        String[] parts = schedule.split("/");
        if (parts.length != 3 || !parts[0].startsWith("R")) {
            throw scheduleNode.error("expected R[n]/START/PERIOD, found " + schedule);
        }
        String repetitions = parts[0].substring(1);
        long count = -1;
        if (!repetitions.isEmpty()) {
            try {
                count = Long.parseLong(repetitions);
            } catch (NumberFormatException e) {
                throw scheduleNode.error("repetition count " + repetitions + " is not a number");
            }
        }
        ZonedDateTime start;
        ZoneId zone;
        try {
            zone = scheduleTimeZone.isEmpty() ? ZoneOffset.UTC : ZoneId.of(scheduleTimeZone);
            start = parts[1].isEmpty() ? ZonedDateTime.now(zone).withHour(0).withMinute(0)
                    : OffsetDateTime.parse(parts[1]).atZoneSameInstant(zone);
        } catch (DateTimeParseException e) {
            throw scheduleNode.error("start time " + parts[1] + " is not an ISO 8601 date-time");
        } catch (DateTimeException e) {
            throw scheduleNode.error("time zone " + scheduleTimeZone + " is unknown");
        }
        String timeZone = scheduleTimeZone.isEmpty() ? "Etc/UTC" : scheduleTimeZone;
        if (count == 1) {
            return new ChronosSchedule(null, timeZone, true, false, parts[1]);
        }
        if (count > 1) {
            w.warn(scheduleNode, "repeats " + count + " times; a CronJob repeats until deleted or suspended");
        }
        String cron = cronFor(parts[2], start);
        if (cron == null) {
            w.warn(scheduleNode, "period " + parts[2] + " has no exact cron form; used daily at the start time:"
                    + " check it");
            cron = start.getMinute() + " " + start.getHour() + " * * *";
        }
        return new ChronosSchedule(cron, timeZone, false, count == 0, parts[1]);
    }

    static String cronFor(String period, ZonedDateTime start) {
        int minute = start.getMinute();
        int hour = start.getHour();
        try {
            if (period.startsWith("PT")) {
                Duration d = Duration.parse(period);
                long minutes = d.toMinutes();
                if (minutes <= 0 || d.toSecondsPart() != 0) {
                    return null;
                }
                if (minutes < 60 && 60 % minutes == 0) {
                    return (minute % minutes) + "/" + minutes + " * * * *";
                }
                if (minutes % 60 == 0) {
                    long hours = minutes / 60;
                    if (hours < 24 && 24 % hours == 0) {
                        return minute + " " + (hour % hours) + "/" + hours + " * * *";
                    }
                    if (hours == 24) {
                        return minute + " " + hour + " * * *";
                    }
                }
                return null;
            }
            Period p = Period.parse(period.contains("T") ? period.substring(0, period.indexOf('T')) : period);
            if (period.contains("T")) {
                return null;
            }
            if (p.equals(Period.ofDays(1))) {
                return minute + " " + hour + " * * *";
            }
            if (p.equals(Period.ofWeeks(1))) {
                return minute + " " + hour + " * * " + (start.getDayOfWeek().getValue() % 7);
            }
            if (p.equals(Period.ofMonths(1))) {
                return minute + " " + hour + " " + start.getDayOfMonth() + " * *";
            }
            if (p.equals(Period.ofYears(1))) {
                return minute + " " + hour + " " + start.getDayOfMonth() + " " + start.getMonthValue() + " *";
            }
            return null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
