package org.identitymesh.connector.api.secret;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretsTest {

    @TempDir
    Path dir;

    @Test
    void parsesTheThreeFormsOfReference() {
        assertEquals(new SecretReference("env", "ENTRA_SECRET"), SecretReference.parse("env:ENTRA_SECRET"));
        assertEquals(new SecretReference("file", "/run/secrets/entra"), SecretReference.parse("file:/run/secrets/entra"));
        assertEquals(new SecretReference("secret", "entra/contoso/clientsecret"),
                SecretReference.parse("secret://entra/contoso/clientsecret"));
        assertEquals("secret:entra/contoso/clientsecret",
                SecretReference.parse("SECRET://entra/contoso/clientsecret").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "abc8Q~plaintextsecret", "env:", "1env:X", ":x", "env://"})
    void somethingThatIsNotAReferenceIsRefusedWithoutEchoingIt(String text) {
        assertEquals(Optional.empty(), SecretReference.tryParse(text));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SecretReference.parse(text));
        assertFalse(e.getMessage().contains("plaintext"), e.getMessage());
    }

    @Test
    void resolvesEnvironmentVariablesThroughTheLookup() {
        SecretResolver env = SecretResolvers.environment(Map.of("ENTRA_SECRET", "s3cr3t")::get);
        try (Secret secret = env.resolve(SecretReference.parse("env:ENTRA_SECRET"))) {
            assertEquals("s3cr3t", secret.asString());
        }
        SecretResolutionException e = assertThrows(SecretResolutionException.class,
                () -> env.resolve(SecretReference.parse("env:MISSING")));
        assertEquals("environment variable MISSING is not set", e.getMessage());
    }

    @Test
    void resolvesFilesWithoutTheirTrailingLineBreak() throws Exception {
        Path file = dir.resolve("secret");
        Files.write(file, "s3cr3t-ü\r\n".getBytes(StandardCharsets.UTF_8));
        try (Secret secret = SecretResolvers.files().resolve(SecretReference.parse("file:" + file))) {
            assertArrayEquals("s3cr3t-ü".toCharArray(), secret.chars());
        }
        SecretResolutionException missing = assertThrows(SecretResolutionException.class,
                () -> SecretResolvers.files().resolve(SecretReference.parse("file:" + dir.resolve("nope"))));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());

        // FF FE is UTF-16 LE's byte-order mark; D800 alone is half a character
        for (byte[] bytes : List.of(new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, (byte) 0xd8},
                new byte[] {'a', (byte) 0xc3, 0x28})) {
            Path binary = dir.resolve("binary");
            Files.write(binary, bytes);
            SecretResolutionException notText = assertThrows(SecretResolutionException.class,
                    () -> SecretResolvers.files().resolve(SecretReference.parse("file:" + binary)));
            assertTrue(notText.getMessage().contains("not UTF-8"), notText.getMessage());
            assertTrue(notText.getMessage().endsWith("save it as UTF-8"), notText.getMessage());
        }
    }

    /** Notepad's "UTF-8 with BOM" and Windows PowerShell 5.1's {@code "..." > file} (UTF-16 LE with a BOM, CRLF). */
    @ParameterizedTest
    @ValueSource(strings = {"UTF-8", "UTF-16LE", "UTF-16BE"})
    void aByteOrderMarkIsNotPartOfTheSecret(String encoding) throws Exception {
        Path file = dir.resolve("secret-" + encoding);
        Files.write(file, "\uFEFFs3cr3t-ü\r\n".getBytes(java.nio.charset.Charset.forName(encoding)));
        try (Secret secret = SecretResolvers.files().resolve(SecretReference.parse("file:" + file))) {
            assertArrayEquals("s3cr3t-ü".toCharArray(), secret.chars());
        }
    }

    @Test
    void aChainUsesTheFirstResolverThatSupportsTheScheme() {
        SecretResolver host = new SecretResolver() {
            @Override
            public boolean supports(SecretReference reference) {
                return reference.scheme().equals("secret");
            }

            @Override
            public Secret resolve(SecretReference reference) {
                return Secret.of("from-vault:" + reference.path());
            }
        };
        SecretResolver chain = SecretResolvers.chain(host, SecretResolvers.environment(Map.of("A", "a")::get));
        try (Secret secret = chain.resolve(SecretReference.parse("secret://entra/contoso"))) {
            assertEquals("from-vault:entra/contoso", secret.asString());
        }
        assertTrue(chain.supports(SecretReference.parse("env:A")));
        assertFalse(chain.supports(SecretReference.parse("vault:x")));
        SecretResolutionException e = assertThrows(SecretResolutionException.class,
                () -> chain.resolve(SecretReference.parse("vault:x")));
        assertTrue(e.getMessage().contains("no secret resolver handles the scheme vault"), e.getMessage());
    }

    @Test
    void aSecretNeverShowsItselfAndWipesOnClose() {
        char[] source = "s3cr3t".toCharArray();
        Secret secret = Secret.of(source);
        assertEquals("Secret[redacted]", secret.toString());
        secret.close();
        assertEquals("Secret[wiped]", secret.toString());
        assertThrows(IllegalStateException.class, secret::asString);
        assertArrayEquals("s3cr3t".toCharArray(), source, "the caller's array is the caller's to wipe");
    }

    @Test
    void discoveredResolversIncludeTheBuiltInOnes() {
        SecretResolver resolver = SecretResolvers.discovered(getClass().getClassLoader());
        assertTrue(resolver.supports(SecretReference.parse("env:X")));
        assertTrue(resolver.supports(SecretReference.parse("file:/x")));
    }
}
