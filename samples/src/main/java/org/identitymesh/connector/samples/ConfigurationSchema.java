package org.identitymesh.connector.samples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Locale;
import org.identitymesh.connector.api.ConnectorDescriptor;
import org.identitymesh.connector.api.ConnectorDescriptor.ConfigField;
import org.identitymesh.connector.api.ConnectorDescriptor.Document;

/**
 * A JSON Schema (draft 2020-12) of a connector's two configuration documents, generated from its descriptor, for a
 * host UI or an infrastructure-as-code tool. Each document is a {@code $defs} entry ({@code ConfigJson},
 * {@code AuthJson}) that closes the object to the declared fields, types them, lists enum values, gives defaults
 * and descriptions, and marks secret-reference fields with {@code writeOnly}, {@code x-secret-reference} and the
 * reference's form. What the descriptor cannot say (a field required only in one authentication mode, a filter's
 * grammar) is left to {@code validate}.
 */
final class ConfigurationSchema {

    /** The form of a secret reference: {@code scheme:path} or {@code scheme://path}, never a secret. */
    static final String SECRET_REFERENCE = "^\\s*[A-Za-z][A-Za-z0-9+.-]*:(//)?[\\s\\S]*\\S[\\s\\S]*$";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ConfigurationSchema() {
    }

    /**
     * The schema of both documents.
     *
     * @param name       the provider's name, for the title and {@code $id}
     * @param descriptor its descriptor
     * @return the schema, with the documents under {@code $defs}
     */
    static ObjectNode both(String name, ConnectorDescriptor descriptor) {
        ObjectNode schema = JSON.createObjectNode();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("$id", "urn:identitymesh:connector:" + name + ":configuration");
        schema.put("title", descriptor.displayName() + " connector configuration");
        schema.put("description", "ConfigJson (what to import, from where) and AuthJson (how to sign in) of the "
                + name + " connector; validate a document against #/$defs/ConfigJson or #/$defs/AuthJson.");
        ObjectNode defs = schema.putObject("$defs");
        defs.set("ConfigJson", document(descriptor, Document.CONFIG));
        defs.set("AuthJson", document(descriptor, Document.AUTH));
        return schema;
    }

    /**
     * The schema of one document, standing alone.
     *
     * @param name       the provider's name
     * @param descriptor its descriptor
     * @param document   which document
     * @return the schema
     */
    static ObjectNode one(String name, ConnectorDescriptor descriptor, Document document) {
        ObjectNode schema = JSON.createObjectNode();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("$id", "urn:identitymesh:connector:" + name + ":" + documentName(document));
        schema.setAll(document(descriptor, document));
        return schema;
    }

    static String documentName(Document document) {
        return document == Document.CONFIG ? "ConfigJson" : "AuthJson";
    }

    private static ObjectNode document(ConnectorDescriptor descriptor, Document document) {
        ObjectNode schema = JSON.createObjectNode();
        schema.put("title", documentName(document));
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = JSON.createArrayNode();
        for (ConfigField field : descriptor.configuration()) {
            if (field.document() != document) {
                continue;
            }
            properties.set(field.name(), field(field));
            if (field.required()) {
                required.add(field.name());
            }
        }
        if (!required.isEmpty()) {
            schema.set("required", required);
        }
        schema.put("additionalProperties", false);
        return schema;
    }

    private static ObjectNode field(ConfigField field) {
        ObjectNode schema = JSON.createObjectNode();
        schema.put("description", field.description());
        switch (field.type()) {
            case STRING -> schema.put("type", "string").put("minLength", 1);
            case INTEGER -> schema.put("type", "integer");
            case NUMBER -> schema.put("type", "number");
            case BOOLEAN -> schema.put("type", "boolean");
            case ENUM -> {
                schema.put("type", "string");
                ArrayNode values = schema.putArray("enum");
                field.allowedValues().forEach(values::add);
            }
            case STRING_LIST -> {
                schema.put("type", "array");
                schema.putObject("items").put("type", "string").put("minLength", 1);
            }
            case SECRET_REFERENCE -> {
                schema.put("type", "string");
                schema.put("pattern", SECRET_REFERENCE);
                schema.put("writeOnly", true);
                schema.put("x-secret-reference", true);
            }
            default -> throw new IllegalStateException("a field type this host does not know: "
                    + field.type().name().toLowerCase(Locale.ROOT));
        }
        if (field.defaultValue() != null) {
            try {
                JsonNode value = JSON.readTree(field.defaultValue());
                schema.set("default", value);
            } catch (IOException e) {
                throw new IllegalStateException("the descriptor's default of " + field.name() + " is not JSON", e);
            }
        }
        return schema;
    }
}
