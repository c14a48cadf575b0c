package org.identitymesh.connector.testkit.entra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The simulated tenant in a JVM of its own ({@link EntraTenantMain} with {@code --stdin}), for benches that should
 * measure the connector's CPU and heap and not the tenant's: what it printed before {@code READY} (endpoints, ids,
 * secrets, sizes; with {@code --tenants N}, {@code tenant.<i>.tenantId}, {@code .clientId}, {@code .clientSecret})
 * and the commands it takes on its standard input ({@code journal}, {@code reset}). The tenant's JVM runs this JVM's
 * {@code java} with this JVM's class path, which must hold the testkit. Closing it closes that input, which stops the
 * tenant. Not thread-safe.
 */
public final class EntraTenantProcess implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final BufferedReader out;
    private final Writer in;
    private final Map<String, String> info;

    private EntraTenantProcess(Process process, BufferedReader out, Writer in, Map<String, String> info) {
        this.process = process;
        this.out = out;
        this.in = in;
        this.info = info;
    }

    /**
     * Starts the tenant and waits until it is ready.
     *
     * @param heap    its {@code -Xmx}
     * @param options {@code EntraTenantMain}'s options, without {@code --stdin}
     * @return the running tenant; {@link #started()} tells whether it came up
     * @throws IOException when the JVM cannot be started
     */
    public static EntraTenantProcess start(String heap, List<String> options) throws IOException {
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx" + heap, "-cp", classpath(),
                "org.identitymesh.connector.testkit.entra.EntraTenantMain"));
        command.addAll(options);
        command.add("--stdin");
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Map<String, String> info = new HashMap<>();
        for (String line; (line = out.readLine()) != null && !line.equals("READY"); ) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                info.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return new EntraTenantProcess(process, out, new OutputStreamWriter(process.getOutputStream(),
                StandardCharsets.UTF_8), info);
    }

    /**
     * This JVM's {@code java} command.
     *
     * @return its path
     */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * This JVM's class path.
     *
     * @return the path list
     */
    public static String classpath() {
        return System.getProperty("java.class.path");
    }

    /**
     * Whether the tenant came up and printed its credentials.
     *
     * @return {@code true} when it did
     */
    public boolean started() {
        return info.containsKey("clientSecret");
    }

    /**
     * A value the tenant printed before {@code READY}.
     *
     * @param key for example {@code graphEndpoint}, or {@code tenant.3.clientSecret} with several tenants
     * @return the value, or {@code null}
     */
    public String info(String key) {
        return info.get(key);
    }

    /**
     * The tenant's request counts by kind, and {@code connectionsOpened}, since the last {@link #reset()}.
     *
     * @return the counts
     * @throws IOException when the tenant has stopped
     */
    public JsonNode journal() throws IOException {
        return JSON.readTree(command("journal").substring("journal=".length()));
    }

    /**
     * Clears the tenant's journal.
     *
     * @throws IOException when the tenant has stopped
     */
    public void reset() throws IOException {
        command("reset");
    }

    /**
     * The CPU time the tenant's JVM has used.
     *
     * @return the time, or {@code null} when the platform does not tell
     */
    public Duration cpu() {
        return process.toHandle().info().totalCpuDuration().orElse(null);
    }

    private String command(String command) throws IOException {
        in.write(command + "\n");
        in.flush();
        String line = out.readLine();
        if (line == null) {
            throw new IOException("the simulated tenant stopped");
        }
        return line;
    }

    /**
     * Waits for a process to end.
     *
     * @param process the process
     * @param minutes the longest wait
     * @return whether it ended within the time
     */
    public static boolean waitFor(Process process, int minutes) {
        try {
            return process.waitFor(minutes, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops the tenant: closes its input, and destroys it if it has not ended within ten minutes. */
    @Override
    public void close() throws IOException {
        process.getOutputStream().close();
        if (!waitFor(process, 10)) {
            process.destroy();
        }
    }
}
