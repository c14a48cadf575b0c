package org.identitymesh.connector.entra.config;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.identitymesh.connector.api.ConnectorConfiguration;
import org.identitymesh.connector.api.ConnectorDescriptor.ConfigField;
import org.identitymesh.connector.api.ConnectorDescriptor.Document;
import org.identitymesh.connector.api.secret.SecretResolvers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Defaults are declared once, in {@link EntraConfigFields}. Reading documents that give only what is required yields,
 * for every field that declares a default, exactly that default: what a host shows an operator is what the connector
 * does.
 */
class ConfigDefaultsTest {

    private static final String MINIMAL_CONFIG = "{\"TenantId\":\"contoso.onmicrosoft.com\"}";
    private static final String MINIMAL_AUTH = "{\"Mode\":\"ClientSecret\","
            + "\"ClientId\":\"11111111-2222-3333-4444-555555555555\",\"ClientSecret\":\"env:ENTRA_SECRET\"}";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * Where the value of each field that declares a default lands in the settings. A field that is added with a
     * default, or gains one, fails {@link #everyDeclaredDefaultIsWhatReadingAMinimalDocumentYields()} until it has an
     * entry here.
     */
    private static final Map<String, Function<EntraSettings, Object>> PARSED = Map.ofEntries(
            config(EntraConfig.CLOUD, s -> s.config().cloud()),
            config(EntraConfig.PAGE_SIZE, s -> s.config().pageSize()),
            config(EntraConfig.IMPORT_USERS, s -> s.config().importUsers()),
            config(EntraConfig.IMPORT_GROUPS, s -> s.config().importGroups()),
            config(EntraConfig.IMPORT_MEMBERSHIPS, s -> s.config().importMemberships()),
            config(EntraConfig.IMPORT_MANAGER, s -> s.config().importManager()),
            config(EntraConfig.IMPORT_GROUP_OWNERS, s -> s.config().importGroupOwners()),
            config(EntraConfig.IMPORT_DEVICES, s -> s.config().importDevices()),
            config(EntraConfig.MEMBERSHIP_STRATEGY, s -> s.config().membershipStrategy()),
            config(EntraConfig.EXTERNAL_ID_ATTRIBUTE, s -> s.config().externalIdAttribute()),
            config(EntraConfig.ADDITIONAL_USER_ATTRIBUTES, s -> s.config().additionalUserAttributes()),
            config(EntraConfig.USER_DOMAINS, s -> s.config().userDomains()),
            config(EntraConfig.INCLUDE_DISABLED_USERS, s -> s.config().includeDisabledUsers()),
            config(EntraConfig.INCLUDE_GUESTS, s -> s.config().includeGuests()),
            config(EntraConfig.ON_EXPIRED_DELTA, s -> s.config().expiredDeltaPolicy()),
            config(EntraConfig.MAX_RETRIES, s -> s.config().retry().maxRetries()),
            config(EntraConfig.RETRY_DELAY_SECONDS, s -> s.config().retry().baseDelay()),
            config(EntraConfig.MAX_RETRY_WAIT_SECONDS, s -> s.config().retry().maxWait()),
            config(EntraConfig.RETRY_WARNING_SECONDS, s -> s.config().retry().warnFrom()),
            config(EntraConfig.REQUEST_TIMEOUT_SECONDS, s -> s.config().requestTimeout()),
            auth(AuthConfig.MODE, EntraSettings::auth));

    /** Numbers are equal by value (the declaration says {@code 5}, the settings hold 5 seconds). */
    private static final Comparator<JsonNode> BY_VALUE = (a, b) -> a.isNumber() && b.isNumber()
            ? a.decimalValue().compareTo(b.decimalValue()) : (a.equals(b) ? 0 : 1);

    @Test
    void everyDeclaredDefaultIsWhatReadingAMinimalDocumentYields() throws Exception {
        EntraSettings settings = EntraSettings.read(ConnectorConfiguration.of(MINIMAL_CONFIG, MINIMAL_AUTH,
                SecretResolvers.environment(Map.of("ENTRA_SECRET", "x")::get)));
        List<Executable> checks = new ArrayList<>();
        for (ConfigField field : EntraConfigFields.all()) {
            if (field.defaultValue() == null) {
                continue;
            }
            String key = key(field.document(), field.name());
            Function<EntraSettings, Object> accessor = PARSED.get(key);
            JsonNode declared = JSON.readTree(field.defaultValue());
            checks.add(() -> {
                if (accessor == null) {
                    fail(key + " declares the default " + field.defaultValue()
                            + " but ConfigDefaultsTest.PARSED does not say where its value lands; add an entry");
                }
                JsonNode parsed = inConfigTerms(accessor.apply(settings), field);
                assertTrue(declared.equals(BY_VALUE, parsed),
                        () -> key + ": declared " + declared + ", reading a minimal document yields " + parsed);
            });
        }
        assertAll(checks);
    }

    @Test
    void everyCheckedFieldIsDeclaredWithADefault() {
        List<String> withDefault = EntraConfigFields.all().stream().filter(f -> f.defaultValue() != null)
                .map(f -> key(f.document(), f.name())).toList();
        assertAll(PARSED.keySet().stream().map(key -> () -> assertTrue(withDefault.contains(key),
                key + " is checked here but declares no default in EntraConfigFields; remove its entry")));
    }

    /** A value of the settings as the documents spell it. */
    private static JsonNode inConfigTerms(Object value, ConfigField field) {
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof Integer i) {
            return NODES.numberNode(i);
        }
        if (value instanceof Duration d) {
            return NODES.numberNode(BigDecimal.valueOf(d.toNanos(), 9));
        }
        if (value instanceof String text) {
            return NODES.textNode(text);
        }
        if (value instanceof Cloud cloud) {
            return NODES.textNode(cloud.configName());
        }
        if (value instanceof Enum<?> constant) {
            // MEMBERSHIP_STRATEGY.PER_GROUP is spelled PerGroup
            return NODES.textNode(field.allowedValues().stream()
                    .filter(v -> v.equalsIgnoreCase(constant.name().replace("_", ""))).findFirst()
                    .orElseThrow(() -> new AssertionError(constant + " matches none of " + field.allowedValues())));
        }
        if (value instanceof AuthConfig mode) {
            // each Mode reads into the record of the same name
            return NODES.textNode(mode.getClass().getSimpleName());
        }
        if (value instanceof List<?> list) {
            ArrayNode array = NODES.arrayNode();
            list.forEach(element -> array.add(String.valueOf(element)));
            return array;
        }
        throw new AssertionError(field.name() + ": no JSON spelling for " + value);
    }

    /** How messages name a field, for example {@code ConfigJson.PageSize}. */
    private static String key(Document document, String name) {
        return (document == Document.CONFIG ? EntraConfig.DOCUMENT : AuthConfig.DOCUMENT) + "." + name;
    }

    private static Map.Entry<String, Function<EntraSettings, Object>> config(String name,
            Function<EntraSettings, Object> accessor) {
        return Map.entry(key(Document.CONFIG, name), accessor);
    }

    private static Map.Entry<String, Function<EntraSettings, Object>> auth(String name,
            Function<EntraSettings, Object> accessor) {
        return Map.entry(key(Document.AUTH, name), accessor);
    }
}
