package org.identitymesh.connector.entra.users;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.identitymesh.connector.api.ChangeRecord;
import org.identitymesh.connector.api.ConnectorDescriptor.Attribute;
import org.identitymesh.connector.api.ConnectorDescriptor.AttributeType;
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
 * Users: {@code /users/delta} with the user attributes, the manager and additional attributes as configured, and
 * the properties the user scope reads. Removed users and users that fall out of scope become DELETEs.
 */
public final class UserResource extends DeltaResource {

    /** The delta resource's name. */
    public static final String NAME = "users";

    private final EntraConfig config;
    private final ObjectLookup lookup;
    private final TypeStats stats;
    private final Scope scope;
    private final List<Attribute> attributes;

    /**
     * Prepares the users of an import.
     *
     * @param context the import
     */
    public UserResource(ImportContext context) {
        super(context.delivery());
        this.config = context.config();
        this.lookup = new ObjectLookup(context);
        this.stats = new TypeStats(UserSchema.USER, context.delivery());
        this.scope = Scope.users(config.userFilter(), config.includeDisabledUsers(), config.includeGuests(),
                config.userDomains());
        List<Attribute> list = new ArrayList<>();
        for (Attribute a : UserSchema.ATTRIBUTES) {
            if (!a.name().equals(UserSchema.MANAGER_ID)) {
                list.add(a);
            }
        }
        for (String extra : config.additionalUserAttributes()) {
            if (list.stream().noneMatch(a -> a.name().equalsIgnoreCase(extra))) {
                list.add(new Attribute(extra, AttributeType.STRING, "additional"));
            }
        }
        this.attributes = List.copyOf(list);
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
        List<String> select = new ArrayList<>();
        attributes.forEach(a -> select.add(a.name()));
        if (config.importManager()) {
            select.add("manager");
        }
        return distinct(select, scope.properties());
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
        for (DeltaObject user : page.objects()) {
            stats.seen(1);
            if (user.removal() != null) {
                deliver(ChangeRecord.delete(UserSchema.USER, user.id()), stats);
                continue;
            }
            if (scope.active() && !inScope(user, fullRound)) {
                stats.filteredOut(1);
                if (!fullRound) {
                    deliver(ChangeRecord.delete(UserSchema.USER, user.id()), stats);
                }
                continue;
            }
            deliver(upsert(user, fullRound), stats);
        }
    }

    private boolean inScope(DeltaObject user, boolean fullRound) {
        FilterResult result = scope.evaluate(fullRound ? scope.completed(user.properties()) : user.properties());
        if (result.outcome() == FilterResult.Outcome.UNKNOWN) {
            Optional<Map<String, Object>> current = lookup.properties(NAME, user.id(), scope.properties(), stats);
            if (current.isEmpty()) {
                return false;
            }
            result = scope.evaluate(Scope.merge(user.properties(), current.get()));
        }
        return result.outcome() == FilterResult.Outcome.MATCH;
    }

    private ChangeRecord upsert(DeltaObject user, boolean fullRound) {
        ChangeRecord.Builder out = ChangeRecord.builder(UserSchema.USER, user.id(), ChangeRecord.Operation.UPSERT,
                fullRound ? attributes.size() + 1 : user.properties().size() + 2);
        out.put("id", user.id());
        putSelected(out, attributes, user.properties(), fullRound);
        if (config.importManager()) {
            if (user.manager() != null) {
                out.put(UserSchema.MANAGER_ID, user.manager().removed() ? null : user.manager().id());
            } else if (fullRound) {
                out.put(UserSchema.MANAGER_ID, null);
            }
        }
        return out.build();
    }

    @Override
    public List<ImportResult.TypeResult> results(ImportResult.FullRoundReason reason) {
        return List.of(stats.result(reason));
    }
}
