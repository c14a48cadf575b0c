package org.identitymesh.connector.entra.filter;

import java.util.Objects;

/**
 * A constant on the right-hand side of a comparison, in an {@code in} list or as the argument of
 * {@code startswith} / {@code endswith}. {@code toString()} gives the OData spelling.
 */
public sealed interface Literal
        permits Literal.Text, Literal.Int, Literal.Bool, Literal.Timestamp, Literal.Guid, Literal.Null {

    /** The {@code null} literal. */
    Literal NULL = new Null();

    /** {@code true}. */
    Literal TRUE = new Bool(true);

    /** {@code false}. */
    Literal FALSE = new Bool(false);

    /**
     * Whether {@code gt}, {@code ge}, {@code lt} and {@code le} accept this literal: strings, integers and
     * timestamps do, booleans, GUIDs and {@code null} do not.
     *
     * @return {@code true} when the literal is ordered
     */
    default boolean isOrdered() {
        return this instanceof Text || this instanceof Int || this instanceof Timestamp;
    }

    /**
     * A string literal, {@code 'O''Brien'}.
     *
     * @param value the string, unquoted and unescaped; may be empty
     */
    record Text(String value) implements Literal {

        /**
         * Validates the value.
         *
         * @throws NullPointerException when {@code value} is {@code null}
         */
        public Text {
            Objects.requireNonNull(value, "value");
        }

        /** The quoted literal, each {@code '} doubled. */
        @Override
        public String toString() {
            return "'" + value.replace("'", "''") + "'";
        }
    }

    /**
     * A 64-bit integer literal, {@code 42} or {@code -7}.
     *
     * @param value the integer
     */
    record Int(long value) implements Literal {

        /** The decimal digits. */
        @Override
        public String toString() {
            return Long.toString(value);
        }
    }

    /**
     * {@code true} or {@code false}.
     *
     * @param value the boolean
     */
    record Bool(boolean value) implements Literal {

        /** {@code true} or {@code false}. */
        @Override
        public String toString() {
            return Boolean.toString(value);
        }
    }

    /**
     * An unquoted OData {@code DateTimeOffset}, {@code 2024-01-31T00:00:00Z}, as Graph's documentation writes
     * them. It compares with string properties as a string (Graph returns timestamps in that form).
     *
     * @param text the timestamp as written; an ISO-8601 date-time with an offset
     */
    record Timestamp(String text) implements Literal {

        /**
         * Validates the text.
         *
         * @throws NullPointerException     when {@code text} is {@code null}
         * @throws IllegalArgumentException when {@code text} is not a timestamp the parser accepts
         */
        public Timestamp {
            Objects.requireNonNull(text, "text");
            if (!LiteralSyntax.isTimestamp(text)) {
                throw new IllegalArgumentException("not an ISO-8601 date-time with an offset: " + text);
            }
        }

        /** The timestamp as written. */
        @Override
        public String toString() {
            return text;
        }
    }

    /**
     * An unquoted GUID, {@code 05e9a617-0261-4cee-bb44-138d3ef5d965}, as Graph's documentation writes them
     * ({@code assignedLicenses/any(x:x/skuId eq 05e9a617-0261-4cee-bb44-138d3ef5d965)}). Graph returns GUIDs as
     * strings, so it equals a string property holding the same GUID in any case, like the quoted string would;
     * {@code gt}, {@code ge}, {@code lt} and {@code le} do not take it.
     *
     * @param text the GUID as written: 32 hexadecimal digits in any case, grouped 8-4-4-4-12 with hyphens
     */
    record Guid(String text) implements Literal {

        /**
         * Validates the text.
         *
         * @throws NullPointerException     when {@code text} is {@code null}
         * @throws IllegalArgumentException when {@code text} is not a GUID in its 8-4-4-4-12 form
         */
        public Guid {
            Objects.requireNonNull(text, "text");
            if (!LiteralSyntax.isGuid(text)) {
                throw new IllegalArgumentException("not a GUID such as 05e9a617-0261-4cee-bb44-138d3ef5d965: " + text);
            }
        }

        /** The GUID as written. */
        @Override
        public String toString() {
            return text;
        }
    }

    /** The {@code null} literal; all instances are equal, {@link Literal#NULL} is one. */
    record Null() implements Literal {

        /** {@code null}. */
        @Override
        public String toString() {
            return "null";
        }
    }
}
