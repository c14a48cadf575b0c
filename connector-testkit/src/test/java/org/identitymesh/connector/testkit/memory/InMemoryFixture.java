package org.identitymesh.connector.testkit.memory;

import static org.identitymesh.connector.testkit.memory.InMemoryDirectory.GROUP;
import static org.identitymesh.connector.testkit.memory.InMemoryDirectory.GROUP_MEMBER;
import static org.identitymesh.connector.testkit.memory.InMemoryDirectory.USER;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.identitymesh.connector.api.ConnectorConfiguration;
import org.identitymesh.connector.api.ConnectorProvider;
import org.identitymesh.connector.api.secret.SecretResolver;
import org.identitymesh.connector.api.secret.SecretResolvers;
import org.identitymesh.connector.testkit.ContractFixture;
import org.identitymesh.connector.testkit.InvalidConfiguration;
import org.identitymesh.connector.testkit.MutatedObject;
import org.identitymesh.connector.testkit.Mutations;

/**
 * A fresh, seeded {@link InMemoryDirectory} per test, changed through the directory's own methods. Page size 2
 * makes every round span several pages.
 */
final class InMemoryFixture implements ContractFixture {

    private final String key = "key-" + UUID.randomUUID();
    private final String wrongKey = "wrong-" + UUID.randomUUID();
    private final String pastedKey = "pasted-" + UUID.randomUUID();
    private final SecretResolver secrets = SecretResolvers.environment(name -> switch (name) {
        case "INMEMORY_KEY" -> key;
        case "INMEMORY_WRONG_KEY" -> wrongKey;
        default -> null;
    });
    private final UnaryOperator<ConnectorProvider> variant;
    private InMemoryDirectory directory;
    private int changes;

    /** The InMemory connector as ServiceLoader finds it. */
    InMemoryFixture() {
        this(null);
    }

    /** A variant of the InMemory connector: {@code variant} wraps the real provider. */
    InMemoryFixture(UnaryOperator<ConnectorProvider> variant) {
        this.variant = variant;
    }

    @Override
    public String providerName() {
        return InMemoryConnectorProvider.NAME;
    }

    @Override
    public ConnectorProvider provider() {
        return variant == null ? ContractFixture.super.provider() : variant.apply(new InMemoryConnectorProvider());
    }

    @Override
    public void prepare() {
        directory = InMemoryDirectory.create("contract-" + UUID.randomUUID(), key);
        directory.putUser("alice", Map.of("displayName", "Alice Archer", "mail", "alice@example.test",
                "department", "Sales", "accountEnabled", true, "aliases", List.of("ally@example.test")));
        directory.putUser("bob", Map.of("displayName", "Bob Baker", "mail", "bob@example.test",
                "department", "Sales", "accountEnabled", true));
        directory.putUser("carol", Map.of("displayName", "Carol Cole", "accountEnabled", false));
        directory.putUser("dave", Map.of("displayName", "Dave Dale", "mail", "dave@example.test",
                "accountEnabled", true));
        directory.putGroup("sales", Map.of("displayName", "Sales", "description", "Everyone who sells"));
        directory.putGroup("admins", Map.of("displayName", "Admins"));
        directory.addMember("sales", "alice");
        directory.addMember("sales", "bob");
        directory.addMember("admins", "carol");
        directory.addMember("admins", "sales");
    }

    @Override
    public ConnectorConfiguration validConfiguration() {
        return configuration("{\"Directory\": \"" + directory.name() + "\", \"PageSize\": 2}",
                "{\"ApiKey\": \"env:INMEMORY_KEY\"}");
    }

    @Override
    public Optional<ConnectorConfiguration> wrongSecretConfiguration() {
        return Optional.of(configuration("{\"Directory\": \"" + directory.name() + "\"}",
                "{\"ApiKey\": \"env:INMEMORY_WRONG_KEY\"}"));
    }

    @Override
    public List<InvalidConfiguration> invalidConfigurations() {
        String auth = "{\"ApiKey\": \"env:INMEMORY_KEY\"}";
        String config = "{\"Directory\": \"" + directory.name() + "\"}";
        return List.of(
                invalid("PageSize is zero", "{\"Directory\": \"d\", \"PageSize\": 0}", auth, "ConfigJson.PageSize"),
                invalid("PageSize is text", "{\"Directory\": \"d\", \"PageSize\": \"ten\"}", auth,
                        "ConfigJson.PageSize"),
                invalid("Directory is missing", "{\"PageSize\": 10}", auth, "ConfigJson.Directory"),
                invalid("Directory has a space", "{\"Directory\": \"my dir\"}", auth, "ConfigJson.Directory"),
                invalid("ConfigJson is not JSON", "{\"Directory\": ", auth, "ConfigJson"),
                invalid("AuthJson is missing", config, null, "AuthJson"),
                invalid("ApiKey is the key itself", config, "{\"ApiKey\": \"" + pastedKey + "\"}", "AuthJson.ApiKey"),
                invalid("ApiKey has a scheme no resolver handles", config, "{\"ApiKey\": \"vault:inmemory\"}",
                        "AuthJson.ApiKey"),
                invalid("ApiKey is missing", config, "{}", "AuthJson.ApiKey"));
    }

    @Override
    public Set<String> secretValues() {
        return Set.of(key, wrongKey, pastedKey);
    }

    @Override
    public Map<String, Map<String, Map<String, Object>>> environmentSnapshot() {
        return directory.snapshot();
    }

    @Override
    public Mutations mutations() {
        return new Mutations() {
            @Override
            public Set<Kind> supported() {
                return EnumSet.allOf(Kind.class);
            }

            @Override
            public MutatedObject createObject() {
                String id = "new-" + ++changes;
                directory.putUser(id, Map.of("displayName", "New User " + changes, "mail", id + "@example.test",
                        "accountEnabled", true));
                return MutatedObject.object(USER, id);
            }

            @Override
            public MutatedObject updateAttribute() {
                directory.putUser("alice", Map.of("department", "Department " + ++changes));
                return MutatedObject.attribute(USER, "alice", "department");
            }

            @Override
            public MutatedObject clearAttribute() {
                String id = first(USER, attributes -> attributes.containsKey("mail"));
                directory.putUser(id, Collections.singletonMap("mail", null));
                return MutatedObject.attribute(USER, id, "mail");
            }

            /** Deletes a group with members: the directory logs only the group's deletion. */
            @Override
            public MutatedObject deleteObject() {
                String id = (String) directory.snapshot().get(GROUP_MEMBER).values().iterator().next().get("groupId");
                directory.deleteGroup(id);
                return MutatedObject.object(GROUP, id);
            }

            @Override
            public MutatedObject addMembership() {
                Map<String, Map<String, Map<String, Object>>> now = directory.snapshot();
                for (String group : now.get(GROUP).keySet()) {
                    for (String user : now.get(USER).keySet()) {
                        if (!now.get(GROUP_MEMBER).containsKey(group + ":" + user)) {
                            directory.addMember(group, user);
                            return MutatedObject.object(GROUP_MEMBER, group + ":" + user);
                        }
                    }
                }
                throw new IllegalStateException("every user is in every group");
            }

            @Override
            public MutatedObject removeMembership() {
                String id = first(GROUP_MEMBER, attributes -> true);
                Map<String, Object> member = directory.snapshot().get(GROUP_MEMBER).get(id);
                directory.removeMember((String) member.get("groupId"), (String) member.get("memberId"));
                return MutatedObject.object(GROUP_MEMBER, id);
            }
        };
    }

    @Override
    public void close() {
        if (directory != null) {
            directory.close();
        }
    }

    private String first(String type, java.util.function.Predicate<Map<String, Object>> matching) {
        return directory.snapshot().get(type).entrySet().stream().filter(e -> matching.test(e.getValue()))
                .map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new IllegalStateException("the directory has no such " + type));
    }

    private ConnectorConfiguration configuration(String configJson, String authJson) {
        return ConnectorConfiguration.of(configJson, authJson, secrets);
    }

    private InvalidConfiguration invalid(String description, String configJson, String authJson, String field) {
        return new InvalidConfiguration(description, configuration(configJson, authJson), field);
    }
}
