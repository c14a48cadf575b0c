package org.identitymesh.connector.entra.imports;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.identitymesh.connector.entra.config.EntraConfig;
import org.identitymesh.connector.entra.delta.DeltaResource;
import org.identitymesh.connector.entra.delta.ImportContext;
import org.identitymesh.connector.entra.devices.DeviceResource;
import org.identitymesh.connector.entra.groups.GroupResource;
import org.identitymesh.connector.entra.users.UserResource;

/**
 * Every delta resource the connector knows, in delivery order. A new object type with a delta resource of its own is
 * a package with a {@link DeltaResource} and one line here; watermarks and checkpoints then carry its cursor too.
 * A watermark without the cursor of a resource (one written before the resource existed, or while it was not
 * configured) starts that resource with a full round ({@code FIRST_RUN}) and leaves the others on their delta.
 */
final class ResourceTypes {

    private record Type(String name, Predicate<EntraConfig> enabled, Function<ImportContext, DeltaResource> create) {
    }

    private static final List<Type> ALL = List.of(
            new Type(UserResource.NAME, EntraConfig::importUsers, UserResource::new),
            new Type(GroupResource.NAME, EntraConfig::importGroups, GroupResource::new),
            new Type(DeviceResource.NAME, EntraConfig::importDevices, DeviceResource::new));

    private ResourceTypes() {
    }

    /** The names of every resource, configured or not, so that any watermark of this connector decodes. */
    static List<String> names() {
        return ALL.stream().map(Type::name).toList();
    }

    /** The resources the configuration imports, ready for one import. */
    static List<DeltaResource> configured(ImportContext context) {
        List<DeltaResource> resources = new ArrayList<>();
        for (Type type : ALL) {
            if (type.enabled().test(context.config())) {
                resources.add(type.create().apply(context));
            }
        }
        return resources;
    }
}
