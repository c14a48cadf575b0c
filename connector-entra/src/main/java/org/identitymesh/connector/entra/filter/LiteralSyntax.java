package org.identitymesh.connector.entra.filter;

import java.time.YearMonth;

/**
 * The shapes of the unquoted literals OData writes without quotes, which the tokenizer recognizes by their form:
 * timestamps ({@code 2024-01-31T00:00:00Z}) and GUIDs ({@code 05e9a617-0261-4cee-bb44-138d3ef5d965}).
 */
final class LiteralSyntax {

    /** The length of a GUID in its 8-4-4-4-12 form. */
    static final int GUID_LENGTH = 36;

    private LiteralSyntax() {
    }

    /**
     * Whether a text is a GUID, OData's {@code guidValue}: 32 hexadecimal digits in any case, grouped 8-4-4-4-12
     * with hyphens, no braces.
     *
     * @param text any text, not {@code null}
     * @return {@code true} for a GUID
     */
    static boolean isGuid(String text) {
        return text.length() == GUID_LENGTH && isGuidAt(text, 0);
    }

    /**
     * Whether a GUID starts at a position of a text; what follows it is not looked at.
     *
     * @param text any text, not {@code null}
     * @param from the position
     * @return {@code true} when the {@value #GUID_LENGTH} characters from {@code from} are a GUID
     */
    static boolean isGuidAt(String text, int from) {
        if (from + GUID_LENGTH > text.length()) {
            return false;
        }
        for (int i = 0; i < GUID_LENGTH; i++) {
            char c = text.charAt(from + i);
            boolean hyphen = i == 8 || i == 13 || i == 18 || i == 23;
            if (hyphen ? c != '-' : !isHexDigit(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a text is an unquoted timestamp, OData's {@code dateTimeOffsetValue} with a four-digit year:
     * {@code yyyy-MM-ddTHH:mm[:ss[.fraction]]} then {@code Z} or {@code +HH:mm} / {@code -HH:mm}, with {@code T}
     * and {@code Z} in any case and every field in range ({@code 2024-02-30} is not a date).
     *
     * @param text any text, not {@code null}
     * @return {@code true} for a timestamp
     */
    static boolean isTimestamp(String text) {
        if (!digits(text, 0, 4) || !at(text, 4, '-') || !digits(text, 5, 2) || !at(text, 7, '-')
                || !digits(text, 8, 2) || !(at(text, 10, 'T') || at(text, 10, 't')) || !digits(text, 11, 2)
                || !at(text, 13, ':') || !digits(text, 14, 2)) {
            return false;
        }
        int month = number(text, 5, 2);
        int day = number(text, 8, 2);
        if (month < 1 || month > 12 || day < 1 || day > YearMonth.of(number(text, 0, 4), month).lengthOfMonth()
                || number(text, 11, 2) > 23 || number(text, 14, 2) > 59) {
            return false;
        }
        int i = 16;
        if (at(text, i, ':')) {
            if (!digits(text, i + 1, 2) || number(text, i + 1, 2) > 59) {
                return false;
            }
            i += 3;
            if (at(text, i, '.')) {
                int fraction = ++i;
                while (i < text.length() && isDigit(text.charAt(i))) {
                    i++;
                }
                if (i == fraction || i - fraction > 12) {
                    return false;
                }
            }
        }
        if (at(text, i, 'Z') || at(text, i, 'z')) {
            return i + 1 == text.length();
        }
        return i + 6 == text.length() && (at(text, i, '+') || at(text, i, '-')) && digits(text, i + 1, 2)
                && at(text, i + 3, ':') && digits(text, i + 4, 2)
                && number(text, i + 1, 2) <= 23 && number(text, i + 4, 2) <= 59;
    }

    private static boolean at(String text, int index, char c) {
        return index < text.length() && text.charAt(index) == c;
    }

    private static boolean digits(String text, int from, int count) {
        if (from + count > text.length()) {
            return false;
        }
        for (int i = from; i < from + count; i++) {
            if (!isDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The value of {@code count} ASCII digits at {@code from}, already checked by {@link #digits}. */
    private static int number(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            value = value * 10 + (text.charAt(i) - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHexDigit(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
