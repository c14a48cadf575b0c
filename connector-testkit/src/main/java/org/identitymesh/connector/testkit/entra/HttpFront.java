package org.identitymesh.connector.testkit.entra;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * The HTTP side: a JDK {@link HttpsServer} on 127.0.0.1 (or a plain {@link HttpServer}, for the managed identity
 * endpoint, which the platform serves over plain HTTP on loopback). It turns every exchange into a {@link SimRequest},
 * hands it to a {@link Handler} and writes the answer (JSON bodies streamed chunked; faults that cut the connection
 * mid-body send a Content-Length and then abort the exchange). The HTTPS server counts the connections it accepts:
 * the JDK server calls {@link HttpsConfigurator#configure} once for every new connection, before its TLS handshake.
 *
 * <p>Limits: request handlers run on a pool of {@code threads} threads, created on demand and ended after 30 s idle
 * (more requests at once wait in its queue; a connection waiting between requests holds no thread); the listen
 * backlog is {@value #BACKLOG}; the JVM-wide limits of the JDK server are set by {@link HttpServerLimits}.
 */
final class HttpFront implements AutoCloseable {

    /** Connections waiting to be accepted (Linux caps this at {@code net.core.somaxconn}, 4096 by default). */
    static final int BACKLOG = 4096;

    static {
        HttpServerLimits.apply();
    }

    /** Answers a request. */
    interface Handler {
        SimResponse handle(SimRequest r);
    }

    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final String baseUrl;
    private Handler handler;

    /**
     * Binds the server (not yet started) so the base URL is known before the endpoints are built.
     *
     * @param ssl         the server's TLS context, or null for plain HTTP
     * @param connections told of every connection the HTTPS server accepts, or null
     */
    HttpFront(SSLContext ssl, int port, int threads, Runnable connections) throws IOException {
        InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        InetSocketAddress address = new InetSocketAddress(loopback, port);
        if (ssl == null) {
            server = HttpServer.create(address, BACKLOG);
        } else {
            HttpsServer https = HttpsServer.create(address, BACKLOG);
            https.setHttpsConfigurator(new HttpsConfigurator(ssl) {
                @Override
                public void configure(HttpsParameters params) {
                    super.configure(params);
                    if (connections != null) {
                        connections.run();
                    }
                }
            });
            server = https;
        }
        AtomicInteger n = new AtomicInteger();
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, "simulated-entra-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), tf);
        executor.allowCoreThreadTimeOut(true);
        server.setExecutor(executor);
        server.createContext("/", this::exchange);
        baseUrl = (ssl == null ? "http" : "https") + "://127.0.0.1:" + server.getAddress().getPort();
    }

    String baseUrl() {
        return baseUrl;
    }

    void start(Handler handler) {
        this.handler = handler;
        server.start();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void exchange(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            byte[] body = in.readAllBytes();
            String clientRequestId = ex.getRequestHeaders().getFirst("client-request-id");
            if (clientRequestId == null || clientRequestId.isBlank()) {
                clientRequestId = UUID.randomUUID().toString();
            }
            String path = ex.getRequestURI().getPath();
            SimRequest r = new SimRequest(ex.getRequestMethod(), path == null ? "/" : path,
                    SimRequest.parseQuery(ex.getRequestURI().getRawQuery()), ex.getRequestHeaders(), body,
                    UUID.randomUUID().toString(), clientRequestId);
            SimResponse response = handler.handle(r);
            response.header("request-id", r.requestId());
            response.header("client-request-id", r.clientRequestId());
            write(ex, response);
        } catch (RuntimeException | Error e) {
            // a bug in the simulator: answer 500 if still possible, else the connection drops
            if (ex.getResponseCode() == -1) {
                byte[] msg = ("simulator error: " + e).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
                ex.sendResponseHeaders(500, msg.length);
                ex.getResponseBody().write(msg);
            }
            throw e;
        } finally {
            ex.close();
        }
    }

    private static void write(HttpExchange ex, SimResponse response) throws IOException {
        response.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        if (response.cutAt() >= 0) {
            byte[] body = response.bytes();
            ex.sendResponseHeaders(response.status(), body.length);
            OutputStream out = ex.getResponseBody();
            out.write(body, 0, response.cutAt());
            out.flush();
            // throwing from the handler makes the JDK server close the connection without finishing the body
            throw new ConnectionCutException();
        }
        if (response.json() != null) {
            ex.sendResponseHeaders(response.status(), 0);
            try (OutputStream out = ex.getResponseBody()) {
                Json.write(response.json(), out);
            }
            return;
        }
        byte[] body = response.bytes() == null ? new byte[0] : response.bytes();
        ex.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    /** Aborts an exchange on purpose (the connection-cut fault). */
    private static final class ConnectionCutException extends IOException {
        private static final long serialVersionUID = 1L;

        ConnectionCutException() {
            super("connection cut on purpose by an injected fault");
        }
    }
}
