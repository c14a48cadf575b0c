package org.identitymesh.connector.kafka;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.identitymesh.connector.api.ConnectorException;
import org.identitymesh.connector.api.ImportResult;

/**
 * A record of the runs topic: a run record (one per import: tenant, times, mode and why, counts per object type,
 * outcome and error) or a snapshot-complete record (the object types whose snapshot a round completed, so that a
 * consumer drops the keys of those types that round did not refresh). Error messages come from the SPI's
 * exceptions, which never hold a secret; any other exception is named by its class only.
 *
 * @param kind          {@code run} or {@code snapshot-complete}
 * @param tenant        the tenant
 * @param round         the round id
 * @param started       when the import started, ISO-8601
 * @param finished      when it ended, ISO-8601, or {@code null}
 * @param mode          {@code full} or {@code delta}
 * @param reason        why a full import ran ({@code first_run}, {@code scheduled_full}, {@code delta_expired},
 *                      {@code offset_rejected}, ...), or {@code null}
 * @param resumed       whether the import continued from a checkpoint
 * @param outcome       {@code succeeded} or {@code failed}, or {@code null}
 * @param types         the SPI's results per object type, or empty
 * @param completeTypes for a snapshot-complete record, the types whose snapshot is complete
 * @param completeTopics their topics
 * @param errorClass    the failure's simple class name, or {@code null}
 * @param errorMessage  the failure's message, or {@code null}
 * @param note          what else an operator should know (for example why an offset was rejected), or {@code null}
 */
record RunRecord(String kind, String tenant, String round, String started, String finished, String mode,
        String reason, Boolean resumed, String outcome, Map<String, ImportResult.TypeResult> types,
        List<String> completeTypes, List<String> completeTopics, String errorClass, String errorMessage,
        String note) {

    /** A run record's kind. */
    static final String RUN = "run";
    /** A snapshot-complete record's kind. */
    static final String SNAPSHOT_COMPLETE = "snapshot-complete";

    RunRecord {
        types = types == null ? Map.of() : new LinkedHashMap<>(types);
        completeTypes = completeTypes == null ? null : List.copyOf(completeTypes);
        completeTopics = completeTopics == null ? null : List.copyOf(completeTopics);
    }

    /** A snapshot-complete record. */
    static RunRecord snapshotComplete(String tenant, String round, List<String> types, List<String> topics) {
        return new RunRecord(SNAPSHOT_COMPLETE, tenant, round, null, null, null, null, null, null, null,
                types, topics, null, null, null);
    }

    /** The class and message of a failure, as a run record shows them. */
    static String[] error(Throwable failure) {
        String message = failure instanceof ConnectorException ? failure.getMessage()
                : "an unexpected " + failure.getClass().getSimpleName() + " (see the worker's log)";
        return new String[] {failure.getClass().getSimpleName(), message};
    }

    private static String round(ImportResult.TypeResult type) {
        return type.fullRound().isPresent() ? "full" : "delta";
    }

    private static String reason(ImportResult.TypeResult type) {
        return type.fullRound().map(r -> r.name().toLowerCase(Locale.ROOT)).orElse(null);
    }

    Struct toStruct(String provider) {
        Struct struct = new Struct(RecordMapper.RUN_SCHEMA)
                .put("kind", kind).put("tenant", tenant).put("provider", provider).put("round", round)
                .put("started", started).put("finished", finished).put("mode", mode).put("reason", reason)
                .put("resumed", resumed).put("outcome", outcome)
                .put("completeTypes", completeTypes).put("completeTopics", completeTopics)
                .put("errorClass", errorClass).put("errorMessage", errorMessage).put("note", note);
        if (kind.equals(RUN)) {
            Map<String, Struct> byType = new LinkedHashMap<>();
            types.forEach((name, t) -> byType.put(name, new Struct(RecordMapper.TYPE_RESULT_SCHEMA)
                    .put("round", round(t)).put("reason", reason(t)).put("completeSnapshot", t.completeSnapshot())
                    .put("seen", t.seen()).put("upserted", t.upserted()).put("deleted", t.deleted())
                    .put("filtered", t.filteredOut()).put("pages", t.pages()).put("requests", t.requests())
                    .put("retries", t.retries()).put("waitedMs", t.waited().toMillis())));
            struct.put("types", byType);
        }
        return struct;
    }

    Map<String, Object> toMap(String provider) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("kind", kind);
        map.put("tenant", tenant);
        map.put("provider", provider);
        map.put("round", round);
        putIf(map, "started", started);
        putIf(map, "finished", finished);
        putIf(map, "mode", mode);
        putIf(map, "reason", reason);
        putIf(map, "resumed", resumed);
        putIf(map, "outcome", outcome);
        if (kind.equals(RUN)) {
            Map<String, Object> byType = new LinkedHashMap<>();
            types.forEach((name, t) -> {
                Map<String, Object> type = new LinkedHashMap<>();
                type.put("round", round(t));
                type.put("reason", reason(t));
                type.put("completeSnapshot", t.completeSnapshot());
                type.put("seen", t.seen());
                type.put("upserted", t.upserted());
                type.put("deleted", t.deleted());
                type.put("filtered", t.filteredOut());
                type.put("pages", t.pages());
                type.put("requests", t.requests());
                type.put("retries", t.retries());
                type.put("waitedMs", t.waited().toMillis());
                byType.put(name, type);
            });
            map.put("types", byType);
        }
        putIf(map, "completeTypes", completeTypes == null ? null : new ArrayList<>(completeTypes));
        putIf(map, "completeTopics", completeTopics == null ? null : new ArrayList<>(completeTopics));
        putIf(map, "errorClass", errorClass);
        putIf(map, "errorMessage", errorMessage);
        putIf(map, "note", note);
        return map;
    }

    private static void putIf(Map<String, Object> map, String name, Object value) {
        if (value != null) {
            map.put(name, value);
        }
    }
}
