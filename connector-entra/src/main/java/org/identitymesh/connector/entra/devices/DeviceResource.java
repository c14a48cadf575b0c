package org.identitymesh.connector.entra.devices;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.identitymesh.connector.api.ChangeRecord;
import org.identitymesh.connector.api.ImportResult;
import org.identitymesh.connector.entra.config.EntraConfig;
import org.identitymesh.connector.entra.delta.DeltaObject;
import org.identitymesh.connector.entra.delta.DeltaPage;
import org.identitymesh.connector.entra.delta.DeltaResource;
import org.identitymesh.connector.entra.delta.ImportContext;
import org.identitymesh.connector.entra.delta.ObjectLookup;
import org.identitymesh.connector.entra.delta.TypeStats;
import org.identitymesh.connector.entra.filter.FilterResult;
import org.identitymesh.connector.entra.filter.Scope;

/**
 * Devices: {@code /devices/delta} with the device attributes and the properties {@code DeviceSelectionFilter}
 * reads. Removed devices (Entra deletes devices for good) and devices that fall out of scope become DELETEs. Pages
 * are handled one at a time, like users': nothing is kept from one page to the next.
 */
public final class DeviceResource extends DeltaResource {

    /** The delta resource's name: {@code devices/delta}, and the watermark's key {@code d}. */
    public static final String NAME = "devices";

    private final EntraConfig config;
    private final ObjectLookup lookup;
    private final TypeStats stats;
    private final Scope scope;

    /**
     * Prepares the devices of an import.
     *
     * @param context the import
     */
    public DeviceResource(ImportContext context) {
        super(context.delivery());
        this.config = context.config();
        this.lookup = new ObjectLookup(context);
        this.stats = new TypeStats(DeviceSchema.DEVICE, context.delivery());
        // a scope of a filter alone; Scope offers one under the name of groups
        this.scope = Scope.groups(config.deviceFilter());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public TypeStats roundStats() {
        return stats;
    }

    @Override
    public List<String> select() {
        return distinct(DeviceSchema.properties(), scope.properties());
    }

    @Override
    protected String scopeDescription() {
        return scope.describe();
    }

    @Override
    public String prefer(boolean fullRound) {
        return "odata.maxpagesize=" + config.pageSize();
    }

    @Override
    public void handle(DeltaPage page, boolean fullRound) {
        for (DeltaObject device : page.objects()) {
            stats.seen(1);
            if (device.removal() != null) {
                deliver(ChangeRecord.delete(DeviceSchema.DEVICE, device.id()), stats);
                continue;
            }
            if (scope.active() && !inScope(device, fullRound)) {
                stats.filteredOut(1);
                if (!fullRound) {
                    deliver(ChangeRecord.delete(DeviceSchema.DEVICE, device.id()), stats);
                }
                continue;
            }
            deliver(upsert(device, fullRound), stats);
        }
    }

    private boolean inScope(DeltaObject device, boolean fullRound) {
        FilterResult result = scope.evaluate(fullRound ? scope.completed(device.properties()) : device.properties());
        if (result.outcome() == FilterResult.Outcome.UNKNOWN) {
            Optional<Map<String, Object>> current = lookup.properties(NAME, device.id(), scope.properties(), stats);
            if (current.isEmpty()) {
                return false;
            }
            result = scope.evaluate(Scope.merge(device.properties(), current.get()));
        }
        return result.outcome() == FilterResult.Outcome.MATCH;
    }

    private static ChangeRecord upsert(DeltaObject device, boolean fullRound) {
        ChangeRecord.Builder out = ChangeRecord.builder(DeviceSchema.DEVICE, device.id(), ChangeRecord.Operation.UPSERT,
                fullRound ? DeviceSchema.ATTRIBUTES.size() : device.properties().size() + 1);
        out.put("id", device.id());
        putSelected(out, DeviceSchema.ATTRIBUTES, device.properties(), fullRound);
        return out.build();
    }

    @Override
    public List<ImportResult.TypeResult> results(ImportResult.FullRoundReason reason) {
        return List.of(stats.result(reason));
    }
}
