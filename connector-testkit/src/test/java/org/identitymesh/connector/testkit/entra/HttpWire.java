package org.identitymesh.connector.testkit.entra;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 connection on a socket the test holds, so that it knows which connection each request went over (an
 * HTTP client's pool would hide it): a request, then its response (Content-Length or chunked body).
 */
final class HttpWire implements AutoCloseable {

    /** A response: status and body. */
    record Response(int status, String body) {
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    HttpWire(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /**
     * Sends a GET and reads its response.
     *
     * @throws EOFException if the server closed the connection
     */
    Response get(String pathAndQuery, String bearerToken) throws IOException {
        out.write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + bearerToken
                + "\r\nAccept: application/json\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String status = line();
        if (status == null) {
            throw new EOFException("the server closed the connection");
        }
        long length = -1;
        boolean chunked = false;
        for (String h; !(h = line()).isEmpty(); ) {
            String lower = h.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (chunked) {
            for (long size; (size = Long.parseLong(line().split(";")[0].trim(), 16)) > 0; ) {
                copy(size, body);
                line();
            }
            line();
        } else if (length > 0) {
            copy(length, body);
        }
        return new Response(Integer.parseInt(status.split(" ")[1]), body.toString(StandardCharsets.UTF_8));
    }

    private void copy(long n, ByteArrayOutputStream to) throws IOException {
        for (long i = 0; i < n; i++) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the body ended early");
            }
            to.write(b);
        }
    }

    /** A CRLF-terminated line without the CRLF; null at the end of the stream before any byte. */
    private String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int b; (b = in.read()) != -1; ) {
            if (b == '\n') {
                int end = sb.length() > 0 && sb.charAt(sb.length() - 1) == '\r' ? sb.length() - 1 : sb.length();
                return sb.substring(0, end);
            }
            sb.append((char) b);
        }
        if (sb.length() == 0) {
            return null;
        }
        throw new EOFException("the connection ended in a line");
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
