package org.identitymesh.connector.entra.delta;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.identitymesh.connector.api.ChangeRecord;
import org.identitymesh.connector.api.ConnectorDescriptor.Attribute;
import org.identitymesh.connector.api.ConnectorDescriptor.AttributeType;
import org.identitymesh.connector.api.ImportResult;

/**
 * One delta resource ({@code users}, {@code groups}): what its rounds select, and how its pages become records. An
 * import runs one round per resource and hands it every page, in Graph's order, on the importing thread.
 *
 * <p>A full round's UPSERT carries every selected attribute, with {@code null} for those Graph omitted (never set,
 * or cleared while the watermark was not followed); a delta round's carries only what Graph sent.
 */
public abstract class DeltaResource {

    private static final Object ABSENT = new Object();

    private final Delivery delivery;
    /** Computed on first use: every checkpoint of every page names it, and it cannot change for this resource. */
    private String fingerprint;

    /**
     * Creates the resource.
     *
     * @param delivery where its records go
     */
    protected DeltaResource(Delivery delivery) {
        this.delivery = delivery;
    }

    /**
     * The resource's name in Graph paths and watermarks.
     *
     * @return for example {@code users}
     */
    public abstract String name();

    /**
     * The object type whose figures count the round's pages and requests.
     *
     * @return its counts
     */
    public abstract TypeStats roundStats();

    /**
     * The {@code $select} list.
     *
     * @return the Graph properties
     */
    public abstract List<String> select();

    /**
     * Everything besides the select list that changes what a stored deltaLink covers.
     *
     * @return a canonical text
     */
    protected abstract String scopeDescription();

    /**
     * The {@code Prefer} header of every page.
     *
     * @param fullRound whether the round is full
     * @return the header's value
     */
    public abstract String prefer(boolean fullRound);

    /**
     * Whether every import reads this resource in full, whatever the watermark holds.
     *
     * @return false unless a resource says otherwise
     */
    public boolean alwaysFull() {
        return false;
    }

    /**
     * Delivers the records of one page.
     *
     * @param page      the page
     * @param fullRound whether the round is full
     */
    public abstract void handle(DeltaPage page, boolean fullRound);

    /**
     * The results of the object types this resource delivers.
     *
     * @param reason why the round was full, or {@code null} for a delta round
     * @return one result per object type
     */
    public abstract List<ImportResult.TypeResult> results(ImportResult.FullRoundReason reason);

    /**
     * Identifies what a stored deltaLink of this resource covers: a function of the configuration, which a resource
     * keeps for its life.
     *
     * @return 16 hex digits
     */
    public final String fingerprint() {
        String known = fingerprint;
        if (known == null) {
            known = fingerprint(name() + "|" + String.join(",", select()) + "|" + scopeDescription());
            fingerprint = known;
        }
        return known;
    }

    /**
     * The first 16 hex digits of the SHA-256 of a text.
     *
     * @param text the text
     * @return 16 hex digits
     */
    public static String fingerprint(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /**
     * Hands a record to the sink and counts it.
     *
     * @param record the record
     * @param stats  the counts of its type
     */
    protected final void deliver(ChangeRecord record, TypeStats stats) {
        delivery.deliver(record);
        stats.delivered(record.operation());
    }

    /**
     * A list followed by further names, each once, in order.
     *
     * @param first the list
     * @param more  names to add
     * @return the union
     */
    protected static List<String> distinct(List<String> first, Iterable<String> more) {
        Set<String> all = new LinkedHashSet<>(first);
        more.forEach(all::add);
        return new ArrayList<>(all);
    }

    /**
     * Puts the selected attributes of an object into a record; in a full round, those Graph omitted as {@code null}.
     *
     * @param out        the record being built
     * @param attributes the attributes, {@code id} excepted
     * @param properties the object's properties
     * @param fullRound  whether the round is full
     */
    protected static void putSelected(ChangeRecord.Builder out, List<Attribute> attributes,
            Map<String, Object> properties, boolean fullRound) {
        for (Attribute a : attributes) {
            if (a.name().equals("id")) {
                continue; // the caller sets it from the object itself
            }
            Object value = properties.getOrDefault(a.name(), ABSENT);
            if (value != ABSENT) {
                out.put(a.name(), convert(a, value));
            } else if (fullRound) {
                out.put(a.name(), null);
            }
        }
    }

    /**
     * Converts a Graph value to an attribute's declared type: arrays of strings become comma-joined text, other
     * arrays and objects JSON text ({@link NestedValues#text}).
     */
    private static Object convert(Attribute attribute, Object value) {
        if (value == null) {
            return null;
        }
        if (attribute.type() == AttributeType.BOOLEAN) {
            if (value instanceof Boolean) {
                return value;
            }
            return value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))
                    ? Boolean.valueOf(s) : null;
        }
        return NestedValues.text(value);
    }
}
