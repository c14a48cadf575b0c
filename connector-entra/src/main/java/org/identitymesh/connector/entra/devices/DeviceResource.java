package org.identitymesh.connector.entra.devices;

import java.util.List;
import org.identitymesh.connector.api.ChangeRecord;
import org.identitymesh.connector.entra.delta.DeltaObject;
import org.identitymesh.connector.entra.delta.ImportContext;
import org.identitymesh.connector.entra.delta.ScopedObjectResource;
import org.identitymesh.connector.entra.filter.Scope;

/**
 * Devices: {@code /devices/delta} with the device attributes and the properties {@code DeviceSelectionFilter}
 * reads. Removed devices (Entra deletes devices for good) and devices that fall out of scope become DELETEs. Pages
 * are handled one at a time, like users': nothing is kept from one page to the next.
 */
public final class DeviceResource extends ScopedObjectResource {

    /** The delta resource's name: {@code devices/delta}, and the watermark's key {@code d}. */
    public static final String NAME = "devices";

    /**
     * Prepares the devices of an import.
     *
     * @param context the import
     */
    public DeviceResource(ImportContext context) {
        // a scope of a filter alone; Scope offers one under the name of groups
        super(context, DeviceSchema.DEVICE, Scope.groups(context.config().deviceFilter()));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> select() {
        return distinct(DeviceSchema.properties(), scope().properties());
    }

    @Override
    protected ChangeRecord upsert(DeltaObject device, boolean fullRound) {
        ChangeRecord.Builder out = ChangeRecord.builder(DeviceSchema.DEVICE, device.id(), ChangeRecord.Operation.UPSERT,
                fullRound ? DeviceSchema.ATTRIBUTES.size() : device.properties().size() + 1);
        out.put("id", device.id());
        putSelected(out, DeviceSchema.ATTRIBUTES, device.properties(), fullRound);
        return out.build();
    }
}
