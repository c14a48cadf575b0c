package org.identitymesh.connector.entra.delta;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.identitymesh.connector.api.ChangeRecord;
import org.identitymesh.connector.api.ImportResult;
import org.identitymesh.connector.entra.config.EntraConfig;
import org.identitymesh.connector.entra.filter.FilterResult;
import org.identitymesh.connector.entra.filter.Scope;

/**
 * A delta resource of plain directory objects, users and devices: each object of a page is a removal (a DELETE),
 * out of scope (left out of a full round, a DELETE in a delta round, since it may have been delivered before) or an
 * UPSERT. An object the scope cannot judge from what the page carries is looked up once. Pages are handled one at a
 * time: nothing is kept from one page to the next.
 */
public abstract class ScopedObjectResource extends DeltaResource {

    private final String objectType;
    private final EntraConfig config;
    private final Scope scope;
    private final ObjectLookup lookup;
    private final TypeStats stats;

    /**
     * Prepares the resource for one import.
     *
     * @param context    the import
     * @param objectType the type of the records it delivers
     * @param scope      which objects are delivered
     */
    protected ScopedObjectResource(ImportContext context, String objectType, Scope scope) {
        super(context.delivery());
        this.objectType = objectType;
        this.config = context.config();
        this.scope = scope;
        this.lookup = new ObjectLookup(context);
        this.stats = new TypeStats(objectType, context.delivery());
    }

    /**
     * The record of an object in scope.
     *
     * @param object    the object as the page carries it
     * @param fullRound whether every selected attribute is to be delivered, {@code null} when absent
     * @return the UPSERT
     */
    protected abstract ChangeRecord upsert(DeltaObject object, boolean fullRound);

    /** The connector configuration. */
    protected final EntraConfig config() {
        return config;
    }

    /** Which objects are delivered. */
    protected final Scope scope() {
        return scope;
    }

    @Override
    public final TypeStats roundStats() {
        return stats;
    }

    @Override
    protected final String scopeDescription() {
        return scope.describe();
    }

    @Override
    public String prefer(boolean fullRound) {
        return "odata.maxpagesize=" + config.pageSize();
    }

    @Override
    public final void handle(DeltaPage page, boolean fullRound) {
        for (DeltaObject object : page.objects()) {
            stats.seen(1);
            if (object.removal() != null) {
                deliver(ChangeRecord.delete(objectType, object.id()), stats);
                continue;
            }
            if (scope.active() && !inScope(object, fullRound)) {
                stats.filteredOut(1);
                if (!fullRound) {
                    deliver(ChangeRecord.delete(objectType, object.id()), stats);
                }
                continue;
            }
            deliver(upsert(object, fullRound), stats);
        }
    }

    private boolean inScope(DeltaObject object, boolean fullRound) {
        FilterResult result = scope.evaluate(fullRound ? scope.completed(object.properties()) : object.properties());
        if (result.outcome() == FilterResult.Outcome.UNKNOWN) {
            Optional<Map<String, Object>> current = lookup.properties(name(), object.id(), scope.properties(), stats);
            if (current.isEmpty()) {
                return false;
            }
            result = scope.evaluate(Scope.merge(object.properties(), current.get()));
        }
        return result.outcome() == FilterResult.Outcome.MATCH;
    }

    @Override
    public final List<ImportResult.TypeResult> results(ImportResult.FullRoundReason reason) {
        return List.of(stats.result(reason));
    }
}
