package org.identitymesh.connector.entra.filter;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Splits a filter text into tokens: identifiers (keywords included), string, integer, timestamp and GUID
 * literals, and the punctuation {@code ( ) , : /}. Keywords are recognized by the parser, in context.
 */
final class FilterTokenizer {

    /** Words that are never property or variable names, in lower case; they match case-insensitively. */
    static final Set<String> KEYWORDS =
            Set.of("and", "or", "not", "eq", "ne", "gt", "ge", "lt", "le", "in", "true", "false", "null");

    /** The length of the longest keyword: a longer identifier is no keyword. */
    private static final int LONGEST_KEYWORD = KEYWORDS.stream().mapToInt(String::length).max().orElse(0);

    /** How many characters of the filter an error message quotes at most. */
    private static final int QUOTE_LIMIT = 40;

    /** What a token is. */
    enum Kind {
        /** A property, variable, function name or keyword. */
        IDENTIFIER,
        /** A single-quoted string; the token's value is the unescaped {@link String}. */
        STRING,
        /** A 64-bit integer; the token's value is a {@link Long}. */
        INTEGER,
        /** An unquoted ISO-8601 date-time with an offset. */
        TIMESTAMP,
        /** An unquoted GUID, {@code 05e9a617-0261-4cee-bb44-138d3ef5d965}. */
        GUID,
        /** {@code (}. */
        OPEN,
        /** {@code )}. */
        CLOSE,
        /** {@code ,}. */
        COMMA,
        /** {@code :}. */
        COLON,
        /** {@code /}. */
        SLASH,
        /** After the last token. */
        END
    }

    /**
     * One token.
     *
     * @param kind   what it is
     * @param text   the source text, quotes and escapes included
     * @param column the 0-based column of its first character
     * @param value  the unescaped string of a {@link Kind#STRING}, the {@link Long} of an
     *               {@link Kind#INTEGER}, otherwise {@code null}
     */
    record Token(Kind kind, String text, int column, Object value) {

        /**
         * Whether this is the given keyword, in any case.
         *
         * @param keyword the keyword in lower case
         * @return {@code true} for an identifier spelling the keyword
         */
        boolean is(String keyword) {
            return kind == Kind.IDENTIFIER && text.equalsIgnoreCase(keyword);
        }

        /**
         * Whether this is an identifier that is no keyword, usable as a property or variable name.
         *
         * @return {@code true} for a name
         */
        boolean isName() {
            return kind == Kind.IDENTIFIER && !isKeyword(text);
        }

        /**
         * The token for an error message's "found" part.
         *
         * @return for example {@code 'and'}, {@code the string 'x'} or {@code the end of the filter}
         */
        String describe() {
            return switch (kind) {
                case END -> "the end of the filter";
                case STRING -> "the string " + sanitize(text);
                default -> quote(text);
            };
        }
    }

    private final String text;
    private int pos;

    /**
     * A tokenizer at the start of a filter.
     *
     * @param text the filter, not {@code null}
     */
    FilterTokenizer(String text) {
        this.text = text;
    }

    /**
     * Reads the next token. Tokens are read on demand, so the parser reports the leftmost problem, whether a
     * misplaced token or a character no token can hold.
     *
     * @return the token; at the end of the filter, and on every later call, one of kind {@link Kind#END}
     * @throws FilterSyntaxException on a character no token can hold, an unterminated string, or a malformed
     *                               or out-of-range number or timestamp
     */
    Token next() {
        int length = text.length();
        while (pos < length && isSpace(text.charAt(pos))) {
            pos++;
        }
        if (pos >= length) {
            return new Token(Kind.END, "", length, null);
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '(' -> single(Kind.OPEN);
            case ')' -> single(Kind.CLOSE);
            case ',' -> single(Kind.COMMA);
            case ':' -> single(Kind.COLON);
            case '/' -> single(Kind.SLASH);
            case '\'' -> string();
            default -> {
                if (isGuidStart()) {
                    yield guid();
                }
                if (isIdentifierStart(c)) {
                    yield identifier();
                }
                if (isDigit(c) || c == '-') {
                    yield number();
                }
                int end = pos + Character.charCount(text.codePointAt(pos));
                throw new FilterSyntaxException(pos, "a property name, a literal, an operator or a parenthesis",
                        quote(text.substring(pos, end)));
            }
        };
    }

    private Token single(Kind kind) {
        pos++;
        return new Token(kind, text.substring(pos - 1, pos), pos - 1, null);
    }

    /**
     * Whether a GUID starts here and ends where a token may end: {@code 6fd2c87f-...} starts like an integer or an
     * identifier, so the tokenizer looks for the whole GUID first.
     */
    private boolean isGuidStart() {
        int end = pos + LiteralSyntax.GUID_LENGTH;
        return LiteralSyntax.isGuidAt(text, pos)
                && (end == text.length() || !(isIdentifierPart(text.charAt(end)) || text.charAt(end) == '-'));
    }

    private Token guid() {
        int start = pos;
        pos += LiteralSyntax.GUID_LENGTH;
        return new Token(Kind.GUID, text.substring(start, pos), start, null);
    }

    private Token identifier() {
        int start = pos;
        while (pos < text.length() && isIdentifierPart(text.charAt(pos))) {
            pos++;
        }
        return new Token(Kind.IDENTIFIER, text.substring(start, pos), start, null);
    }

    private Token string() {
        int start = pos;
        StringBuilder value = new StringBuilder();
        pos++;
        while (true) {
            if (pos >= text.length()) {
                throw new FilterSyntaxException(text.length(),
                        "the closing quote of the string that starts at column " + start, "the end of the filter");
            }
            char c = text.charAt(pos++);
            if (c == '\'') {
                if (pos < text.length() && text.charAt(pos) == '\'') {
                    value.append('\'');
                    pos++;
                } else {
                    break;
                }
            } else {
                value.append(c);
            }
        }
        return new Token(Kind.STRING, text.substring(start, pos), start, value.toString());
    }

    private Token number() {
        int start = pos;
        boolean negative = text.charAt(pos) == '-';
        if (negative) {
            pos++;
            if (pos >= text.length() || !isDigit(text.charAt(pos))) {
                throw new FilterSyntaxException(start, "a digit after '-'",
                        pos >= text.length() ? "the end of the filter" : quote(text.substring(start, pos + 1)));
            }
        }
        int digits = pos;
        while (pos < text.length() && isDigit(text.charAt(pos))) {
            pos++;
        }
        if (!negative && pos - digits == 4 && pos < text.length() && text.charAt(pos) == '-') {
            return timestamp(start);
        }
        if (pos < text.length() && (isIdentifierPart(text.charAt(pos)) || text.charAt(pos) == '.')) {
            int end = pos;
            while (end < text.length() && (isIdentifierPart(text.charAt(end)) || text.charAt(end) == '.')) {
                end++;
            }
            throw new FilterSyntaxException(start, "an integer (decimals and suffixes are not supported)",
                    quote(text.substring(start, end)));
        }
        String raw = text.substring(start, pos);
        Long value = pos - digits <= 19 ? parseLong(raw) : null;
        if (value == null) {
            throw new FilterSyntaxException(start,
                    "an integer from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE, quote(raw));
        }
        return new Token(Kind.INTEGER, raw, start, value);
    }

    /** The value of an optionally signed run of at most 19 digits, or {@code null} when out of range. */
    private static Long parseLong(String raw) {
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private Token timestamp(int start) {
        while (pos < text.length() && isTimestampPart(text.charAt(pos))) {
            pos++;
        }
        String raw = text.substring(start, pos);
        if (!LiteralSyntax.isTimestamp(raw)) {
            throw new FilterSyntaxException(start, "a timestamp such as 2024-01-31T00:00:00Z", quote(raw));
        }
        return new Token(Kind.TIMESTAMP, raw, start, null);
    }

    /**
     * Whether a text is an identifier: an ASCII letter or {@code _}, then ASCII letters, digits and {@code _}.
     *
     * @param text any text, not {@code null}
     * @return {@code true} for an identifier, keywords included
     */
    static boolean isIdentifier(String text) {
        if (text.isEmpty() || !isIdentifierStart(text.charAt(0))) {
            return false;
        }
        for (int i = 1; i < text.length(); i++) {
            if (!isIdentifierPart(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether an identifier is a keyword, in any case.
     *
     * @param identifier an identifier
     * @return {@code true} for {@code and}, {@code Or}, {@code NULL}, ...
     */
    static boolean isKeyword(String identifier) {
        return identifier.length() <= LONGEST_KEYWORD && KEYWORDS.contains(identifier.toLowerCase(Locale.ROOT));
    }

    /**
     * Checks a property or variable name given to a tree node.
     *
     * @param name the name
     * @param what what the name is, for the message
     * @throws NullPointerException     when {@code name} is {@code null}
     * @throws IllegalArgumentException when {@code name} is no identifier or a keyword
     */
    static void requireName(String name, String what) {
        Objects.requireNonNull(name, what);
        if (!isIdentifier(name) || isKeyword(name)) {
            throw new IllegalArgumentException("not a valid " + what + " (an identifier that is no keyword): "
                    + quote(name));
        }
    }

    /**
     * Quotes a piece of the filter for an error message: single quotes around it, shortened, with control and
     * invisible characters written as {@code \}{@code uXXXX}.
     *
     * @param raw the piece
     * @return the quoted piece
     */
    static String quote(String raw) {
        return "'" + sanitize(raw) + "'";
    }

    /**
     * A piece of the filter for an error message, without quotes: shortened, with control and invisible
     * characters written as {@code \}{@code uXXXX}.
     *
     * @param raw the piece
     * @return the sanitized piece
     */
    static String sanitize(String raw) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            if (i == QUOTE_LIMIT) {
                out.append("...");
                break;
            }
            char c = raw.charAt(i);
            if (isPrintable(c)) {
                out.append(c);
            } else {
                String hex = Integer.toHexString(c).toUpperCase(Locale.ROOT);
                out.append("\\u").append("0".repeat(4 - hex.length())).append(hex);
            }
        }
        return out.toString();
    }

    private static boolean isPrintable(char c) {
        if (c >= 0x20 && c < 0x7F) {
            return true;
        }
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.UNASSIGNED,
                    Character.PRIVATE_USE, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SPACE_SEPARATOR -> false;
            default -> true;
        };
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentifierStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isIdentifierPart(char c) {
        return isIdentifierStart(c) || isDigit(c);
    }

    private static boolean isTimestampPart(char c) {
        return (isIdentifierStart(c) && c != '_') || isDigit(c) || c == ':' || c == '.' || c == '+' || c == '-';
    }
}
