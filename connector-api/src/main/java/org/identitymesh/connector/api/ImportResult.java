package org.identitymesh.connector.api;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of a successful import. Failed and cancelled imports throw instead, so a result always carries a
 * watermark the host can store.
 *
 * @param watermark the opaque string the host stores verbatim and passes to the next
 *                  {@link ImportRequest#delta(String)}; it covers every record delivered by this import
 * @param types     per object type, in delivery order
 * @param elapsed   wall time of the import
 */
public record ImportResult(String watermark, Map<String, TypeResult> types, Duration elapsed) {

    /**
     * Validates and copies the components.
     *
     * @throws IllegalArgumentException when the watermark is missing
     */
    public ImportResult {
        if (watermark == null || watermark.isEmpty()) {
            throw new IllegalArgumentException("ImportResult.watermark is required");
        }
        types = Collections.unmodifiableMap(new LinkedHashMap<>(types));
        elapsed = elapsed == null ? Duration.ZERO : elapsed;
    }

    /**
     * The result of one object type.
     *
     * @param name the object type
     * @return its result, if the import covered the type
     */
    public Optional<TypeResult> type(String name) {
        return Optional.ofNullable(types.get(name));
    }

    /** Never shows the watermark, which may hold links a host should not log. */
    @Override
    public String toString() {
        return "ImportResult[types=" + types.values() + ", elapsed=" + elapsed + "]";
    }

    /** Why a connector ran a full round of an object type. */
    public enum FullRoundReason {
        /** There was no watermark for the type: the first import. */
        FIRST_RUN,
        /** The host asked for {@link ImportMode#FULL}. */
        REQUESTED,
        /** The system no longer knew the watermark (expired, or it demanded a resync). */
        DELTA_EXPIRED,
        /**
         * The configuration changed what the type's watermark covers (for example a scope filter or the attributes
         * selected), so changes since the watermark would not be enough. Only the types affected run a full round;
         * the others continue from the watermark. A change that makes the watermark meaningless instead (another
         * system, tenant or endpoint) is refused with {@link WatermarkRejectedException}.
         */
        CONFIGURATION_CHANGED,
        /** The connector's configuration reads this type in full on every import. */
        ALWAYS_FULL
    }

    /**
     * What an import did for one object type.
     *
     * @param objectType       the type
     * @param completeSnapshot whether every existing object of the type in scope was delivered as an UPSERT, so
     *                         that the host deletes what it holds and did not receive; each such UPSERT carries
     *                         every attribute the descriptor declares for the type, {@code null} when unset, so
     *                         that a host merging records clears values removed while no delta ran
     * @param fullRoundReason  why the round was a full one, or {@code null} for a delta round
     * @param seen             objects the system returned (before scoping; repeats counted)
     * @param upserted         UPSERT records delivered
     * @param deleted          DELETE records delivered, including those for objects that left the scope
     * @param filteredOut      objects left out because they are out of scope (those that left the scope in a
     *                         delta round are also counted in {@code deleted})
     * @param pages            pages read
     * @param requests         requests sent for this type, retries included
     * @param retries          requests repeated after throttling or a transient failure
     * @param waited           total time spent waiting before retries
     */
    public record TypeResult(
            String objectType,
            boolean completeSnapshot,
            FullRoundReason fullRoundReason,
            long seen,
            long upserted,
            long deleted,
            long filteredOut,
            long pages,
            long requests,
            long retries,
            Duration waited) {

        /**
         * Validates the components.
         *
         * @throws IllegalArgumentException when the type is missing or a count is negative
         */
        public TypeResult {
            if (objectType == null || objectType.isEmpty()) {
                throw new IllegalArgumentException("TypeResult.objectType is required");
            }
            if (seen < 0 || upserted < 0 || deleted < 0 || filteredOut < 0 || pages < 0 || requests < 0
                    || retries < 0) {
                throw new IllegalArgumentException("TypeResult counts must not be negative (" + objectType + ")");
            }
            waited = waited == null ? Duration.ZERO : waited;
        }

        /**
         * Why the round was full.
         *
         * @return the reason, empty for a delta round
         */
        public Optional<FullRoundReason> fullRound() {
            return Optional.ofNullable(fullRoundReason);
        }
    }
}
