package org.identitymesh.connector.entra.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.identitymesh.connector.api.ConfigurationException;
import org.identitymesh.connector.api.ConnectorDescriptor.ConfigField;
import org.identitymesh.connector.api.secret.SecretReference;
import org.identitymesh.connector.api.secret.SecretResolver;

/**
 * Reads the fields of one configuration document and collects every problem, each naming its field as
 * {@code Document.Field}. Values are read leniently in form (a number may come as a JSON number or a numeric string)
 * and strictly in meaning (range, allowed values). Never echoes the value of a secret field.
 *
 * <p>A field that is absent, {@code null} or invalid takes the default its {@link ConfigField} declares: the
 * declaration's JSON text goes through the same conversion as a value from the document, so a default is declared
 * once, in {@link EntraConfigFields}, and a default the conversion refuses is a programming error
 * ({@link IllegalStateException}), never a problem of the operator's.
 */
final class JsonDocumentReader {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(64).maxStringLength(1_000_000).maxNumberLength(100).build());
    }

    private final String document;
    private final Map<String, ConfigField> fields;
    private final ObjectNode root;
    private final List<ConfigurationException.Problem> problems;

    private JsonDocumentReader(String document, Map<String, ConfigField> fields, ObjectNode root,
            List<ConfigurationException.Problem> problems) {
        this.document = document;
        this.fields = fields;
        this.root = root;
        this.problems = problems;
    }

    /**
     * Parses a document; a missing or malformed one is recorded as a problem and read as empty.
     *
     * @param document the document's name, for example {@code ConfigJson}
     * @param fields   the document's fields by name, in declared order
     * @param json     its text
     * @param problems where problems go
     * @return the reader
     */
    static JsonDocumentReader parse(String document, Map<String, ConfigField> fields, String json,
            List<ConfigurationException.Problem> problems) {
        if (json == null || json.isBlank()) {
            problems.add(new ConfigurationException.Problem(document, "a JSON object, found nothing"));
            return new JsonDocumentReader(document, fields, JSON.createObjectNode(), problems);
        }
        try {
            JsonNode node = JSON.readTree(json);
            if (node instanceof ObjectNode object) {
                return new JsonDocumentReader(document, fields, object, problems);
            }
            problems.add(new ConfigurationException.Problem(document,
                    "a JSON object, found " + (node == null ? "nothing" : describe(node.getNodeType().name()))));
        } catch (JsonProcessingException e) {
            // Jackson's message quotes the offending text, which may be a secret pasted without quotes
            problems.add(new ConfigurationException.Problem(document, "valid JSON; the text is malformed at line "
                    + (e.getLocation() == null ? "?" : e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr()) + " (the text there is not shown, in case it is a secret)"));
        }
        return new JsonDocumentReader(document, fields, JSON.createObjectNode(), problems);
    }

    private static String describe(String nodeType) {
        return "a JSON " + nodeType.toLowerCase(Locale.ROOT);
    }

    /**
     * Records a problem for every field the document does not declare. Field names are matched exactly; a field that
     * differs only in case gets a hint.
     */
    void rejectUnknownFields() {
        Set<String> known = fields.keySet();
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) {
                String hint = known.stream()
                        .filter(k -> distance(k.toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT)) <= 2)
                        .findFirst().map(k -> "; did you mean " + k + "?").orElse("");
                problem(name, "no such field (known fields: " + String.join(", ", known) + ")" + hint);
            }
        }
    }

    /** Levenshtein distance, for "did you mean" hints on short field names. */
    private static int distance(String a, String b) {
        if (Math.abs(a.length() - b.length()) > 2 || b.length() > 64) {
            return Integer.MAX_VALUE;
        }
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** Whether the field is present with a non-null value. */
    boolean has(String field) {
        JsonNode node = root.get(field);
        return node != null && !node.isNull();
    }

    void problem(String field, String expected) {
        problems.add(new ConfigurationException.Problem(document + "." + field, expected));
    }

    String path(String field) {
        return document + "." + field;
    }

    Optional<String> string(String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        try {
            return Optional.of(text(node));
        } catch (IllegalArgumentException e) {
            problem(field, e.getMessage());
            return Optional.empty();
        }
    }

    String requiredString(String field, String what) {
        if (!has(field)) {
            problem(field, what + ", found nothing (the field is required)");
            return null;
        }
        return string(field).orElse(null);
    }

    /** Reads a non-empty string, or the declared default. */
    String stringOrDefault(String field) {
        return valueOrDefault(field, JsonDocumentReader::text);
    }

    boolean bool(String field) {
        return valueOrDefault(field, node -> {
            if (node.isBoolean()) {
                return node.booleanValue();
            }
            if (node.isTextual() && (node.textValue().equalsIgnoreCase("true")
                    || node.textValue().equalsIgnoreCase("false"))) {
                return Boolean.parseBoolean(node.textValue());
            }
            throw new IllegalArgumentException("true or false, " + Found.node(node));
        });
    }

    int integer(String field, int min, int max) {
        return valueOrDefault(field, node -> {
            Long value = null;
            if (node.isIntegralNumber() && node.canConvertToLong()) {
                value = node.longValue();
            } else if (node.isTextual() && node.textValue().strip().matches("-?\\d{1,18}")) {
                value = Long.parseLong(node.textValue().strip());
            }
            if (value == null || value < min || value > max) {
                throw new IllegalArgumentException("an integer from " + min + " to " + max + ", " + Found.node(node));
            }
            return value.intValue();
        });
    }

    double decimal(String field, double min, double max) {
        return valueOrDefault(field, node -> {
            Double value = null;
            if (node.isNumber()) {
                value = node.doubleValue();
            } else if (node.isTextual()) {
                try {
                    value = Double.parseDouble(node.textValue().strip());
                } catch (NumberFormatException e) {
                    value = null;
                }
            }
            if (value == null || value.isNaN() || value < min || value > max) {
                throw new IllegalArgumentException("a number from " + min + " to " + max + ", " + Found.node(node));
            }
            return value;
        });
    }

    /** Reads one of {@code allowed}, matched without regard to case; returns the canonical spelling. */
    <E> E choice(String field, Map<String, E> allowed) {
        return valueOrDefault(field, node -> {
            String value = text(node);
            for (Map.Entry<String, E> e : allowed.entrySet()) {
                if (e.getKey().equalsIgnoreCase(value)) {
                    return e.getValue();
                }
            }
            // sorted: the same message on every run, whatever order the map iterates in
            throw new IllegalArgumentException("one of " + String.join(", ", new java.util.TreeSet<>(allowed.keySet()))
                    + ", " + Found.text(value));
        });
    }

    List<String> stringList(String field) {
        return valueOrDefault(field, node -> {
            if (!node.isArray()) {
                throw new IllegalArgumentException("a JSON array of strings, " + Found.node(node));
            }
            List<String> values = new ArrayList<>();
            for (JsonNode element : node) {
                if (!element.isTextual() || element.textValue().isBlank()) {
                    throw new IllegalArgumentException("a JSON array of non-empty strings, "
                            + Found.node(element).replaceFirst("^found ", "found the element "));
                }
                values.add(element.textValue().strip());
            }
            return List.copyOf(values);
        });
    }

    /** A JSON string's stripped text, or says what was expected. */
    private static String text(JsonNode node) {
        if (!node.isTextual()) {
            throw new IllegalArgumentException("a JSON string, " + Found.node(node));
        }
        String value = node.textValue().strip();
        if (value.isEmpty()) {
            throw new IllegalArgumentException("a non-empty string, found \"\"");
        }
        return value;
    }

    /**
     * Converts the field's value; when it is absent, {@code null} or refused (a problem naming the field), converts
     * the default its declaration gives instead.
     *
     * @param convert converts a non-null value or throws {@link IllegalArgumentException} saying what was expected
     * @throws IllegalStateException when the field declares no default or {@code convert} refuses the declared one
     */
    private <T> T valueOrDefault(String field, Function<JsonNode, T> convert) {
        JsonNode node = root.get(field);
        if (node != null && !node.isNull()) {
            try {
                return convert.apply(node);
            } catch (IllegalArgumentException e) {
                problem(field, e.getMessage());
            }
        }
        ConfigField declaration = fields.get(field);
        if (declaration == null || declaration.defaultValue() == null) {
            throw new IllegalStateException(path(field) + " declares no default");
        }
        try {
            return convert.apply(JSON.readTree(declaration.defaultValue()));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalStateException("the declared default of " + path(field) + ", "
                    + declaration.defaultValue() + ", is refused: " + e.getMessage(), e);
        }
    }

    /** Reads a value with a parser that throws {@link IllegalArgumentException} whose message says what was expected. */
    <T> Optional<T> parsed(String field, Function<String, T> parser) {
        Optional<String> text = string(field);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(parser.apply(text.get()));
        } catch (IllegalArgumentException e) {
            problem(field, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Reads a secret reference. A value that is not a reference, or whose scheme the resolver does not handle, is a
     * problem whose message never repeats the value.
     */
    Optional<SecretReference> secretReference(String field, boolean required, SecretResolver resolver) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                problem(field, "a secret reference such as env:NAME, file:PATH or your host's scheme, found nothing "
                        + "(the field is required)");
            }
            return Optional.empty();
        }
        if (!node.isTextual()) {
            problem(field, "a secret reference as a JSON string, found a JSON " + node.getNodeType().name()
                    .toLowerCase(Locale.ROOT));
            return Optional.empty();
        }
        Optional<SecretReference> reference = SecretReference.tryParse(node.textValue());
        if (reference.isEmpty()) {
            problem(field, "a secret reference, not the secret itself: store the secret in an environment variable, "
                    + "a file or your host's secret store and write env:NAME, file:PATH or secret://... here "
                    + "(the value given is not shown)");
            return Optional.empty();
        }
        if (!resolver.supports(reference.get())) {
            problem(field, "a secret reference whose scheme a resolver handles (env:, file: or one your host "
                    + "registers); no resolver handles the value given, which is not shown in case it is a secret");
            return Optional.empty();
        }
        return reference;
    }
}
