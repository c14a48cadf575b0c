package org.identitymesh.connector.api.secret;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.function.UnaryOperator;

/**
 * The built-in {@link SecretResolver}s and a way to combine them with a host's own.
 *
 * <ul>
 *   <li>{@code env:NAME}: the value of environment variable {@code NAME}.</li>
 *   <li>{@code file:PATH}: the content of the file at {@code PATH}, read as UTF-8, without one trailing line
 *       break ({@code \n} as {@code echo} writes it, or Windows' {@code \r\n}). A byte-order mark is not part of
 *       the secret; with one, UTF-16 LE and BE are read too (Windows PowerShell 5.1 writes those). Suits Kubernetes
 *       and Docker secrets mounted as files.</li>
 * </ul>
 */
public final class SecretResolvers {

    private SecretResolvers() {
    }

    /**
     * The {@code env:} and {@code file:} resolvers.
     *
     * @return a resolver for both schemes
     */
    public static SecretResolver builtIn() {
        return chain(environment(), files());
    }

    /**
     * Resolves {@code env:NAME} from the process environment.
     *
     * @return the resolver
     */
    public static SecretResolver environment() {
        return environment(System::getenv);
    }

    /**
     * Resolves {@code env:NAME} with a lookup function, for tests and hosts with their own environment.
     *
     * @param lookup returns a variable's value, or {@code null} when it is not set
     * @return the resolver
     */
    public static SecretResolver environment(UnaryOperator<String> lookup) {
        Objects.requireNonNull(lookup, "lookup");
        return new SchemeResolver("env") {
            @Override
            Secret read(String name) {
                String value = lookup.apply(name);
                if (value == null) {
                    throw new SecretResolutionException("environment variable " + name + " is not set", null);
                }
                return Secret.of(value);
            }
        };
    }

    /**
     * Resolves {@code file:PATH} from the file system.
     *
     * @return the resolver
     */
    public static SecretResolver files() {
        return new SchemeResolver("file") {
            @Override
            Secret read(String path) {
                byte[] bytes;
                try {
                    bytes = Files.readAllBytes(Path.of(path));
                } catch (NoSuchFileException e) {
                    throw new SecretResolutionException("secret file " + path + " does not exist", null);
                } catch (IOException | RuntimeException e) {
                    throw new SecretResolutionException("secret file " + path + " cannot be read: "
                            + e.getClass().getSimpleName(), null);
                }
                // a byte-order mark (Notepad's "UTF-8 with BOM", Windows PowerShell's UTF-16 LE) is not part of it
                int start = 0;
                Charset charset = StandardCharsets.UTF_8;
                if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB
                        && (bytes[2] & 0xFF) == 0xBF) {
                    start = 3;
                } else if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE) {
                    start = 2;
                    charset = StandardCharsets.UTF_16LE;
                } else if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xFF) == 0xFF) {
                    start = 2;
                    charset = StandardCharsets.UTF_16BE;
                }
                try {
                    CharBuffer chars = charset.newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(bytes, start, bytes.length - start));
                    char[] value = new char[chars.remaining()];
                    chars.get(value);
                    Arrays.fill(chars.array(), '\0');
                    int end = value.length;
                    if (end > 0 && value[end - 1] == '\n') {
                        end--;
                        if (end > 0 && value[end - 1] == '\r') {
                            end--;
                        }
                    }
                    try {
                        return Secret.of(Arrays.copyOf(value, end));
                    } finally {
                        Arrays.fill(value, '\0');
                    }
                } catch (CharacterCodingException e) {
                    throw new SecretResolutionException("secret file " + path + " is not UTF-8 text (nor UTF-16 with a "
                            + "byte-order mark); save it as UTF-8", null);
                } finally {
                    Arrays.fill(bytes, (byte) 0);
                }
            }
        };
    }

    /**
     * A resolver that asks each resolver in turn and uses the first that supports a reference.
     *
     * @param resolvers the resolvers, in order of preference
     * @return the combined resolver
     */
    public static SecretResolver chain(SecretResolver... resolvers) {
        List<SecretResolver> list = List.of(resolvers);
        return new SecretResolver() {
            @Override
            public boolean supports(SecretReference reference) {
                return list.stream().anyMatch(r -> r.supports(reference));
            }

            @Override
            public Secret resolve(SecretReference reference) {
                return list.stream().filter(r -> r.supports(reference)).findFirst()
                        .orElseThrow(() -> new SecretResolutionException("no secret resolver handles the scheme "
                                + reference.scheme() + ": of " + reference, null))
                        .resolve(reference);
            }

            @Override
            public String toString() {
                return "SecretResolvers.chain" + list;
            }
        };
    }

    /**
     * The resolvers registered for {@link ServiceLoader} under {@link SecretResolver}, followed by the built-in
     * ones. A resolver that cannot be loaded is skipped.
     *
     * @param classLoader where to look
     * @return the combined resolver
     */
    public static SecretResolver discovered(ClassLoader classLoader) {
        List<SecretResolver> found = new ArrayList<>();
        var it = ServiceLoader.load(SecretResolver.class, classLoader).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(it.next());
            } catch (java.util.ServiceConfigurationError e) {
                System.getLogger(SecretResolvers.class.getName())
                        .log(System.Logger.Level.WARNING, "Secret resolver ignored: " + e.getMessage());
            }
        }
        found.add(builtIn());
        return chain(found.toArray(SecretResolver[]::new));
    }

    private abstract static class SchemeResolver implements SecretResolver {

        private final String scheme;

        SchemeResolver(String scheme) {
            this.scheme = scheme;
        }

        @Override
        public boolean supports(SecretReference reference) {
            return scheme.equals(reference.scheme());
        }

        @Override
        public Secret resolve(SecretReference reference) {
            if (!supports(reference)) {
                throw new SecretResolutionException("the " + scheme + ": resolver cannot resolve " + reference, null);
            }
            return read(reference.path());
        }

        abstract Secret read(String path);

        @Override
        public String toString() {
            return scheme + ":";
        }
    }
}
