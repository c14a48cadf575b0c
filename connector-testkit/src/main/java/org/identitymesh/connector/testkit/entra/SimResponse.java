package org.identitymesh.connector.testkit.entra;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An answer before it is written: status, headers and a body that is either bytes or a JSON writer. A JSON
 * writer streams straight into the HTTP response (chunked), or into a buffer for {@code $batch} items and
 * faults that need the whole body.
 */
final class SimResponse {

    static final String GRAPH_JSON =
            "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";
    static final String PLAIN_JSON = "application/json; charset=utf-8";

    /** Writes a JSON body. */
    interface JsonBody {
        void write(JsonGenerator g) throws IOException;
    }

    private final int status;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final JsonBody json;
    private final byte[] bytes;
    private int cutAt = -1;

    private SimResponse(int status, String contentType, JsonBody json, byte[] bytes) {
        this.status = status;
        this.json = json;
        this.bytes = bytes;
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
    }

    static SimResponse json(int status, String contentType, JsonBody body) {
        return new SimResponse(status, contentType, body, null);
    }

    static SimResponse bytes(int status, String contentType, byte[] body) {
        return new SimResponse(status, contentType, null, body);
    }

    SimResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** Sends the full Content-Length but only this many body bytes, then drops the connection. */
    SimResponse cutAt(int bytesSent) {
        this.cutAt = bytesSent;
        return this;
    }

    int status() {
        return status;
    }

    Map<String, String> headers() {
        return headers;
    }

    String contentType() {
        return headers.get("Content-Type");
    }

    JsonBody json() {
        return json;
    }

    byte[] bytes() {
        return bytes;
    }

    int cutAt() {
        return cutAt;
    }
}
