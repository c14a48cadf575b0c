package org.identitymesh.connector.testkit.entra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A compact JWS as the token endpoint receives it: header and claims parsed, signature checked on demand. Signs too,
 * for the tokens the tenant issues as an external OIDC issuer. Supports RS256 and PS256, the algorithms Entra
 * accepts for client assertions.
 *
 * @param header       the JOSE header
 * @param claims       the claims
 * @param signingInput the bytes the signature covers ({@code base64url(header) "." base64url(claims)})
 * @param signature    the signature
 */
record Jwt(JsonNode header, JsonNode claims, byte[] signingInput, byte[] signature) {

    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    /** Thrown for a token that is not a well-formed JWS. */
    static final class MalformedException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedException(String message) {
            super(message);
        }
    }

    /**
     * Parses a compact JWS.
     *
     * @throws MalformedException when it is not three base64url parts of which the first two are JSON objects
     */
    static Jwt parse(String token) throws MalformedException {
        String[] parts = token == null ? new String[0] : token.split("\\.", -1);
        if (parts.length != 3) {
            throw new MalformedException("a JWT has three parts separated by dots");
        }
        try {
            JsonNode header = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[0]));
            JsonNode claims = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));
            byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
            if (header == null || !header.isObject() || claims == null || !claims.isObject()) {
                throw new MalformedException("the header and the claims of a JWT are JSON objects");
            }
            return new Jwt(header, claims, (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII), signature);
        } catch (IllegalArgumentException | IOException e) {
            throw new MalformedException("a JWT's parts are base64url-encoded JSON");
        }
    }

    /** Whether the algorithm is one this class verifies. */
    static boolean supported(String alg) {
        return "RS256".equals(alg) || "PS256".equals(alg);
    }

    /** The header's {@code alg}, or null. */
    String algorithm() {
        return text(header, "alg");
    }

    /** A header parameter as text, or null. */
    String headerText(String name) {
        return text(header, name);
    }

    /** A claim as text, or null when absent or not a string. */
    String claim(String name) {
        return text(claims, name);
    }

    /** A numeric date claim in epoch seconds, or null when absent or not a number. */
    Long epochSeconds(String name) {
        JsonNode n = claims.get(name);
        return n != null && n.isNumber() ? n.asLong() : null;
    }

    /** The audiences: {@code aud} as a string or an array of strings; empty when absent. */
    List<String> audiences() {
        JsonNode aud = claims.get("aud");
        List<String> out = new ArrayList<>();
        if (aud == null) {
            return out;
        }
        if (aud.isTextual()) {
            out.add(aud.asText());
        } else if (aud.isArray()) {
            aud.forEach(a -> out.add(a.asText()));
        }
        return out;
    }

    /** Checks the signature with a public key, by the header's algorithm; false when it does not match. */
    boolean verify(PublicKey key) {
        try {
            Signature s = signature(algorithm());
            s.initVerify(key);
            s.update(signingInput);
            return s.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Builds and signs a compact JWS.
     *
     * @param header the header; its {@code alg} picks the algorithm
     * @param claims the claims
     * @param key    the signing key
     * @return the token
     */
    static String sign(ObjectNode header, ObjectNode claims, PrivateKey key) {
        try {
            String input = B64URL.encodeToString(Json.MAPPER.writeValueAsBytes(header)) + "."
                    + B64URL.encodeToString(Json.MAPPER.writeValueAsBytes(claims));
            Signature s = signature(header.path("alg").asText());
            s.initSign(key);
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + B64URL.encodeToString(s.sign());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot sign a JWT", e);
        }
    }

    private static Signature signature(String alg) throws GeneralSecurityException {
        if ("RS256".equals(alg)) {
            return Signature.getInstance("SHA256withRSA");
        }
        if ("PS256".equals(alg)) {
            Signature s = Signature.getInstance("RSASSA-PSS");
            s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
            return s;
        }
        throw new IllegalArgumentException("unsupported JWS algorithm " + alg);
    }

    private static String text(JsonNode node, String name) {
        JsonNode n = node.get(name);
        return n != null && n.isTextual() ? n.asText() : null;
    }
}
