package org.identitymesh.connector.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.identitymesh.connector.api.ChangeRecord;
import org.identitymesh.connector.api.ConnectorDescriptor;
import org.identitymesh.connector.testkit.HostReplica;

/**
 * The consumer recipe of {@code docs/kafka-connect.md}, as a test applies it: the records of one tenant in delivery
 * order ({@code identitymesh.seq}); an UPSERT merges the attributes it lists in {@code present}; a DELETE removes the
 * object and what it contains, its tombstone changes nothing more; a snapshot-complete record removes the objects of
 * its types that its round did not refresh. The result is a {@link HostReplica}, to compare with the tenant.
 */
final class TopicsReplica {

    private TopicsReplica() {
    }

    /**
     * Rebuilds one tenant from everything written under a prefix.
     *
     * @param records    what {@link TopicsReader#readAll} returned
     * @param tenant     the tenant
     * @param descriptor the connector's descriptor
     * @return the replica
     */
    static HostReplica rebuild(List<TopicsReader.Read> records, String tenant, ConnectorDescriptor descriptor) {
        HostReplica replica = new HostReplica(descriptor);
        Map<String, Map<String, String>> lastRound = new HashMap<>();
        List<TopicsReader.Read> mine = new ArrayList<>();
        for (TopicsReader.Read r : records) {
            if (r.key() != null && tenant.equals(r.tenant()) && !r.topic().endsWith(".heartbeat")) {
                mine.add(r);
            }
        }
        for (TopicsReader.Read r : TopicsReader.inDeliveryOrder(mine)) {
            JsonNode value = r.value();
            if (value == null) {
                continue; // a tombstone: its DELETE event came just before it
            }
            if (r.topic().endsWith(".runs")) {
                if ("snapshot-complete".equals(value.path("kind").asText())) {
                    String round = value.path("round").asText();
                    for (JsonNode type : value.path("completeTypes")) {
                        Map<String, String> rounds = lastRound.getOrDefault(type.asText(), Map.of());
                        for (String id : replica.objects(type.asText()).keySet()) {
                            if (!round.equals(rounds.get(id))) {
                                replica.accept(ChangeRecord.delete(type.asText(), id));
                            }
                        }
                    }
                }
                continue;
            }
            String type = value.path("type").asText();
            String id = value.path("id").asText();
            if ("DELETE".equals(value.path("op").asText())) {
                replica.accept(ChangeRecord.delete(type, id));
                continue;
            }
            Map<String, Object> attributes = new LinkedHashMap<>();
            for (JsonNode name : value.path("present")) {
                attributes.put(name.asText(), javaValue(value.path("attributes").get(name.asText())));
            }
            replica.accept(ChangeRecord.upsert(type, id, attributes));
            lastRound.computeIfAbsent(type, k -> new HashMap<>()).put(id, value.path("round").asText());
        }
        return replica;
    }

    private static Object javaValue(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        if (node.isArray()) {
            List<String> list = new ArrayList<>();
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                list.add(it.next().asText());
            }
            return list;
        }
        return node.asText();
    }
}
