package org.identitymesh.connector.testkit.entra;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * The HTTP side: a JDK {@link HttpsServer} on 127.0.0.1 with a small thread pool (or a plain {@link HttpServer}, for
 * the managed identity endpoint, which the platform serves over plain HTTP on loopback). For every request it
 * records the journal entry, applies latency and injected faults, routes to the endpoints by request kind
 * and writes the answer (JSON bodies streamed chunked; faults that cut the connection mid-body send a
 * Content-Length and then abort the exchange). Sets {@code sun.net.httpserver.nodelay=true} unless the host set
 * it, which only takes effect if no JDK HTTP server ran in this JVM before.
 */
final class HttpFront implements AutoCloseable {

    static {
        // The JDK server reads this once, when its first instance is created. Without TCP_NODELAY, Nagle's
        // algorithm and delayed ACKs stall the small writes of chunked responses by tens of milliseconds per
        // page. A value set by the host (for example -Dsun.net.httpserver.nodelay=false) is left alone.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** Answers a request of a kind. */
    interface Router {
        SimResponse route(RequestKind kind, SimRequest r);
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final String baseUrl;
    private Router router;
    private FaultInjector faults;
    private FaultResponses faultResponses;
    private RequestJournal journal;

    /**
     * Binds the server (not yet started) so the base URL is known before the endpoints are built.
     *
     * @param ssl the server's TLS context, or null for plain HTTP
     */
    HttpFront(SSLContext ssl, int port, int threads) throws IOException {
        InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        InetSocketAddress address = new InetSocketAddress(loopback, port);
        if (ssl == null) {
            server = HttpServer.create(address, 64);
        } else {
            HttpsServer https = HttpsServer.create(address, 64);
            https.setHttpsConfigurator(new HttpsConfigurator(ssl));
            server = https;
        }
        AtomicInteger n = new AtomicInteger();
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, "simulated-entra-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), tf);
        server.setExecutor(executor);
        server.createContext("/", this::exchange);
        baseUrl = (ssl == null ? "http" : "https") + "://127.0.0.1:" + server.getAddress().getPort();
    }

    String baseUrl() {
        return baseUrl;
    }

    void start(Router router, FaultInjector faults, FaultResponses faultResponses, RequestJournal journal) {
        this.router = router;
        this.faults = faults;
        this.faultResponses = faultResponses;
        this.journal = journal;
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
            RequestKind kind = GraphRouter.classify(r.method(), r.path());
            journal.recordRequest(kind);
            if (kind.isGraph()) {
                sleep(faults.latency());
            }
            SimResponse response;
            Fault fault = faults.take(kind, false);
            if (fault != null) {
                journal.recordFault(kind);
                response = faultResponses.render(fault, kind, r, () -> route(kind, r));
            } else {
                response = route(kind, r);
            }
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

    private SimResponse route(RequestKind kind, SimRequest r) {
        return router.route(kind, r);
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

    private static void sleep(Duration d) {
        if (d.isZero()) {
            return;
        }
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
