package org.identitymesh.connector.testkit.entra;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Supplier;

/** Turns an injected {@link Fault} into the response a request gets instead of (or made from) the real one. */
final class FaultResponses {

    private final String baseUrl;
    private final ErrorResponses errors;

    FaultResponses(String baseUrl, ErrorResponses errors) {
        this.baseUrl = baseUrl;
        this.errors = errors;
    }

    SimResponse render(Fault f, RequestKind kind, SimRequest r, Supplier<SimResponse> real) {
        switch (f.type()) {
            case STATUS -> {
                SimResponse resp;
                if (kind == RequestKind.MANAGED_IDENTITY) {
                    resp = ManagedIdentityEndpoint.error(r, f.status(), f.message().orElse("Error."));
                } else if (kind == RequestKind.TOKEN) {
                    String error = f.status() == 429 || f.status() >= 500 ? "temporarily_unavailable"
                            : f.status() == 401 ? "invalid_client" : "invalid_request";
                    resp = errors.aad(r, f.status(), error, aadCode(f.status()), f.message().orElse("Error."));
                } else {
                    resp = errors.graph(r, f.status(), f.code().orElse("UnknownError"), f.message().orElse("Error."));
                }
                f.retryAfter().ifPresent(v -> resp.header("Retry-After", v));
                if (f.status() == 410 && (kind == RequestKind.USERS_DELTA || kind == RequestKind.GROUPS_DELTA
                        || kind == RequestKind.DEVICES_DELTA)) {
                    resp.header("Location", baseUrl + "/v1.0/" + (kind == RequestKind.USERS_DELTA ? "users"
                            : kind == RequestKind.GROUPS_DELTA ? "groups" : "devices") + "/delta");
                }
                return resp;
            }
            case PLAIN_TEXT -> {
                return SimResponse.bytes(f.status(), "text/plain; charset=utf-8",
                        f.message().orElse("").getBytes(StandardCharsets.UTF_8));
            }
            case MALFORMED_JSON -> {
                SimResponse ok = real.get();
                byte[] body = Json.bodyBytes(ok);
                byte[] cut = Arrays.copyOf(body, Math.max(1, body.length * 3 / 5));
                byte[] garbled = Arrays.copyOf(cut, cut.length + 9);
                System.arraycopy("\",}]{\u0000x".getBytes(StandardCharsets.ISO_8859_1), 0, garbled, cut.length, 7);
                garbled[garbled.length - 2] = ':';
                garbled[garbled.length - 1] = '[';
                return copyHeaders(ok, SimResponse.bytes(200, ok.contentType(), garbled));
            }
            case CONNECTION_CUT -> {
                SimResponse ok = real.get();
                byte[] body = Json.bodyBytes(ok);
                return copyHeaders(ok, SimResponse.bytes(ok.status(), ok.contentType(), body)).cutAt(body.length / 2);
            }
            default -> throw new IllegalStateException(f.toString());
        }
    }

    private static SimResponse copyHeaders(SimResponse from, SimResponse to) {
        from.headers().forEach((k, v) -> {
            if (!k.equals("Content-Type")) {
                to.header(k, v);
            }
        });
        return to;
    }

    private static int aadCode(int status) {
        return switch (status) {
            case 429 -> 50196;
            case 401 -> 7000215;
            default -> status >= 500 ? 90033 : 90014;
        };
    }
}
