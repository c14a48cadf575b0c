package org.identitymesh.connector.entra.filter;

/**
 * A filter text is not a valid filter: malformed, unsupported (a property path, an unknown function), too
 * deeply nested, too long, empty or {@code null}. The only exception {@link FilterExpression#parse} throws.
 *
 * <p>The message reads {@code at column 29: expected ')' after the arguments of startswith, found 'and'}; the
 * column is 0-based and counts UTF-16 characters. The message quotes at most a few dozen characters of the
 * filter, with control characters escaped, so it is fit for a configuration error naming the field, for example
 * {@code ConfigurationException.of("ConfigJson.GroupSelectionFilter", e.getMessage())}.
 */
public final class FilterSyntaxException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The 0-based column of the offending token. */
    private final int column;
    /** What the parser expected there. */
    private final String expected;
    /** What it found instead. */
    private final String found;

    /**
     * Creates the exception.
     *
     * @param column   the 0-based column where the problem is
     * @param expected what was expected, for example {@code ')' after the arguments of startswith}
     * @param found    what was found, for example {@code 'and'} or {@code the end of the filter}
     */
    FilterSyntaxException(int column, String expected, String found) {
        super("at column " + column + ": expected " + expected + ", found " + found);
        this.column = column;
        this.expected = expected;
        this.found = found;
    }

    /**
     * The position of the problem.
     *
     * @return the 0-based column, in UTF-16 characters; the filter's length for a problem at its end
     */
    public int column() {
        return column;
    }

    /**
     * What the parser expected at {@link #column()}.
     *
     * @return for example {@code ')' after the arguments of startswith}
     */
    public String expected() {
        return expected;
    }

    /**
     * What the parser found at {@link #column()}.
     *
     * @return for example {@code 'and'} or {@code the end of the filter}
     */
    public String found() {
        return found;
    }
}
