package org.identitymesh.connector.api;

import java.util.List;
import java.util.Optional;

/**
 * The result of {@link Connector#testConnection()}: each step checked, in order. Steps after a failed one that
 * could not be checked are reported as skipped.
 *
 * @param steps the steps, in the order they were checked
 */
public record ConnectionTestResult(List<Step> steps) {

    /** Copies the steps. */
    public ConnectionTestResult {
        steps = List.copyOf(steps);
    }

    /**
     * Whether every step passed.
     *
     * @return {@code true} when no step failed or was skipped
     */
    public boolean successful() {
        return steps.stream().allMatch(s -> s.status() == Status.PASSED);
    }

    /**
     * The first step that failed.
     *
     * @return the step, if any failed
     */
    public Optional<Step> firstFailure() {
        return steps.stream().filter(s -> s.status() == Status.FAILED).findFirst();
    }

    /** The outcome of a step. */
    public enum Status {
        /** The step succeeded. */
        PASSED,
        /** The step failed; {@link Step#message()} says why and what to do. */
        FAILED,
        /** The step was not run because an earlier one failed. */
        SKIPPED
    }

    /**
     * One step of a connection test.
     *
     * @param name         what was checked, for example {@code token} or {@code read users}
     * @param status       the outcome
     * @param message      for a failure: what went wrong and how to fix it; otherwise a short confirmation
     * @param diagnosticId an identifier the system gave for the failed request (for support), or {@code null}
     */
    public record Step(String name, Status status, String message, String diagnosticId) {

        /**
         * Validates the components.
         *
         * @throws IllegalArgumentException when the name or status is missing
         */
        public Step {
            if (name == null || name.isBlank() || status == null) {
                throw new IllegalArgumentException("Step.name and Step.status are required");
            }
            message = message == null ? "" : message;
        }

        /**
         * A passed step.
         *
         * @param name    what was checked
         * @param message a short confirmation
         * @return the step
         */
        public static Step passed(String name, String message) {
            return new Step(name, Status.PASSED, message, null);
        }

        /**
         * A failed step.
         *
         * @param name         what was checked
         * @param message      what went wrong and how to fix it
         * @param diagnosticId the system's identifier for the failed request, or {@code null}
         * @return the step
         */
        public static Step failed(String name, String message, String diagnosticId) {
            return new Step(name, Status.FAILED, message, diagnosticId);
        }

        /**
         * A skipped step.
         *
         * @param name what would have been checked
         * @return the step
         */
        public static Step skipped(String name) {
            return new Step(name, Status.SKIPPED, "not checked: an earlier step failed", null);
        }
    }
}
