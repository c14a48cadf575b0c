package org.identitymesh.connector.api.secret;

import java.nio.CharBuffer;
import java.util.Arrays;

/**
 * A resolved secret. It never shows itself in {@link #toString()}, and {@link #close()} wipes it from memory.
 * Callers hold it only as long as they need it, in a try-with-resources block:
 *
 * <pre>{@code
 * try (Secret secret = resolver.resolve(reference)) {
 *     credentialBuilder.clientSecret(secret.asString());
 * }
 * }</pre>
 *
 * <p>Not thread-safe.
 */
public final class Secret implements AutoCloseable {

    private final char[] value;
    private boolean wiped;

    private Secret(char[] value) {
        this.value = value;
    }

    /**
     * A secret holding a copy of {@code value}; the caller wipes its own array.
     *
     * @param value the secret's characters
     * @return the secret
     */
    public static Secret of(char[] value) {
        return new Secret(value.clone());
    }

    /**
     * A secret holding the characters of {@code value}. Strings cannot be wiped; prefer {@link #of(char[])}.
     *
     * @param value the secret
     * @return the secret
     */
    public static Secret of(String value) {
        return new Secret(value.toCharArray());
    }

    /**
     * A copy of the secret's characters, which the caller wipes when done.
     *
     * @return the characters
     * @throws IllegalStateException after {@link #close()}
     */
    public char[] chars() {
        checkOpen();
        return value.clone();
    }

    /**
     * The secret as a string, for libraries that accept nothing else. The string cannot be wiped: pass it on and
     * drop it.
     *
     * @return the secret
     * @throws IllegalStateException after {@link #close()}
     */
    public String asString() {
        checkOpen();
        return CharBuffer.wrap(value).toString();
    }

    /**
     * Whether the secret is empty.
     *
     * @return whether it has no characters
     * @throws IllegalStateException after {@link #close()}
     */
    public boolean isEmpty() {
        checkOpen();
        return value.length == 0;
    }

    /** Overwrites the secret's characters. Idempotent. */
    @Override
    public void close() {
        Arrays.fill(value, '\0');
        wiped = true;
    }

    /** Never shows the secret. */
    @Override
    public String toString() {
        return wiped ? "Secret[wiped]" : "Secret[redacted]";
    }

    private void checkOpen() {
        if (wiped) {
            throw new IllegalStateException("the secret was closed and wiped");
        }
    }
}
