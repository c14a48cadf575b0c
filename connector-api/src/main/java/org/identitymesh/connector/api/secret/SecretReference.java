package org.identitymesh.connector.api.secret;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reference to a secret, as configuration documents hold it: {@code scheme:path}, for example
 * {@code env:ENTRA_CLIENT_SECRET}, {@code file:/run/secrets/entra} or {@code secret://entra/contoso/clientsecret}.
 * A {@code //} after the colon is not part of the path.
 *
 * <p>A reference is not secret and may be logged; what it resolves to is a {@link Secret}.
 *
 * @param scheme the scheme, lower-cased, for example {@code env}
 * @param path   what the scheme's resolver looks up, never empty
 */
public record SecretReference(String scheme, String path) {

    private static final Pattern FORM = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*):(//)?(.*)", Pattern.DOTALL);

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException when the scheme or path is missing
     */
    public SecretReference {
        if (scheme == null || !scheme.matches("[a-z][a-z0-9+.-]*")) {
            throw new IllegalArgumentException("a secret reference scheme is letters, digits, '+', '.' or '-', "
                    + "starting with a lower-case letter");
        }
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("a secret reference needs a path after '" + scheme + ":'");
        }
    }

    /**
     * Parses a reference. The message of the exception never repeats the text, which might be a secret pasted by
     * mistake.
     *
     * @param text the reference
     * @return the reference
     * @throws IllegalArgumentException when the text is not of the form {@code scheme:path}
     */
    public static SecretReference parse(String text) {
        return tryParse(text).orElseThrow(() -> new IllegalArgumentException(
                "expected a secret reference of the form scheme:path (for example env:NAME or file:PATH); "
                        + "the value is not shown"));
    }

    /**
     * Parses a reference, if the text is one.
     *
     * @param text the text, possibly {@code null}
     * @return the reference, or empty when the text is not of the form {@code scheme:path}
     */
    public static Optional<SecretReference> tryParse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches() || m.group(3).isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new SecretReference(m.group(1).toLowerCase(Locale.ROOT), m.group(3)));
    }

    /**
     * The reference in its canonical form, {@code scheme:path}, which {@link #parse} reads back to this reference: a
     * path that itself starts with {@code //} is written after {@code scheme://}, since a {@code //} right after the
     * colon is not part of the path.
     */
    @Override
    public String toString() {
        return scheme + (path.startsWith("//") ? "://" : ":") + path;
    }
}
