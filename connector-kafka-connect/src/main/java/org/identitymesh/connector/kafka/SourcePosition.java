package org.identitymesh.connector.kafka;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a tenant's imports stand, as stored in Kafka Connect's offsets: the SPI's checkpoint in the middle of an
 * import (with the round it belongs to, so a resumed import keeps its round id), or its watermark after a round;
 * and when the last full import started, for the schedule of full imports. The offset holds the SPI's opaque text
 * verbatim: it may hold links into the system, so the offsets topic is as confidential as a watermark.
 * {@link #toString()} never shows it.
 *
 * @param kind         what {@code value} is
 * @param value        the checkpoint or watermark, or {@code null} for {@link Kind#NONE}
 * @param round        the round the checkpoint belongs to, or the last round for a watermark
 * @param roundFull    whether that round was a full import
 * @param roundStarted when that round started, epoch milliseconds
 * @param lastFull     when the last full import started, epoch milliseconds, 0 for never
 * @param seq          the sequence number of the tenant's next record
 */
record SourcePosition(Kind kind, String value, String round, boolean roundFull, long roundStarted, long lastFull,
        long seq) {

    /** What a position holds. */
    enum Kind {
        /** Nothing stored: the first import. */
        NONE,
        /** A checkpoint: an import stopped after this page. */
        CHECKPOINT,
        /** A watermark: the last round finished. */
        WATERMARK,
        /** An offset this version cannot read; the tenant starts over with a full import. */
        UNREADABLE
    }

    static final SourcePosition NONE = new SourcePosition(Kind.NONE, null, null, false, 0, 0, 0);

    /** The source partition of a tenant. */
    static Map<String, String> partition(String tenant) {
        return Map.of("tenant", tenant);
    }

    /** Reads a stored offset; {@code null} is {@link #NONE}, anything unreadable {@link Kind#UNREADABLE}. */
    static SourcePosition fromOffset(Map<String, ?> offset) {
        if (offset == null || offset.isEmpty()) {
            return NONE;
        }
        try {
            Kind kind = switch (String.valueOf(offset.get("position"))) {
                case "checkpoint" -> Kind.CHECKPOINT;
                case "watermark" -> Kind.WATERMARK;
                default -> Kind.UNREADABLE;
            };
            Object value = offset.get("value");
            if (kind == Kind.UNREADABLE || !(value instanceof String text) || text.isEmpty()) {
                return new SourcePosition(Kind.UNREADABLE, null, null, false, 0, number(offset.get("lastFull")),
                        number(offset.get("seq")));
            }
            Object round = offset.get("round");
            return new SourcePosition(kind, text, round instanceof String r ? r : null,
                    Boolean.TRUE.equals(offset.get("roundFull")), number(offset.get("roundStarted")),
                    number(offset.get("lastFull")), number(offset.get("seq")));
        } catch (RuntimeException e) {
            return new SourcePosition(Kind.UNREADABLE, null, null, false, 0, 0, 0);
        }
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }

    /** The offset to store; {@code null} for {@link Kind#NONE}. */
    Map<String, Object> toOffset() {
        if (kind == Kind.NONE || kind == Kind.UNREADABLE) {
            return null;
        }
        Map<String, Object> offset = new LinkedHashMap<>();
        offset.put("position", kind == Kind.CHECKPOINT ? "checkpoint" : "watermark");
        offset.put("value", value);
        offset.put("round", round);
        offset.put("roundFull", roundFull);
        offset.put("roundStarted", roundStarted);
        offset.put("lastFull", lastFull);
        offset.put("seq", seq);
        return offset;
    }

    /** Never shows the checkpoint or watermark. */
    @Override
    public String toString() {
        return "SourcePosition[" + kind + (round == null ? "" : ", round " + round) + "]";
    }
}
