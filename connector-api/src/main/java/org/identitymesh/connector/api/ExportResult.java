package org.identitymesh.connector.api;

import java.util.List;

/**
 * The outcome of {@link Connector#export(List)}: one entry per change, in the order given.
 *
 * @param outcomes what happened to each change
 */
public record ExportResult(List<Outcome> outcomes) {

    /** Copies the outcomes. */
    public ExportResult {
        outcomes = List.copyOf(outcomes);
    }

    /**
     * Whether every change was applied.
     *
     * @return {@code true} when no outcome failed
     */
    public boolean successful() {
        return outcomes.stream().allMatch(Outcome::applied);
    }

    /**
     * What happened to one change.
     *
     * @param change  the change
     * @param applied whether the system now reflects it
     * @param message for a failure, why; otherwise empty
     */
    public record Outcome(ChangeRecord change, boolean applied, String message) {

        /**
         * Validates the components.
         *
         * @throws IllegalArgumentException when the change is missing
         */
        public Outcome {
            if (change == null) {
                throw new IllegalArgumentException("Outcome.change is required");
            }
            message = message == null ? "" : message;
        }
    }
}
