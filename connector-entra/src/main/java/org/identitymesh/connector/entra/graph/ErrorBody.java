package org.identitymesh.connector.entra.graph;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import okhttp3.ResponseBody;

/**
 * Graph's error body, of which only {@code error.code}, {@code error.message} and {@code innerError.request-id} are
 * read (at most 64 KiB of it). A body that is not Graph's JSON leaves them {@code null}, so the status alone
 * classifies it; a body cut while reading is marked, because then the answer was not received at all.
 */
final class ErrorBody {

    private static final JsonFactory JSON = new JsonFactory();
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private String code;
    private String message;
    private String requestId;
    private boolean cut;

    private ErrorBody() {
    }

    /** Graph's {@code error.code}, or {@code null}. */
    String code() {
        return code;
    }

    /** Graph's {@code error.message}, or {@code null}. */
    String message() {
        return message;
    }

    /** The request id inside the body, or {@code null}. */
    String requestId() {
        return requestId;
    }

    /** Whether the connection broke while the body was read. */
    boolean cut() {
        return cut;
    }

    static ErrorBody read(ResponseBody body) {
        ErrorBody error = new ErrorBody();
        if (body == null) {
            return error;
        }
        byte[] bytes;
        try (InputStream in = body.byteStream()) {
            bytes = in.readNBytes(MAX_ERROR_BODY);
        } catch (IOException e) {
            error.cut = true;
            return error;
        }
        try (JsonParser p = JSON.createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return error;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if ("error".equals(name) && p.currentToken() == JsonToken.START_OBJECT) {
                    error.readError(p);
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException | RuntimeException e) {
            // a text/plain or malformed error body: classify by status alone
        }
        return error;
    }

    private void readError(JsonParser p) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if ("code".equals(name) && value == JsonToken.VALUE_STRING) {
                code = p.getText();
            } else if ("message".equals(name) && value == JsonToken.VALUE_STRING) {
                message = p.getText();
            } else if ("innerError".equalsIgnoreCase(name) && value == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String inner = p.currentName();
                    p.nextToken();
                    if ("request-id".equals(inner) && p.currentToken() == JsonToken.VALUE_STRING) {
                        requestId = p.getText();
                    } else {
                        p.skipChildren();
                    }
                }
            } else {
                p.skipChildren();
            }
        }
    }
}
