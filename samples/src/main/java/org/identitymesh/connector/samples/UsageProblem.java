package org.identitymesh.connector.samples;

/**
 * A command line that parses but cannot be run as given (an existing changes file without {@code --append}, two
 * options that exclude each other), said in one sentence; exit code 2 like any usage error.
 */
final class UsageProblem extends Exception {

    private static final long serialVersionUID = 1L;

    UsageProblem(String sentence) {
        super(sentence);
    }
}
