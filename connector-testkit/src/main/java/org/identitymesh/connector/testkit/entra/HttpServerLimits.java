package org.identitymesh.connector.testkit.entra;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The JDK HTTP server's connection limits, in one place. The server ({@code com.sun.net.httpserver}) reads its
 * configuration from system properties once, into static fields, when the first server of the JVM is created; later
 * changes to the properties have no effect. The one that limits a simulator is
 * {@value #MAX_IDLE_CONNECTIONS}: at most that many connections (default {@value #JDK_DEFAULT_IDLE}) are kept open
 * between requests, and the server closes every connection beyond it after its response, so that more keep-alive
 * clients than that reconnect for nearly every request. {@value #MAX_CONNECTIONS} (JDK 17.0.12 and later, default
 * unlimited) caps open connections at accept; {@value #IDLE_INTERVAL} (default 30 s) closes a connection idle for
 * longer; {@code sun.net.httpserver.maxReqTime} and {@code maxRspTime} (default off) bound a request's time.
 *
 * <p>{@link #apply()} sets, when the host has not set them: {@value #MAX_IDLE_CONNECTIONS} to {@value #SIMULATOR_IDLE};
 * {@value #IDLE_INTERVAL} to {@value #SIMULATOR_IDLE_SECONDS} s, so that a client's pool (OkHttp keeps idle
 * connections 5 minutes) ends an idle connection before the server does, and a slow or busy test machine does not see
 * its connections closed under it; and {@value #NODELAY} to true. It runs before the simulator's first server is
 * created. That is only in time if no other JDK HTTP server ran in the JVM before, so {@link #keepAliveLimit()} checks
 * what the server really does.
 */
final class HttpServerLimits {

    static final String MAX_IDLE_CONNECTIONS = "sun.net.httpserver.maxIdleConnections";
    static final String MAX_CONNECTIONS = "jdk.httpserver.maxConnections";
    static final String IDLE_INTERVAL = "sun.net.httpserver.idleInterval";
    static final String NODELAY = "sun.net.httpserver.nodelay";
    /** The JDK's own limit of idle keep-alive connections. */
    static final int JDK_DEFAULT_IDLE = 200;
    /** What the simulator asks for, unless the host chose. */
    static final int SIMULATOR_IDLE = 10_000;
    /** How long the simulator keeps an idle connection, unless the host chose (the JDK's default is 30 s). */
    static final int SIMULATOR_IDLE_SECONDS = 300;

    private static int verified;

    static {
        // Without TCP_NODELAY, Nagle's algorithm and delayed ACKs stall the small writes of chunked responses by
        // tens of milliseconds per page. Values the host set (-D...) are left alone.
        setIfAbsent(NODELAY, "true");
        setIfAbsent(MAX_IDLE_CONNECTIONS, Integer.toString(SIMULATOR_IDLE));
        setIfAbsent(IDLE_INTERVAL, Integer.toString(SIMULATOR_IDLE_SECONDS));
    }

    private HttpServerLimits() {
    }

    private static void setIfAbsent(String name, String value) {
        if (System.getProperty(name) == null) {
            System.setProperty(name, value);
        }
    }

    /** Sets the properties if the host did not (by loading this class); idempotent. */
    static void apply() {
        // the static initializer did the work
    }

    /**
     * The most idle keep-alive connections the properties ask for: {@value #MAX_IDLE_CONNECTIONS}, capped by a
     * positive {@value #MAX_CONNECTIONS}.
     */
    static int configuredKeepAliveLimit() {
        int idle = Integer.getInteger(MAX_IDLE_CONNECTIONS, JDK_DEFAULT_IDLE);
        int max = Integer.getInteger(MAX_CONNECTIONS, -1);
        return max > 0 ? Math.min(idle, max) : idle;
    }

    /**
     * How many idle keep-alive connections a JDK HTTP server of this JVM really keeps: the configured limit when a probe
     * shows that the server keeps more than the JDK's default, else the default. Probed once per JVM, and only when
     * the configured limit is above the default: the probe opens {@value #JDK_DEFAULT_IDLE} + 1 plain connections to
     * a private loopback server, one after the other, and checks that the last one is still served (the server decides
     * to keep or close a connection on its dispatcher thread, in order, so the answer does not depend on timing).
     *
     * @return the limit
     * @throws IllegalStateException if the probe server cannot be started
     */
    static synchronized int keepAliveLimit() {
        apply();
        if (verified == 0) {
            int configured = configuredKeepAliveLimit();
            verified = configured <= JDK_DEFAULT_IDLE || keepsMoreThanDefault() ? configured : JDK_DEFAULT_IDLE;
        }
        return verified;
    }

    /**
     * The explanation for a limit that falls short of what a test needs.
     *
     * @param needed the connections asked for
     * @param limit  {@link #keepAliveLimit()}
     */
    static String shortfall(int needed, int limit) {
        String value = System.getProperty(MAX_IDLE_CONNECTIONS);
        boolean tooLate = limit == JDK_DEFAULT_IDLE && configuredKeepAliveLimit() > JDK_DEFAULT_IDLE;
        return "the JDK HTTP server in this JVM keeps at most " + limit + " idle keep-alive connections, fewer than "
                + "the " + needed + " asked for: " + (tooLate
                        ? "another JDK HTTP server was started in this JVM before the simulator, so " + MAX_IDLE_CONNECTIONS
                                + "=" + value + " came too late (the JDK reads it once, when its first server starts)"
                        : MAX_IDLE_CONNECTIONS + " is " + (value == null ? "not set" : value)
                                + (Integer.getInteger(MAX_CONNECTIONS, -1) > 0
                                        ? " and " + MAX_CONNECTIONS + " is " + System.getProperty(MAX_CONNECTIONS) : ""))
                + ". Start the JVM with -D" + MAX_IDLE_CONNECTIONS + "=" + Math.max(needed, SIMULATOR_IDLE)
                + " (for tests: in the surefire argLine).";
    }

    private static boolean keepsMoreThanDefault() {
        InetAddress loopback;
        HttpServer server;
        try {
            loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
            server = HttpServer.create(new InetSocketAddress(loopback, 0), JDK_DEFAULT_IDLE + 8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the server that checks the JDK HTTP server's limits", e);
        }
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        // no executor: exchanges run on the dispatcher thread, so each connection's keep-or-close decision is made
        // before the next connection is even read
        server.start();
        List<Socket> sockets = new ArrayList<>();
        byte[] request = "GET /probe HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        try {
            for (int i = 0; i <= JDK_DEFAULT_IDLE; i++) {
                Socket socket = new Socket(loopback, server.getAddress().getPort());
                sockets.add(socket);
                socket.setSoTimeout(30_000);
                if (!exchange(socket, request)) {
                    return false;
                }
            }
            // every connection before the last is idle now; the last is kept only if the limit is above the default
            return exchange(sockets.get(JDK_DEFAULT_IDLE), request);
        } catch (IOException e) {
            return false;
        } finally {
            for (Socket s : sockets) {
                try {
                    s.close();
                } catch (IOException e) {
                    // closing a probe socket: nothing to do
                }
            }
            server.stop(0);
        }
    }

    /** Sends a request and reads the response head (204, no body); false if the connection was closed. */
    private static boolean exchange(Socket socket, byte[] request) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            int matched = 0;
            for (int b; (b = in.read()) != -1; ) {
                matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : b == '\r' ? 1 : 0;
                if (matched == 4) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}
