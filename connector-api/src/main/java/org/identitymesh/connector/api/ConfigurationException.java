package org.identitymesh.connector.api;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A configuration document is malformed, has unknown fields, misses required ones, holds values of the wrong
 * form, or a secret reference does not resolve. Lists every problem found, not just the first.
 */
public final class ConfigurationException extends ConnectorException {

    private static final long serialVersionUID = 1L;

    /** The problems; an immutable, serializable list. */
    private final List<Problem> problems;

    /**
     * Creates an exception from the problems found.
     *
     * @param problems at least one problem
     * @throws IllegalArgumentException when {@code problems} is empty
     */
    public ConfigurationException(List<Problem> problems) {
        this(problems, null);
    }

    /**
     * Creates an exception from the problems found, with the exception that revealed them.
     *
     * @param problems at least one problem
     * @param cause    the underlying exception, or {@code null}; its message must hold no secret
     * @throws IllegalArgumentException when {@code problems} is empty
     */
    public ConfigurationException(List<Problem> problems, Throwable cause) {
        super(message(problems), null, cause);
        this.problems = List.copyOf(problems);
    }

    /**
     * An exception with one problem.
     *
     * @param field    the field, as {@code Document.Field} (for example {@code ConfigJson.PageSize})
     * @param expected what was expected, and what was found when that is not secret
     * @return the exception
     */
    public static ConfigurationException of(String field, String expected) {
        return new ConfigurationException(List.of(new Problem(field, expected)));
    }

    /**
     * Every problem found.
     *
     * @return the problems, at least one
     */
    public List<Problem> problems() {
        return problems;
    }

    private static String message(List<Problem> problems) {
        if (problems == null || problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigurationException needs at least one problem");
        }
        return "Invalid configuration (" + problems.size() + (problems.size() == 1 ? " problem): " : " problems): ")
                + problems.stream().map(Problem::toString).collect(Collectors.joining("; "));
    }

    /**
     * One problem in a configuration document.
     *
     * @param field    the field's path, {@code Document.Field}, for example {@code ConfigJson.PageSize}; the
     *                 document alone (for example {@code AuthJson}) for a problem with the whole document
     * @param expected what was expected, for example {@code an integer from 1 to 999, found "abc"}
     */
    public record Problem(String field, String expected) implements java.io.Serializable {

        /**
         * Validates the components.
         *
         * @throws IllegalArgumentException when a component is missing
         */
        public Problem {
            if (field == null || field.isEmpty() || expected == null || expected.isEmpty()) {
                throw new IllegalArgumentException("Problem.field and Problem.expected are required");
            }
        }

        /** {@code field: expected}. */
        @Override
        public String toString() {
            return field + ": " + expected;
        }
    }
}
