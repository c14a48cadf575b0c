package org.identitymesh.connector.entra.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.identitymesh.connector.api.ConfigurationException;
import org.identitymesh.connector.api.ConnectorConfiguration;
import org.identitymesh.connector.api.secret.SecretResolvers;
import org.junit.jupiter.api.Test;

class EntraSettingsTest {

    private static final String AUTH = "{\"ClientId\":\"11111111-2222-3333-4444-555555555555\","
            + "\"ClientSecret\":\"env:ENTRA_SECRET\"}";

    private static EntraSettings read(String config, String auth) {
        return EntraSettings.read(ConnectorConfiguration.of(config, auth,
                SecretResolvers.environment(Map.of("ENTRA_SECRET", "x")::get)));
    }

    private static List<String> fields(ConfigurationException e) {
        return e.problems().stream().map(ConfigurationException.Problem::field).toList();
    }

    @Test
    void appliesTheRunbookDefaults() {
        EntraSettings settings = read("{\"TenantId\":\"contoso.onmicrosoft.com\"}", AUTH);
        EntraConfig c = settings.config();
        assertEquals(Cloud.GLOBAL, c.cloud());
        assertEquals("https://graph.microsoft.com/v1.0", c.graphV1());
        assertEquals(URI.create("https://login.microsoftonline.com"), c.authorityHost());
        assertEquals(999, c.pageSize());
        assertTrue(c.importUsers() && c.importGroups() && c.importMemberships());
        assertFalse(c.importManager());
        assertNull(c.groupFilter());
        assertFalse(c.scopesUsers(), "by default nothing is filtered: disabled accounts and guests are imported");
        assertEquals(ExpiredDeltaPolicy.RESYNC, c.expiredDeltaPolicy());
        assertEquals(new RetrySettings(5, Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofSeconds(10)), c.retry());
        assertTrue(settings.auth() instanceof AuthConfig.ClientSecret);
    }

    @Test
    void nationalCloudsHaveTheirOwnEndpoints() {
        EntraConfig c = read("{\"TenantId\":\"contoso.onmicrosoft.us\",\"Cloud\":\"usgovdod\"}", AUTH).config();
        assertEquals("https://dod-graph.microsoft.us/v1.0", c.graphV1());
        assertEquals(URI.create("https://login.microsoftonline.us"), c.authorityHost());
        EntraConfig china = read("{\"TenantId\":\"contoso.partner.onmschina.cn\",\"Cloud\":\"China\"}", AUTH).config();
        assertEquals("https://microsoftgraph.chinacloudapi.cn/v1.0", china.graphV1());
    }

    @Test
    void reportsEveryProblemOfBothDocumentsAtOnce() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> read(
                "{\"PageSize\":\"abc\",\"Clod\":\"Global\",\"ImportUsers\":\"maybe\","
                        + "\"GroupSelectionFilter\":\"startswith(displayName,'IM-'\",\"UserDomains\":[\"not a domain\"]}",
                "{\"Mode\":\"ClientSecret\",\"ClientId\":\"nope\"}"));
        assertEquals(List.of("ConfigJson.Clod", "ConfigJson.TenantId", "ConfigJson.PageSize", "ConfigJson.ImportUsers",
                "ConfigJson.GroupSelectionFilter", "ConfigJson.UserDomains", "AuthJson.ClientId",
                "AuthJson.ClientSecret"), fields(e));
        assertTrue(e.getMessage().contains("did you mean Cloud?"), e.getMessage());
        assertTrue(e.getMessage().contains("an integer from 1 to 999, found \"abc\""), e.getMessage());
    }

    @Test
    void refusesAPlaintextSecretWithoutShowingIt() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> read(
                "{\"TenantId\":\"contoso.com\"}",
                "{\"ClientId\":\"11111111-2222-3333-4444-555555555555\",\"ClientSecret\":\"Xy8Q~abcDEF123secret\"}"));
        assertEquals(List.of("AuthJson.ClientSecret"), fields(e));
        assertFalse(e.getMessage().contains("Xy8Q~abcDEF123secret"), e.getMessage());
        assertTrue(e.getMessage().contains("env:NAME"), e.getMessage());
    }

    @Test
    void refusesAReferenceNoResolverHandlesWithoutShowingIt() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> read(
                "{\"TenantId\":\"contoso.com\"}",
                "{\"ClientId\":\"11111111-2222-3333-4444-555555555555\",\"ClientSecret\":\"abc:def-secret\"}"));
        assertFalse(e.getMessage().contains("def-secret"), e.getMessage());
    }

    @Test
    void customCloudNeedsHttpsEndpoints() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> read(
                "{\"TenantId\":\"contoso.com\",\"Cloud\":\"Custom\",\"GraphEndpoint\":\"http://127.0.0.1:8080\"}",
                AUTH));
        assertEquals(List.of("ConfigJson.GraphEndpoint", "ConfigJson.AuthorityHost"), fields(e));
        assertTrue(e.getMessage().contains("plain http would expose tokens"), e.getMessage());

        EntraConfig c = read("{\"TenantId\":\"contoso.com\",\"Cloud\":\"Custom\",\"GraphEndpoint\":"
                + "\"https://127.0.0.1:8443/\",\"AuthorityHost\":\"https://127.0.0.1:8443\"}", AUTH).config();
        assertEquals("https://127.0.0.1:8443/v1.0", c.graphV1());

        ConfigurationException fixed = assertThrows(ConfigurationException.class, () -> read(
                "{\"TenantId\":\"contoso.com\",\"GraphEndpoint\":\"https://graph.example.com\"}", AUTH));
        assertEquals(List.of("ConfigJson.GraphEndpoint"), fields(fixed));
    }

    @Test
    void explainsWhyOnlyTheObjectIdIdentifiesObjects() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> read(
                "{\"TenantId\":\"contoso.com\",\"ExternalIdAttribute\":\"userPrincipalName\"}", AUTH));
        assertEquals(List.of("ConfigJson.ExternalIdAttribute"), fields(e));
        assertTrue(e.getMessage().contains("removed objects and membership edges by object id only"), e.getMessage());
    }

    @Test
    void readsScopingRetryAndManagerOptions() {
        EntraConfig c = read("{\"TenantId\":\"contoso.com\",\"GroupSelectionFilter\":\"startswith(displayName,'IM-')\","
                + "\"UserDomains\":[\"@Contoso.com\"],\"IncludeDisabledUsers\":false,\"IncludeGuests\":false,"
                + "\"ImportManager\":true,\"AdditionalUserAttributes\":[\"employeeHireDate\"],\"MaxRetries\":2,"
                + "\"RetryDelaySeconds\":0.25,\"OnExpiredDelta\":\"Fail\",\"PageSize\":100}", AUTH).config();
        assertEquals(List.of("displayName"), List.copyOf(c.groupFilter().referencedProperties()));
        assertEquals(List.of("contoso.com"), c.userDomains());
        assertTrue(c.scopesUsers());
        assertTrue(c.importManager());
        assertEquals(List.of("employeeHireDate"), c.additionalUserAttributes());
        assertEquals(new RetrySettings(2, Duration.ofMillis(250), Duration.ofMinutes(5), Duration.ofSeconds(10)), c.retry());
        assertEquals(ExpiredDeltaPolicy.FAIL, c.expiredDeltaPolicy());
        assertEquals(100, c.pageSize());
    }

    @Test
    void licenceFiltersAreReadAndTheirErrorsNameTheFieldAndColumn() {
        EntraConfig c = read("{\"TenantId\":\"contoso.com\",\"UserSelectionFilter\":"
                + "\"assignedLicenses/any(x:x/skuId eq 06ebc4ee-1bb5-47dd-8120-11324bc54e06) and accountEnabled eq true\"}",
                AUTH).config();
        assertEquals(List.of("assignedLicenses", "accountEnabled"), List.copyOf(c.userFilter().referencedProperties()));
        assertTrue(c.scopesUsers());

        ConfigurationException e = assertThrows(ConfigurationException.class, () -> read(
                "{\"TenantId\":\"contoso.com\",\"UserSelectionFilter\":\"assignedLicenses/all()\"}", AUTH));
        assertEquals(List.of("ConfigJson.UserSelectionFilter"), fields(e));
        assertTrue(e.getMessage().contains("at column 21: expected a lambda variable name after 'all(' (only any() may"
                + " be empty), found ')'"), e.getMessage());
    }

    @Test
    void membershipsNeedGroups() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> read(
                "{\"TenantId\":\"contoso.com\",\"ImportGroups\":false,\"ImportMemberships\":true}", AUTH));
        assertEquals(List.of("ConfigJson.ImportMemberships"), fields(e));
        assertFalse(read("{\"TenantId\":\"contoso.com\",\"ImportGroups\":false}", AUTH).config().importMemberships());
    }

    @Test
    void authenticationModesTakeTheirOwnFields() {
        assertTrue(read("{\"TenantId\":\"contoso.com\"}", "{\"Mode\":\"ManagedIdentity\"}").auth()
                instanceof AuthConfig.ManagedIdentity);
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> read("{\"TenantId\":\"contoso.com\"}",
                "{\"Mode\":\"WorkloadIdentity\",\"ClientId\":\"11111111-2222-3333-4444-555555555555\","
                        + "\"ClientSecret\":\"env:ENTRA_SECRET\"}"));
        assertEquals(List.of("AuthJson.ClientSecret"), fields(e));
        ConfigurationException cert = assertThrows(ConfigurationException.class, () -> read("{\"TenantId\":\"contoso.com\"}",
                "{\"Mode\":\"ClientCertificate\",\"ClientId\":\"11111111-2222-3333-4444-555555555555\"}"));
        assertEquals(List.of("AuthJson.Certificate"), fields(cert));
    }

    @Test
    void malformedAndMissingDocumentsAreProblemsToo() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> read("{\"TenantId\":", null));
        assertEquals(List.of("ConfigJson", "ConfigJson.TenantId", "AuthJson", "AuthJson.ClientId",
                "AuthJson.ClientSecret"), fields(e));
        ConfigurationException trailing = assertThrows(ConfigurationException.class,
                () -> read("{\"TenantId\":\"contoso.com\"} {}", AUTH));
        assertEquals(List.of("ConfigJson", "ConfigJson.TenantId"), fields(trailing));
        ConfigurationException duplicate = assertThrows(ConfigurationException.class,
                () -> read("{\"TenantId\":\"contoso.com\",\"TenantId\":\"fabrikam.com\"}", AUTH));
        assertEquals(List.of("ConfigJson", "ConfigJson.TenantId"), fields(duplicate));
        ConfigurationException unquoted = assertThrows(ConfigurationException.class, () -> read(
                "{\"TenantId\":\"contoso.com\"}", "{\"ClientSecret\": Sup3rS3cretValue}"));
        assertFalse(unquoted.getMessage().contains("Sup3rS3cret"), "a malformed document's text is never echoed: "
                + unquoted.getMessage());
        ConfigurationException password = assertThrows(ConfigurationException.class, () -> read(
                "{\"TenantId\":\"contoso.com\",\"Cloud\":\"Custom\",\"GraphEndpoint\":\"http://u:pa55word@g.example\","
                        + "\"AuthorityHost\":\"https://login.example\"}", AUTH));
        assertFalse(password.getMessage().contains("pa55word"), password.getMessage());
        ConfigurationException array = assertThrows(ConfigurationException.class, () -> read("[]", AUTH));
        assertTrue(array.getMessage().contains("a JSON object, found a JSON array"), array.getMessage());
    }
}
