package org.identitymesh.connector.testkit;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.identitymesh.connector.api.ChangeRecord;
import org.identitymesh.connector.api.ConnectorDescriptor;
import org.identitymesh.connector.api.ConnectorDescriptor.Attribute;
import org.identitymesh.connector.api.ConnectorDescriptor.AttributeType;
import org.identitymesh.connector.api.ConnectorDescriptor.ObjectType;

/** Whether delivered records keep to what the descriptor declares. */
final class RecordConformance {

    private RecordConformance() {
    }

    /** What is wrong with a record: an undeclared type or attribute, or a value of another type. */
    static List<String> problems(ConnectorDescriptor descriptor, ChangeRecord record) {
        Optional<ObjectType> type = descriptor.objectType(record.objectType());
        if (type.isEmpty()) {
            return List.of("a record of undeclared object type " + record.objectType());
        }
        List<String> problems = new ArrayList<>();
        record.attributes().forEach((name, value) -> {
            Optional<Attribute> attribute = type.get().attribute(name);
            String path = record.objectType() + "." + name;
            if (attribute.isEmpty()) {
                problems.add(path + " is delivered but not declared");
            } else if (value != null && !attribute.get().type().accepts(value)) {
                problems.add(path + " is declared " + attribute.get().type() + " but delivered as "
                        + value.getClass().getSimpleName());
            } else if (value != null && attribute.get().type() == AttributeType.TIMESTAMP && !isUtcInstant(value)) {
                problems.add(path + " is declared TIMESTAMP but a value is not an ISO-8601 instant in UTC");
            }
        });
        return problems;
    }

    /** What is wrong with a record of a FULL import, which holds the whole object: a contained object's container. */
    static Optional<String> completeObjectProblem(ConnectorDescriptor descriptor, ChangeRecord record) {
        return descriptor.objectType(record.objectType()).flatMap(ObjectType::containerType)
                .filter(c -> record.operation() == ChangeRecord.Operation.UPSERT
                        && !(record.attributes().get(c.attribute()) instanceof String))
                .map(c -> record.objectType() + "/" + record.externalId() + " is delivered by a FULL import without "
                        + c.attribute() + ", which names its " + c.objectType());
    }

    private static boolean isUtcInstant(Object value) {
        try {
            Instant.parse((String) value);
            return ((String) value).endsWith("Z");
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
