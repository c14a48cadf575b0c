package org.identitymesh.connector.samples;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.identitymesh.connector.api.ImportResult;

/**
 * Stops a run that would delete too much before it advances the watermark, like Microsoft's own sync engine does
 * past 500 deletes: a typo in a scoping filter turns the next round into a complete snapshot of almost nothing, and a
 * host that deletes what it did not receive would then delete almost everything.
 *
 * <p>Per object type it counts the DELETE records of the run and, for a complete snapshot, the shrink against the
 * previous complete snapshot of that type (from the run history): what the host will delete because it was not
 * received. The run trips when either count of one type exceeds {@code maxDeletes}, or their sum exceeds
 * {@code maxDeletePercent} of the previous total. A limit of 0 is off.
 *
 * @param maxDeletes       the most deletes of one type a run may bring; 0 = no limit
 * @param maxDeletePercent the largest share of the previous total of one type a run may delete; 0 = no limit
 * @param accept           the operator accepted this run's deletes ({@code --accept-deletes})
 */
record DeleteGuard(int maxDeletes, int maxDeletePercent, boolean accept) {

    /**
     * The deletes of one object type.
     *
     * @param objectType    the type
     * @param explicit      DELETE records delivered
     * @param implied       objects the previous complete snapshot had and this complete snapshot lacks
     * @param previousTotal the previous complete snapshot's total, or -1 when unknown
     */
    record TypeDeletes(String objectType, long explicit, long implied, long previousTotal) {

        long total() {
            return explicit + implied;
        }

        /** The share of the previous total, or -1 when it is unknown or zero. */
        double percent() {
            return previousTotal > 0 ? 100.0 * total() / previousTotal : -1;
        }
    }

    /**
     * What the guard decided.
     *
     * @param state   {@code off}, {@code passed}, {@code tripped} or {@code accepted} (tripped, and accepted)
     * @param deletes the deletes per type
     * @param reasons one sentence per limit exceeded
     */
    record Verdict(String state, List<TypeDeletes> deletes, List<String> reasons) {

        boolean stops() {
            return state.equals("tripped");
        }
    }

    /** Whether both limits are off. */
    boolean off() {
        return maxDeletes == 0 && maxDeletePercent == 0;
    }

    /**
     * Judges an import.
     *
     * @param result        the import
     * @param previousTotal per type, the total of its last complete snapshot (from the run history)
     * @return the verdict
     */
    Verdict judge(ImportResult result, Map<String, Long> previousTotal) {
        List<TypeDeletes> deletes = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (ImportResult.TypeResult type : result.types().values()) {
            long before = previousTotal.getOrDefault(type.objectType(), -1L);
            long implied = type.completeSnapshot() && before >= 0 ? Math.max(0, before - type.upserted()) : 0;
            TypeDeletes d = new TypeDeletes(type.objectType(), type.deleted(), implied, before);
            deletes.add(d);
            String what = type.objectType() + ": " + count(d);
            if (maxDeletes > 0 && d.total() > maxDeletes) {
                reasons.add(what + " is more than --max-deletes " + maxDeletes);
            } else if (maxDeletePercent > 0 && d.percent() > maxDeletePercent) {
                reasons.add(what + " is more than --max-delete-percent " + maxDeletePercent);
            }
        }
        String state = off() ? "off" : reasons.isEmpty() ? "passed" : accept ? "accepted" : "tripped";
        return new Verdict(state, List.copyOf(deletes), List.copyOf(reasons));
    }

    /** {@code 40 deletes (12 DELETE records, 28 fewer than the last complete snapshot) of 60, 66.7 %}. */
    static String count(TypeDeletes d) {
        String parts = d.implied() == 0 ? "" : " (" + d.explicit() + " DELETE records, " + d.implied()
                + " fewer than the last complete snapshot)";
        String share = d.previousTotal() > 0 ? String.format(Locale.ROOT, " of %d, %.1f %%", d.previousTotal(),
                d.percent()) : "";
        return d.total() + (d.total() == 1 ? " delete" : " deletes") + parts + share;
    }
}
