package org.identitymesh.connector.entra.users;

import java.util.ArrayList;
import java.util.List;
import org.identitymesh.connector.api.ChangeRecord;
import org.identitymesh.connector.api.ConnectorDescriptor.Attribute;
import org.identitymesh.connector.entra.delta.DeltaObject;
import org.identitymesh.connector.entra.delta.ImportContext;
import org.identitymesh.connector.entra.delta.ScopedObjectResource;
import org.identitymesh.connector.entra.filter.Scope;

/**
 * Users: {@code /users/delta} with the user attributes, the manager and additional attributes as configured, and
 * the properties the user scope reads. Removed users and users that fall out of scope become DELETEs.
 */
public final class UserResource extends ScopedObjectResource {

    /** The delta resource's name. */
    public static final String NAME = "users";

    private final List<Attribute> attributes;

    /**
     * Prepares the users of an import.
     *
     * @param context the import
     */
    public UserResource(ImportContext context) {
        super(context, UserSchema.USER, Scope.users(context.config().userFilter(),
                context.config().includeDisabledUsers(), context.config().includeGuests(),
                context.config().userDomains()));
        this.attributes = UserSchema.selected(context.config());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> select() {
        List<String> select = new ArrayList<>();
        attributes.forEach(a -> select.add(a.name()));
        if (config().importManager()) {
            select.add("manager");
        }
        return distinct(select, scope().properties());
    }

    @Override
    protected ChangeRecord upsert(DeltaObject user, boolean fullRound) {
        ChangeRecord.Builder out = ChangeRecord.builder(UserSchema.USER, user.id(), ChangeRecord.Operation.UPSERT,
                fullRound ? attributes.size() + 1 : user.properties().size() + 2);
        out.put("id", user.id());
        putSelected(out, attributes, user.properties(), fullRound);
        if (config().importManager()) {
            if (user.manager() != null) {
                out.put(UserSchema.MANAGER_ID, user.manager().removed() ? null : user.manager().id());
            } else if (fullRound) {
                out.put(UserSchema.MANAGER_ID, null);
            }
        }
        return out.build();
    }
}
