package org.identitymesh.connector.testkit.entra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The token endpoint's check of client assertions: certificate credentials as MSAL4J builds them (RS256,
 * {@code x5t#S256} in padded base64) and as RFC 7515 spells them (base64url, {@code x5t}, PS256), federated tokens of a
 * trusted issuer, and each refusal with Entra's AADSTS code.
 */
class ClientAssertionTest {

    private static final Instant START = Instant.parse("2026-06-01T10:00:00Z");

    private SimulatedEntraTenant tenant;
    private GraphTestClient client;

    @BeforeEach
    void start() {
        tenant = SimulatedEntraTenant.builder().spec(TenantSpec.builder().users(5).groups(1).memberships(2).build())
                .clock(SimulatedClock.fixed(START)).start();
        client = new GraphTestClient(tenant);
    }

    @AfterEach
    void stop() {
        tenant.close();
    }

    private Map<String, String> form(String assertion) {
        Map<String, String> f = new HashMap<>();
        f.put("client_id", tenant.clientId());
        f.put("client_assertion_type", ClientAssertions.JWT_BEARER);
        f.put("client_assertion", assertion);
        f.put("grant_type", "client_credentials");
        f.put("scope", tenant.graphScope());
        return f;
    }

    /** Claims as MSAL4J's JwtHelper sets them: aud = token endpoint, iss = sub = client id, jti, nbf, exp = +10 min. */
    private ObjectNode claims(Instant now) {
        return Json.MAPPER.createObjectNode().put("aud", tenant.tokenEndpoint()).put("iss", tenant.clientId())
                .put("sub", tenant.clientId()).put("jti", UUID.randomUUID().toString())
                .put("nbf", now.getEpochSecond()).put("exp", now.plus(Duration.ofMinutes(10)).getEpochSecond());
    }

    /** A header as MSAL4J 1.26 builds it for Entra: RS256 with x5t#S256 in standard base64 with padding. */
    private static ObjectNode msalHeader(AppCertificate c) throws Exception {
        byte[] sha256 = MessageDigest.getInstance("SHA-256").digest(c.certificate().getEncoded());
        return Json.MAPPER.createObjectNode().put("alg", "RS256").put("typ", "JWT")
                .put("x5t#S256", Base64.getEncoder().encodeToString(sha256));
    }

    private GraphTestClient.Response post(String assertion) {
        return client.postForm(tenant.tokenEndpoint(), form(assertion));
    }

    private static void assertRefused(GraphTestClient.Response r, int status, int aadsts, String assertion) {
        assertEquals(status, r.status(), r.body());
        assertEquals("invalid_client", r.json().get("error").asText(), r.body());
        assertEquals(aadsts, r.json().get("error_codes").get(0).asInt(), r.body());
        assertTrue(r.json().get("error_description").asText().startsWith("AADSTS" + aadsts + ": "), r.body());
        assertFalse(r.body().contains(assertion), "the answer never quotes the assertion");
    }

    @Test
    void anAssertionSignedAsMsalSignsItGetsATokenGraphAccepts() throws Exception {
        AppCertificate cert = tenant.registerCertificate();
        GraphTestClient.Response r = post(Jwt.sign(msalHeader(cert), claims(START), cert.privateKey()));
        assertEquals(200, r.status(), r.body());
        String token = r.json().get("access_token").asText();
        GraphTestClient.Response graph = client.send(HttpRequest.newBuilder(
                URI.create(client.graph("/users/delta?$deltatoken=latest"))).header("Authorization", "Bearer " + token)
                .build());
        assertEquals(200, graph.status(), graph.body());
        assertEquals(List.of(new TokenGrant(START, tenant.clientId(), TokenGrant.Credential.CERTIFICATE,
                cert.thumbprint())), tenant.tokenGrants());
    }

    @Test
    void theRfcSpellingsAreAcceptedToo() throws Exception {
        AppCertificate cert = tenant.registerCertificate();
        byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(cert.certificate().getEncoded());
        ObjectNode header = Json.MAPPER.createObjectNode().put("alg", "PS256")
                .put("x5t", Base64.getUrlEncoder().withoutPadding().encodeToString(sha1));
        ObjectNode claims = claims(START);
        claims.putArray("aud").add(tenant.tokenEndpoint());
        assertEquals(200, post(Jwt.sign(header, claims, cert.privateKey())).status());
    }

    @Test
    void aCertificateThatIsNotRegisteredIs700027() throws Exception {
        tenant.registerCertificate();
        AppCertificate stranger = AppCertificate.generate("stranger", START.minusSeconds(60), START.plusSeconds(3600));
        String assertion = Jwt.sign(msalHeader(stranger), claims(START), stranger.privateKey());
        GraphTestClient.Response r = post(assertion);
        assertRefused(r, 401, 700027, assertion);
        assertTrue(r.json().get("error_description").asText().contains("The key was not found")
                && r.json().get("error_description").asText().contains(stranger.thumbprintSha256()), r.body());
        assertEquals(List.of(), tenant.tokenGrants());
    }

    @Test
    void aSignatureByAnotherKeyIs700027() throws Exception {
        AppCertificate cert = tenant.registerCertificate();
        AppCertificate other = AppCertificate.generate("other", START.minusSeconds(60), START.plusSeconds(3600));
        String assertion = Jwt.sign(msalHeader(cert), claims(START), other.privateKey());
        GraphTestClient.Response r = post(assertion);
        assertRefused(r, 401, 700027, assertion);
        assertTrue(r.json().get("error_description").asText().contains("did not match"), r.body());
    }

    @Test
    void aRemovedOrExpiredCertificateIsRefused() throws Exception {
        AppCertificate cert = tenant.registerCertificate();
        tenant.removeCertificate(cert.certificate());
        String assertion = Jwt.sign(msalHeader(cert), claims(START), cert.privateKey());
        assertRefused(post(assertion), 401, 700027, assertion);

        AppCertificate old = AppCertificate.generate("old", START.minus(Duration.ofDays(400)),
                START.minus(Duration.ofDays(35)));
        tenant.registerCertificate(old.certificate());
        String byOld = Jwt.sign(msalHeader(old), claims(START), old.privateKey());
        GraphTestClient.Response r = post(byOld);
        assertRefused(r, 401, 700027, byOld);
        assertTrue(r.json().get("error_description").asText().contains("expired"), r.body());
    }

    @Test
    void theAudienceMustBeThisTokenEndpoint() throws Exception {
        AppCertificate cert = tenant.registerCertificate();
        ObjectNode claims = claims(START).put("aud", tenant.authorityHost() + "/" + tenant.tenantId() + "/v2.0");
        String assertion = Jwt.sign(msalHeader(cert), claims, cert.privateKey());
        assertRefused(post(assertion), 401, 700023, assertion);

        claims.putArray("aud").add(tenant.tokenEndpoint()).add(tenant.authorityHost());
        String twoAudiences = Jwt.sign(msalHeader(cert), claims, cert.privateKey());
        assertRefused(post(twoAudiences), 401, 5002741, twoAudiences);

        String url = tenant.authorityHost() + "/" + tenant.spec().domain() + "/oauth2/v2.0/token";
        String byDomain = Jwt.sign(msalHeader(cert), claims(START).put("aud", url), cert.privateKey());
        assertEquals(200, client.postForm(url, form(byDomain)).status(), "the domain form of the authority works");

        String alias = "https://login.proxy.example";
        String byAlias = Jwt.sign(msalHeader(cert), claims(START).put("aud", alias + "/" + tenant.tenantId()
                + "/oauth2/v2.0/token"), cert.privateKey());
        assertRefused(post(byAlias), 401, 700023, byAlias);
        tenant.addAuthorityAlias(alias);
        assertEquals(200, post(byAlias).status(), "an alias of the authority, as a proxy in front of the tenant");
    }

    @Test
    void issuerAndSubjectMustBeTheClientId() throws Exception {
        AppCertificate cert = tenant.registerCertificate();
        String assertion = Jwt.sign(msalHeader(cert), claims(START).put("sub", "someone-else"), cert.privateKey());
        assertRefused(post(assertion), 401, 700021, assertion);
    }

    @Test
    void anAssertionOutsideItsValidityIs700024WithFiveMinutesOfSkew() throws Exception {
        AppCertificate cert = tenant.registerCertificate();
        String expired = Jwt.sign(msalHeader(cert), claims(START.minus(Duration.ofMinutes(16))), cert.privateKey());
        assertRefused(post(expired), 400, 700024, expired);
        String early = Jwt.sign(msalHeader(cert), claims(START.plus(Duration.ofMinutes(6))), cert.privateKey());
        assertRefused(post(early), 400, 700024, early);
        String skewed = Jwt.sign(msalHeader(cert), claims(START.minus(Duration.ofMinutes(14))), cert.privateKey());
        assertEquals(200, post(skewed).status(), "expired four minutes ago: within the skew");
        String noExp = Jwt.sign(msalHeader(cert), claims(START).without("exp"), cert.privateKey());
        assertRefused(post(noExp), 400, 50027, noExp);
    }

    @Test
    void theJtiIsRequired() throws Exception {
        AppCertificate cert = tenant.registerCertificate();
        String assertion = Jwt.sign(msalHeader(cert), claims(START).without("jti"), cert.privateKey());
        assertRefused(post(assertion), 400, 50027, assertion);
    }

    @Test
    void malformedAssertionsAndWrongTypesAreRefused() throws Exception {
        assertRefused(post("not.a-jwt"), 400, 50027, "not.a-jwt");
        AppCertificate cert = tenant.registerCertificate();
        ObjectNode hs = msalHeader(cert).put("alg", "HS256");
        String unsigned = Base64.getUrlEncoder().withoutPadding().encodeToString(Json.MAPPER.writeValueAsBytes(hs))
                + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                        Json.MAPPER.writeValueAsBytes(claims(START))) + ".c2ln";
        assertRefused(post(unsigned), 400, 5002738, unsigned);

        Map<String, String> f = form(Jwt.sign(msalHeader(cert), claims(START), cert.privateKey()));
        f.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:saml2-bearer");
        GraphTestClient.Response r = client.postForm(tenant.tokenEndpoint(), f);
        assertEquals(400, r.status());
        assertEquals("invalid_request", r.json().get("error").asText());
    }

    @Test
    void aFederatedTokenOfARegisteredSubjectIsExchanged() {
        FederatedTokenIssuer issuer = tenant.federatedIssuer();
        tenant.addFederatedCredential(issuer, "system:serviceaccount:sync:entra-connector");
        FederatedToken token = issuer.issue("system:serviceaccount:sync:entra-connector", Duration.ofHours(1));
        GraphTestClient.Response r = post(token.value());
        assertEquals(200, r.status(), r.body());
        assertEquals(List.of(new TokenGrant(START, tenant.clientId(), TokenGrant.Credential.FEDERATED_TOKEN,
                token.id())), tenant.tokenGrants());
        assertEquals(START.plus(Duration.ofHours(1)), token.expiresAt());
        assertFalse(token.toString().contains(token.value()));
    }

    @Test
    void aFederatedTokenMustMatchIssuerSubjectAudienceKeyAndTime() {
        FederatedTokenIssuer issuer = tenant.federatedIssuer();
        tenant.addFederatedCredential(issuer, "system:serviceaccount:sync:entra-connector");

        String otherSubject = issuer.issue("system:serviceaccount:sync:other", Duration.ofHours(1)).value();
        assertRefused(post(otherSubject), 401, 700213, otherSubject);

        String otherAudience = issuer.issue("system:serviceaccount:sync:entra-connector", "api://other",
                Duration.ofHours(1)).value();
        assertRefused(post(otherAudience), 401, 700212, otherAudience);

        FederatedTokenIssuer stranger = FederatedTokenIssuer.generate("https://stranger.invalid/", tenant.clock());
        String otherIssuer = stranger.issue("system:serviceaccount:sync:entra-connector", Duration.ofHours(1)).value();
        assertRefused(post(otherIssuer), 401, 700211, otherIssuer);

        FederatedTokenIssuer impostor = FederatedTokenIssuer.generate(issuer.issuer(), tenant.clock());
        String forged = impostor.issue("system:serviceaccount:sync:entra-connector", Duration.ofHours(1)).value();
        assertRefused(post(forged), 401, 700027, forged);

        String shortLived = issuer.issue("system:serviceaccount:sync:entra-connector", Duration.ofMinutes(10)).value();
        assertEquals(200, post(shortLived).status());
        tenant.clock().advance(Duration.ofMinutes(16));
        assertRefused(post(shortLived), 400, 700024, shortLived);
    }
}
