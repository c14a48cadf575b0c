package org.identitymesh.connector.api.secret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Secret references come from configuration documents that operators type, so any text must either parse into a
 * reference that survives its own canonical form, or be refused with {@link IllegalArgumentException} whose message
 * never repeats the text (it may be a secret pasted by mistake); and resolving any reference gives a secret or a
 * {@link SecretResolutionException}, nothing else.
 */
class SecretReferencePropertiesTest {

    private static final String PARSE_MESSAGE = "expected a secret reference of the form scheme:path (for example "
            + "env:NAME or file:PATH); the value is not shown";

    @Property(tries = 5_000)
    void anyTextIsAReferenceOrRefusedWithoutBeingRepeated(@ForAll("referenceTexts") String text) {
        Optional<SecretReference> parsed;
        try {
            parsed = SecretReference.tryParse(text);
        } catch (RuntimeException e) {
            fail("tryParse threw for " + show(text), e);
            return;
        }
        if (parsed.isEmpty()) {
            Statistics.label("outcome").collect("refused");
            try {
                SecretReference.parse(text);
                fail("parse accepted what tryParse refused: " + show(text));
            } catch (IllegalArgumentException e) {
                assertEquals(PARSE_MESSAGE, e.getMessage());
            }
            return;
        }
        Statistics.label("outcome").collect("reference");
        SecretReference reference = parsed.get();
        assertEquals(reference, SecretReference.parse(text));
        assertTrue(reference.scheme().matches("[a-z][a-z0-9+.-]*"), reference::scheme);
        assertFalse(reference.path().isBlank());
        assertEquals(Optional.of(reference), SecretReference.tryParse(reference.toString()),
                () -> "the canonical form " + show(reference.toString()) + " of " + show(text) + " reads back");
    }

    @Property(tries = 2_000)
    void theConstructorAcceptsAValidReferenceOrThrowsIllegalArgument(@ForAll("schemes") String scheme,
            @ForAll("paths") String path) {
        try {
            SecretReference reference = new SecretReference(scheme, path);
            Statistics.label("outcome").collect("valid");
            if (path.equals(path.stripTrailing())) {
                // parsing strips the text, so only a path built without trailing blanks can read back
                assertEquals(Optional.of(reference), SecretReference.tryParse(reference.toString()));
            }
        } catch (IllegalArgumentException e) {
            Statistics.label("outcome").collect("refused");
            assertFalse(path != null && path.length() > 3 && e.getMessage().contains(path), e::getMessage);
        }
    }

    @Property(tries = 2_000)
    void resolvingAnyReferenceGivesASecretOrTheTypedError(@ForAll("referenceTexts") String text) {
        Optional<SecretReference> reference = SecretReference.tryParse(text);
        if (reference.isEmpty()) {
            return;
        }
        SecretResolver resolver = SecretResolvers.chain(
                SecretResolvers.environment(Map.of("ENTRA_SECRET", "s3cr3t-value", "EMPTY", "")::get),
                confinedFiles());
        try (Secret secret = resolver.resolve(reference.get())) {
            Statistics.label("outcome").collect("resolved");
            assertFalse(secret.toString().contains("s3cr3t"));
        } catch (SecretResolutionException e) {
            Statistics.label("outcome").collect("not resolved");
            assertFalse(e.getMessage().contains("s3cr3t-value"), e::getMessage);
        }
    }

    /** {@code file:} references, confined to a directory that does not exist, so no real file is read. */
    private static SecretResolver confinedFiles() {
        SecretResolver files = SecretResolvers.files();
        Path root = Path.of(System.getProperty("java.io.tmpdir"), "no-such-secrets-dir-" + System.nanoTime());
        return new SecretResolver() {
            @Override
            public boolean supports(SecretReference reference) {
                return files.supports(reference);
            }

            @Override
            public Secret resolve(SecretReference reference) {
                return files.resolve(new SecretReference("file", root + "/" + reference.path()));
            }
        };
    }

    @Provide
    Arbitrary<String> referenceTexts() {
        Arbitrary<String> schemes = schemes();
        Arbitrary<String> separators = Arbitraries.of(":", "://", ":/", "::", ": ", ":////", ":\t", ":\n");
        Arbitrary<String> composed = Combinators.combine(Arbitraries.of("", " ", "\n"), schemes, separators, paths())
                .as((pad, scheme, separator, path) -> pad + scheme + separator + path + pad);
        Arbitrary<String> plaintextSecrets = Arbitraries.strings().withChars("abcdefXYZ0123456789~._-").ofMinLength(20)
                .ofMaxLength(40);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, composed),
                net.jqwik.api.Tuple.of(2, Arbitraries.strings().all().ofMaxLength(40)),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().withChars(":/ab\\ \t\u0000").ofMaxLength(12)),
                net.jqwik.api.Tuple.of(1, plaintextSecrets));
    }

    @Provide
    Arbitrary<String> schemes() {
        return Arbitraries.oneOf(
                Arbitraries.of("env", "ENV", "File", "file", "secret", "vault", "a+b.c-d", "1env", "e nv", "", "x",
                        "é", "env\u0000"),
                Arbitraries.strings().withChars("abcXYZ019+.-_ ").ofMaxLength(8));
    }

    @Provide
    Arbitrary<String> paths() {
        return Arbitraries.oneOf(
                Arbitraries.of("ENTRA_SECRET", "EMPTY", "MISSING", "/run/secrets/entra", "entra/contoso/clientsecret",
                        "", " ", "//x", "../../etc/passwd", "a\u0000b", "C:\\secrets\\x", "x\n"),
                Arbitraries.strings().all().ofMaxLength(30),
                Arbitraries.just(null));
    }

    private static String show(String text) {
        StringBuilder out = new StringBuilder("\"");
        text.codePoints().forEach(c -> out.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", c)
                : String.valueOf((char) c)));
        return out.append('"').toString();
    }
}
