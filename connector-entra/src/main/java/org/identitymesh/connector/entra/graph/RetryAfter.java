package org.identitymesh.connector.entra.graph;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Parses an HTTP {@code Retry-After} header: delta-seconds, which Graph sends with a fraction ({@code 2.128}), or an
 * HTTP-date. A date in the past means "now"; anything unparseable is ignored.
 */
final class RetryAfter {

    private RetryAfter() {
    }

    static Optional<Duration> parse(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String text = value.strip();
        if (text.length() > 64) {
            return Optional.empty();
        }
        if (text.matches("\\d+(\\.\\d+)?")) {
            BigDecimal seconds = new BigDecimal(text);
            if (seconds.compareTo(BigDecimal.valueOf(86_400L * 365)) > 0) {
                return Optional.of(Duration.ofDays(365));
            }
            return Optional.of(Duration.ofNanos(seconds.movePointRight(9).longValue()));
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration wait = Duration.between(clock.instant(), at.toInstant());
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
