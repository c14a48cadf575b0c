package org.identitymesh.connector.entra.e2e;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.identitymesh.connector.api.ConnectorConfiguration;
import org.identitymesh.connector.entra.EntraSchema;
import org.identitymesh.connector.testkit.ConnectorContractSuite;
import org.identitymesh.connector.testkit.ContractFixture;
import org.identitymesh.connector.testkit.InvalidConfiguration;
import org.identitymesh.connector.testkit.MutatedObject;
import org.identitymesh.connector.testkit.Mutations;
import org.identitymesh.connector.testkit.entra.Deletion;
import org.identitymesh.connector.testkit.entra.EntraDirectory;
import org.identitymesh.connector.testkit.entra.MemberRef;
import org.identitymesh.connector.testkit.entra.MemberType;
import org.identitymesh.connector.testkit.entra.ObjectSnapshot;
import org.identitymesh.connector.testkit.entra.TenantSpec;

/** The testkit's contract suite, run against the EntraId connector with the simulated tenant as environment. */
class EntraContractTest extends ConnectorContractSuite {

    @Override
    protected ContractFixture fixture() {
        return new EntraFixture();
    }

    /** A small simulated tenant per test, paged in 15s so every round spans several pages and group slices. */
    static final class EntraFixture implements ContractFixture {

        private TenantFixture tenant;

        @Override
        public String providerName() {
            return "EntraId";
        }

        @Override
        public void prepare() throws Exception {
            tenant = TenantFixture.start(TenantSpec.builder().users(40).groups(6).memberships(120).largeGroups(1)
                    .largeGroupSize(30).build(), s -> s.memberSliceSize(10));
        }

        @Override
        public ConnectorConfiguration validConfiguration() {
            return tenant.configuration("\"PageSize\":15");
        }

        @Override
        public List<InvalidConfiguration> invalidConfigurations() {
            String auth = tenant.authJson();
            return List.of(
                    invalid("page size is not a number", tenant.configJson("\"PageSize\":\"abc\""), auth,
                            "ConfigJson.PageSize"),
                    invalid("no tenant", "{}", auth, "ConfigJson.TenantId"),
                    invalid("plain http endpoint", "{\"TenantId\":\"contoso.com\",\"Cloud\":\"Custom\","
                            + "\"GraphEndpoint\":\"http://127.0.0.1:1\",\"AuthorityHost\":\"https://127.0.0.1:1\"}",
                            auth, "ConfigJson.GraphEndpoint"),
                    invalid("unparseable group filter", tenant.configJson("\"GroupSelectionFilter\":\"displayName eq\""),
                            auth, "ConfigJson.GroupSelectionFilter"),
                    invalid("plaintext client secret", tenant.configJson(""), auth.replace("env:ENTRA_SECRET",
                            tenant.tenant().clientSecret()), "AuthJson.ClientSecret"));
        }

        private InvalidConfiguration invalid(String description, String config, String auth, String field) {
            return new InvalidConfiguration(description, ConnectorConfiguration.of(config, auth, tenant.resolver()),
                    field);
        }

        @Override
        public Optional<ConnectorConfiguration> wrongSecretConfiguration() {
            return Optional.of(ConnectorConfiguration.of(tenant.configJson(""), tenant.authJson(),
                    tenant.resolverWithClientSecret("wrong-" + tenant.tenant().clientSecret())));
        }

        @Override
        public Set<String> secretValues() {
            return Set.of(tenant.tenant().clientSecret(), new String(TenantFixture.TRUST_PASSWORD));
        }

        @Override
        public Map<String, Map<String, Map<String, Object>>> environmentSnapshot() {
            return tenant.expectedSnapshot(false);
        }

        @Override
        public Mutations mutations() {
            EntraDirectory dir = tenant.tenant().directory();
            return new Mutations() {
                @Override
                public Set<Kind> supported() {
                    return EnumSet.allOf(Kind.class);
                }

                @Override
                public MutatedObject createObject() {
                    return MutatedObject.object(EntraSchema.USER, dir.addUser(Map.of("displayName", "Nia Ndiaye",
                            "userPrincipalName", "nia@contract.example", "accountEnabled", true)));
                }

                @Override
                public MutatedObject updateAttribute() {
                    String id = withProperty("jobTitle").id();
                    dir.updateUser(id, Map.of("jobTitle", "Contract Tester"));
                    return MutatedObject.attribute(EntraSchema.USER, id, "jobTitle");
                }

                @Override
                public MutatedObject clearAttribute() {
                    String id = withProperty("department").id();
                    dir.clearUserProperty(id, "department");
                    return MutatedObject.attribute(EntraSchema.USER, id, "department");
                }

                @Override
                public MutatedObject deleteObject() {
                    String id = dir.users().reduce((a, b) -> b).orElseThrow().id();
                    dir.deleteUser(id, Deletion.HARD);
                    return MutatedObject.object(EntraSchema.USER, id);
                }

                @Override
                public MutatedObject addMembership() {
                    ObjectSnapshot group = dir.groups().findFirst().orElseThrow();
                    String member = dir.users().filter(u -> dir.members(group.id()).stream()
                            .noneMatch(m -> m.id().equals(u.id()))).findFirst().orElseThrow().id();
                    dir.addMember(group.id(), member, MemberType.USER);
                    return MutatedObject.object(EntraSchema.GROUP_MEMBER, group.id() + ":" + member);
                }

                @Override
                public MutatedObject removeMembership() {
                    ObjectSnapshot group = dir.groups().filter(g -> !dir.members(g.id()).isEmpty()).findFirst()
                            .orElseThrow();
                    MemberRef member = dir.members(group.id()).get(0);
                    dir.removeMember(group.id(), member);
                    return MutatedObject.object(EntraSchema.GROUP_MEMBER, group.id() + ":" + member.id());
                }

                private ObjectSnapshot withProperty(String property) {
                    return dir.users().filter(u -> u.get(property) != null).findFirst().orElseThrow();
                }
            };
        }

        @Override
        public void close() {
            try {
                if (tenant != null) {
                    tenant.close();
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
