package org.identitymesh.connector.entra.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.identitymesh.connector.api.Connector;
import org.identitymesh.connector.api.ConnectorConfiguration;
import org.identitymesh.connector.api.ConnectorProviders;
import org.identitymesh.connector.api.ImportRequest;
import org.identitymesh.connector.api.ImportResult;
import org.identitymesh.connector.api.secret.SecretResolvers;
import org.identitymesh.connector.entra.EntraIdProvider;
import org.identitymesh.connector.testkit.HostReplica;
import org.identitymesh.connector.testkit.entra.AppCertificate;
import org.identitymesh.connector.testkit.entra.ObjectSnapshot;
import org.identitymesh.connector.testkit.entra.RequestKind;
import org.identitymesh.connector.testkit.entra.SimulatedEntraCloud;
import org.identitymesh.connector.testkit.entra.SimulatedEntraTenant;
import org.identitymesh.connector.testkit.entra.TenantSpec;
import org.identitymesh.connector.testkit.entra.TokenGrant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host with one EntraId connector per customer tenant, tested as such a host would: two tenants behind one simulated
 * server (one Graph host, one authority host, one trust store), one signing in with a client secret and the other with
 * a certificate, each connector importing its own tenant's directory and nothing of the other's.
 */
class TenantsInOneCloudTest {

    private SimulatedEntraCloud cloud;
    private Path trustStore;

    @BeforeEach
    void start(@TempDir Path dir) {
        cloud = SimulatedEntraCloud.start();
        trustStore = dir.resolve("cloud-trust.p12");
        cloud.writeTrustStore(trustStore, "trust-pw".toCharArray());
    }

    @AfterEach
    void stop() {
        cloud.close();
    }

    private Connector connector(SimulatedEntraTenant tenant, String authJson, Map<String, String> secrets) {
        String config = "{\"TenantId\":\"" + tenant.tenantId() + "\",\"Cloud\":\"Custom\",\"GraphEndpoint\":\""
                + cloud.graphEndpoint() + "\",\"AuthorityHost\":\"" + cloud.authorityHost() + "\",\"TrustStorePath\":"
                + TenantFixture.json(trustStore.toString()) + ",\"TrustStorePassword\":\"env:TRUST_PW\","
                + "\"RetryDelaySeconds\":0.05,\"RequestTimeoutSeconds\":10}";
        Map<String, String> all = new java.util.HashMap<>(secrets);
        all.put("TRUST_PW", "trust-pw");
        return ConnectorProviders.discover().require("EntraId").create(ConnectorConfiguration.of(config, authJson,
                SecretResolvers.environment(all::get)));
    }

    private static Set<String> userIds(SimulatedEntraTenant tenant) {
        return tenant.directory().users().map(ObjectSnapshot::id).collect(Collectors.toSet());
    }

    @Test
    void eachConnectorImportsItsOwnTenantFromTheSharedServer() throws Exception {
        SimulatedEntraTenant contoso = cloud.addTenant(TenantSpec.builder().seed(21).users(30).groups(4)
                .memberships(40).build());
        SimulatedEntraTenant fabrikam = cloud.addTenant(SimulatedEntraTenant.builder().spec(TenantSpec.builder()
                .seed(22).users(25).groups(3).memberships(30).domain("fabrikam.onmicrosoft.com").build()));
        AppCertificate certificate = fabrikam.registerCertificate();
        HostReplica contosoHost = new HostReplica(new EntraIdProvider().descriptor());
        HostReplica fabrikamHost = new HostReplica(new EntraIdProvider().descriptor());

        try (Connector withSecret = connector(contoso, "{\"Mode\":\"ClientSecret\",\"ClientId\":\""
                + contoso.clientId() + "\",\"ClientSecret\":\"env:SECRET\"}", Map.of("SECRET", contoso.clientSecret()));
                Connector withCertificate = connector(fabrikam, "{\"Mode\":\"ClientCertificate\",\"ClientId\":\""
                        + fabrikam.clientId() + "\",\"Certificate\":\"env:CERT\"}", Map.of("CERT", certificate.pem()))) {
            ImportResult contosoFull = contosoHost.runImport(withSecret, ImportRequest.full());
            ImportResult fabrikamFull = fabrikamHost.runImport(withCertificate, ImportRequest.full());
            assertEquals(userIds(contoso), contosoHost.objects("User").keySet());
            assertEquals(userIds(fabrikam), fabrikamHost.objects("User").keySet());
            assertEquals(contoso.directory().groupCount(), contosoHost.objects("Group").size());
            assertEquals(fabrikam.directory().groupCount(), fabrikamHost.objects("Group").size());

            String changed = fabrikam.directory().users().findFirst().orElseThrow().id();
            fabrikam.directory().updateUser(changed, Map.of("jobTitle", "Buyer"));
            ImportResult contosoDelta = contosoHost.runImport(withSecret, ImportRequest.delta(contosoFull.watermark()));
            ImportResult fabrikamDelta = fabrikamHost.runImport(withCertificate,
                    ImportRequest.delta(fabrikamFull.watermark()));
            assertEquals(0, contosoDelta.type("User").orElseThrow().upserted(), "the other tenant's change");
            assertEquals(1, fabrikamDelta.type("User").orElseThrow().upserted());
            assertEquals("Buyer", fabrikamHost.object("User", changed).orElseThrow().get("jobTitle"));
        }
        assertTrue(contoso.tokenGrants().stream().allMatch(g -> g.credential() == TokenGrant.Credential.CLIENT_SECRET),
                contoso.tokenGrants()::toString);
        assertTrue(fabrikam.tokenGrants().stream().allMatch(g -> g.credential() == TokenGrant.Credential.CERTIFICATE),
                fabrikam.tokenGrants()::toString);
        assertEquals(contoso.journal().total() + fabrikam.journal().total(), cloud.journal().total(),
                "every request reached one of the two tenants");
        assertTrue(contoso.journal().count(RequestKind.USERS_DELTA) >= 2 && fabrikam.journal().count(
                RequestKind.USERS_DELTA) >= 2, cloud.journal()::toString);
        assertTrue(cloud.journal().connectionsOpened() >= 1, cloud.journal()::toString);
    }
}
