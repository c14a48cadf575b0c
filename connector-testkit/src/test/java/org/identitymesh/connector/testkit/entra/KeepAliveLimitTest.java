package org.identitymesh.connector.testkit.entra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The JDK HTTP server reads its keep-alive limit once per JVM: when another JDK server started first, the testkit's
 * raised limit comes too late, and a cloud that needs more connections than the JDK's 200 says so and how to fix it,
 * instead of silently making clients reconnect. Each case runs in a JVM of its own.
 */
class KeepAliveLimitTest {

    @Test
    void aJdkServerStartedBeforeTheSimulatorIsDetectedAndTheFixNamed() throws Exception {
        String out = runJvm(List.of(), "2000");
        assertTrue(out.startsWith("refused: cannot start the simulated Entra cloud: the JDK HTTP server in this JVM"
                + " keeps at most 200 idle keep-alive connections, fewer than the 2000 asked for: another JDK HTTP"
                + " server was started in this JVM before the simulator"), out);
        assertTrue(out.contains("Start the JVM with -Dsun.net.httpserver.maxIdleConnections=10000"), out);
    }

    @Test
    void theJvmOptionRaisesTheLimitWhateverStartedFirst() throws Exception {
        String out = runJvm(List.of("-Dsun.net.httpserver.maxIdleConnections=3000"), "2000");
        assertEquals("started: keepAliveLimit=3000", out.strip());
    }

    @Test
    void aLimitSetLowerByTheHostIsReportedAsSuch() throws Exception {
        String out = runJvm(List.of("-Dsun.net.httpserver.maxIdleConnections=500"), "2000");
        assertTrue(out.startsWith("refused: cannot start the simulated Entra cloud: the JDK HTTP server in this JVM"
                + " keeps at most 500 idle keep-alive connections, fewer than the 2000 asked for:"
                + " sun.net.httpserver.maxIdleConnections is 500."), out);
    }

    private static String runJvm(List<String> options, String connections) throws IOException, InterruptedException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.add("-cp");
        command.add(classpath);
        command.add(EarlyJdkServerMain.class.getName());
        command.add(connections);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the JVM ended");
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
