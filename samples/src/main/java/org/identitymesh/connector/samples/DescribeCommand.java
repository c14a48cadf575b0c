package org.identitymesh.connector.samples;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import org.identitymesh.connector.api.ConnectorDescriptor;
import org.identitymesh.connector.api.ConnectorDescriptor.Document;
import org.identitymesh.connector.api.ConnectorProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code entra-sync describe}: what a connector imports and how it is configured. */
@Command(name = "describe", mixinStandardHelpOptions = true, sortOptions = true,
        description = {"Prints the connector's object types with their attributes, and the fields of its two "
                + "configuration documents; with --json-schema, a JSON Schema (draft 2020-12) of the documents.", ""})
final class DescribeCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParentCommand
    private EntraSync host;

    @Mixin
    private ConnectorOptions.ProviderOptions provider;

    @Option(names = "--json-schema", arity = "0..1", fallbackValue = "both", paramLabel = "both|config|auth",
            description = "print the JSON Schema of both documents (under $defs), or of one")
    private String jsonSchema;

    @Override
    public Integer call() throws Exception {
        ConnectorProvider found = provider.find(host.err());
        ConnectorDescriptor descriptor = found.descriptor();
        PrintStream out = host.out();
        if (jsonSchema != null) {
            Object schema = switch (jsonSchema.toLowerCase(java.util.Locale.ROOT)) {
                case "both" -> ConfigurationSchema.both(found.name(), descriptor);
                case "config" -> ConfigurationSchema.one(found.name(), descriptor, Document.CONFIG);
                case "auth" -> ConfigurationSchema.one(found.name(), descriptor, Document.AUTH);
                default -> throw new UsageProblem("--json-schema takes both, config or auth, found \"" + jsonSchema
                        + "\"");
            };
            out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(schema));
            return EntraSync.OK;
        }
        out.println(descriptor.displayName() + " (" + found.name() + " " + found.version() + ", connector SPI "
                + found.apiVersion() + ")");
        out.println("  " + descriptor.description());
        out.println("  capabilities: " + descriptor.capabilities());
        out.println();
        for (ConnectorDescriptor.ObjectType type : descriptor.objectTypes()) {
            out.println("Object type " + type.name() + type.containerType().map(c -> " (in " + c.objectType()
                    + "." + c.attribute() + ")").orElse("") + ": " + type.description());
            for (ConnectorDescriptor.Attribute attribute : type.attributes()) {
                out.printf("  %-32s %-12s %s%n", attribute.name(), attribute.type(), attribute.description());
            }
            out.println();
        }
        for (Document document : Document.values()) {
            out.println(ConfigurationSchema.documentName(document) + " fields:");
            for (ConnectorDescriptor.ConfigField field : descriptor.configuration()) {
                if (field.document() != document) {
                    continue;
                }
                String type = field.type() == ConnectorDescriptor.FieldType.ENUM
                        ? String.join("|", field.allowedValues()) : field.type().name();
                out.printf("  %-28s %-18s %-9s %s%s%n", field.name(), type,
                        field.required() ? "required" : field.defaultValue() == null ? "optional"
                                : "= " + field.defaultValue(),
                        field.secret() ? "[secret reference] " : "", field.description());
            }
            out.println();
        }
        return EntraSync.OK;
    }
}
