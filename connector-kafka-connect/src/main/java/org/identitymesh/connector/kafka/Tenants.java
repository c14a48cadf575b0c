package org.identitymesh.connector.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.identitymesh.connector.api.DocumentText;

/**
 * Reads the tenants of a connector from its settings: the one-tenant form ({@code tenant.name},
 * {@code provider.config.json}, {@code provider.auth.json}, {@code provider.secrets}) or one of the many-tenant
 * forms ({@code tenants.json}, {@code tenants.dir}). Problems name the setting they were found in and never quote
 * a value of a password field.
 */
final class Tenants {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What was read.
     *
     * @param tenants  the tenants, in the order given
     * @param problems setting name to what is wrong with it
     */
    record Parsed(List<Tenant> tenants, Map<String, List<String>> problems) {

        boolean ok() {
            return problems.isEmpty();
        }

        /** The problems in one line, for an exception. */
        String describe() {
            List<String> lines = new ArrayList<>();
            problems.forEach((field, list) -> list.forEach(p -> lines.add(field + ": " + p)));
            return String.join("; ", lines);
        }
    }

    private Tenants() {
    }

    /**
     * Reads the tenants.
     *
     * @param config        the settings
     * @param connectorName the connector's name, the default tenant name of the one-tenant form
     * @return the tenants and the problems found
     */
    static Parsed read(IdentitySourceConfig config, String connectorName) {
        Map<String, List<String>> problems = new LinkedHashMap<>();
        String configJson = config.getString(IdentitySourceConfig.CONFIG_JSON);
        String authJson = config.password(IdentitySourceConfig.AUTH_JSON);
        String tenantsJson = config.password(IdentitySourceConfig.TENANTS_JSON);
        String tenantsDir = config.getString(IdentitySourceConfig.TENANTS_DIR);
        boolean single = !configJson.isBlank() || !authJson.isBlank();
        int forms = (single ? 1 : 0) + (tenantsJson.isBlank() ? 0 : 1) + (tenantsDir.isBlank() ? 0 : 1);
        if (forms != 1) {
            String expected = forms == 0
                    ? "one of the forms: " + IdentitySourceConfig.CONFIG_JSON + " and " + IdentitySourceConfig.AUTH_JSON
                            + " (one tenant), " + IdentitySourceConfig.TENANTS_JSON + " or "
                            + IdentitySourceConfig.TENANTS_DIR + " (many)"
                    : "only one of the forms, found several: set either " + IdentitySourceConfig.CONFIG_JSON + " and "
                            + IdentitySourceConfig.AUTH_JSON + ", or " + IdentitySourceConfig.TENANTS_JSON + ", or "
                            + IdentitySourceConfig.TENANTS_DIR;
            add(problems, single ? IdentitySourceConfig.CONFIG_JSON
                    : !tenantsJson.isBlank() ? IdentitySourceConfig.TENANTS_JSON : IdentitySourceConfig.TENANTS_DIR,
                    expected);
            return new Parsed(List.of(), problems);
        }
        List<Tenant> tenants = new ArrayList<>();
        if (single) {
            String name = config.getString(IdentitySourceConfig.TENANT);
            if (name.isBlank()) {
                name = connectorName == null ? "" : connectorName;
            }
            if (!Tenant.validName(name)) {
                add(problems, IdentitySourceConfig.TENANT, "a tenant name of letters, digits, '.', '-' and '_' "
                        + "(default: the connector's name, which has other characters)");
            }
            if (configJson.isBlank()) {
                add(problems, IdentitySourceConfig.CONFIG_JSON, "the provider's ConfigJson, a JSON object");
            }
            if (authJson.isBlank()) {
                add(problems, IdentitySourceConfig.AUTH_JSON, "the provider's AuthJson, a JSON object");
            }
            Map<String, String> secrets = secrets(config.password(IdentitySourceConfig.SECRETS),
                    IdentitySourceConfig.SECRETS, "", problems);
            tenants.add(new Tenant(name, configJson, authJson, secrets, ""));
        } else if (!tenantsJson.isBlank()) {
            JsonNode array = parse(tenantsJson);
            if (array == null || !array.isArray() || array.isEmpty()) {
                add(problems, IdentitySourceConfig.TENANTS_JSON, "a non-empty JSON array of tenants, each "
                        + "{\"tenant\": NAME, \"config\": {...}, \"auth\": {...}, \"secrets\": {...}} (the value "
                        + "is not shown)");
            } else {
                int index = 0;
                for (JsonNode entry : array) {
                    String where = "tenant " + index++;
                    JsonNode name = entry.path("tenant");
                    tenant(entry, name.isTextual() ? name.asText() : null, where,
                            IdentitySourceConfig.TENANTS_JSON, tenants, problems);
                }
            }
        } else {
            readDirectory(Path.of(tenantsDir), tenants, problems);
        }
        Set<String> names = new LinkedHashSet<>();
        for (Tenant tenant : tenants) {
            if (!names.add(tenant.name())) {
                add(problems, tenant.field().isEmpty() ? IdentitySourceConfig.TENANT : tenant.field(),
                        "distinct tenant names, found " + tenant.name() + " twice");
            }
        }
        return new Parsed(List.copyOf(tenants), problems);
    }

    private static void readDirectory(Path dir, List<Tenant> tenants, Map<String, List<String>> problems) {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException | RuntimeException e) {
            add(problems, IdentitySourceConfig.TENANTS_DIR, "a readable directory of NAME.json files, found "
                    + dir + " (" + e.getClass().getSimpleName() + ")");
            return;
        }
        if (files.isEmpty()) {
            add(problems, IdentitySourceConfig.TENANTS_DIR, "at least one NAME.json file in " + dir);
        }
        for (Path file : files) {
            String fileName = file.getFileName().toString();
            String name = fileName.substring(0, fileName.length() - ".json".length());
            JsonNode entry;
            try {
                entry = parse(DocumentText.decode(Files.readAllBytes(file), file.toString()));
            } catch (IOException | RuntimeException e) {
                add(problems, IdentitySourceConfig.TENANTS_DIR, fileName + ": cannot be read ("
                        + e.getClass().getSimpleName() + ")");
                continue;
            }
            tenant(entry, name, fileName, IdentitySourceConfig.TENANTS_DIR, tenants, problems);
        }
    }

    private static void tenant(JsonNode entry, String name, String where, String field, List<Tenant> tenants,
            Map<String, List<String>> problems) {
        if (entry == null || !entry.isObject()) {
            add(problems, field, where + ": a JSON object {\"config\": {...}, \"auth\": {...}}");
            return;
        }
        if (!Tenant.validName(name)) {
            add(problems, field, where + ": a tenant name of letters, digits, '.', '-' and '_'");
            return;
        }
        for (Iterator<String> it = entry.fieldNames(); it.hasNext(); ) {
            String member = it.next();
            if (!Set.of("tenant", "config", "auth", "secrets").contains(member)) {
                add(problems, field, "tenant " + name + ": unknown member \"" + member
                        + "\"; expected tenant, config, auth, secrets");
            }
        }
        String config = document(entry.get("config"));
        String auth = document(entry.get("auth"));
        if (config == null) {
            add(problems, field, "tenant " + name + ": \"config\", the provider's ConfigJson as a JSON object");
        }
        if (auth == null) {
            add(problems, field, "tenant " + name + ": \"auth\", the provider's AuthJson as a JSON object");
        }
        JsonNode secrets = entry.get("secrets");
        Map<String, String> values = secrets == null ? Map.of()
                : secrets(secrets.toString(), field, "tenant " + name + ": secrets: ", problems);
        if (config != null && auth != null) {
            tenants.add(new Tenant(name, config, auth, values, field));
        }
    }

    /** A document given as a JSON object, or as a string holding one. */
    private static String document(JsonNode node) {
        if (node == null) {
            return null;
        }
        return node.isTextual() ? node.asText() : node.isObject() ? node.toString() : null;
    }

    private static Map<String, String> secrets(String text, String field, String label,
            Map<String, List<String>> problems) {
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        JsonNode node = parse(text);
        Map<String, String> secrets = new LinkedHashMap<>();
        if (node == null || !node.isObject()) {
            add(problems, field, label + "a JSON object of secret names to string values (the value is not shown)");
            return Map.of();
        }
        node.fields().forEachRemaining(e -> {
            if (e.getValue().isTextual()) {
                secrets.put(e.getKey(), e.getValue().asText());
            } else {
                add(problems, field, label + "secret " + e.getKey() + ": a string value");
            }
        });
        return secrets;
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static void add(Map<String, List<String>> problems, String field, String problem) {
        problems.computeIfAbsent(field, key -> new ArrayList<>()).add(problem);
    }
}
