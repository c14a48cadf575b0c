package org.identitymesh.connector.entra.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link ManagedIdentityHost} in a JVM of its own with the test's class path and a chosen environment, and
 * talks to it line by line. The environment starts from this JVM's, less every variable by which azure-identity or
 * MSAL4J could find a managed identity or workload identity other than the one given.
 */
final class ForkedHost implements AutoCloseable {

    private static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(2);
    private static final String END = "\u0000end";

    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> other = new ArrayList<>();
    private final Path stderr;

    private ForkedHost(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("reading the forked host failed: " + e);
            } finally {
                lines.add(END);
            }
        }, "forked-host-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts the host.
     *
     * @param environment variables to set (documents, secrets, {@code IDENTITY_ENDPOINT}, ...)
     * @return the running host
     * @throws IOException when the JVM cannot be started
     */
    static ForkedHost start(Map<String, String> environment) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), ManagedIdentityHost.class.getName());
        pb.environment().keySet().removeIf(k -> k.startsWith("IDENTITY_") || k.startsWith("MSI_")
                || k.startsWith("AZURE_") || k.equals("IMDS_ENDPOINT"));
        pb.environment().putAll(environment);
        Path stderr = Files.createTempFile("forked-host", ".err");
        pb.redirectError(stderr.toFile());
        return new ForkedHost(pb.start(), stderr);
    }

    /**
     * Sends a command and waits for its answer.
     *
     * @param command for example {@code import 0}
     * @return the answer without the {@code RESULT } prefix
     */
    String send(String command) throws IOException, InterruptedException {
        stdin.write(command + "\n");
        stdin.flush();
        long deadline = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
        while (true) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null || line.equals(END)) {
                return fail("the forked host gave no answer to '" + command + "' (" + (line == null ? "timeout"
                        : "it ended") + "); its output: " + other + "; the end of its standard error:\n" + stderrTail());
            }
            if (line.startsWith(ManagedIdentityHost.RESULT)) {
                return line.substring(ManagedIdentityHost.RESULT.length());
            }
            other.add(line);
        }
    }

    private String stderrTail() {
        try {
            String text = Files.readString(stderr, StandardCharsets.UTF_8);
            return text.length() > 4_000 ? text.substring(text.length() - 4_000) : text;
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            stdin.write("quit\n");
            stdin.close();
        } catch (IOException e) {
            // it has already ended
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        Files.deleteIfExists(stderr);
    }
}
