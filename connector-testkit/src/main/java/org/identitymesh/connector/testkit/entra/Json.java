package org.identitymesh.connector.testkit.entra;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/** The shared Jackson factory and helpers to stream or buffer JSON bodies. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final JsonFactory FACTORY = MAPPER.getFactory();

    private Json() {
    }

    /** Streams a body into an output stream and closes the generator (not the stream). */
    static void write(SimResponse.JsonBody body, OutputStream out) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            body.write(g);
        }
    }

    /** Renders a body into bytes. */
    static byte[] toBytes(SimResponse.JsonBody body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try {
            write(body, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The body bytes of a response, rendering a JSON writer if needed. */
    static byte[] bodyBytes(SimResponse r) {
        if (r.bytes() != null) {
            return r.bytes();
        }
        return r.json() == null ? new byte[0] : toBytes(r.json());
    }
}
