package org.identitymesh.connector.entra.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.identitymesh.connector.api.ChangeRecord;
import org.identitymesh.connector.api.ConnectorDescriptor.Attribute;
import org.identitymesh.connector.api.ImportResult;
import org.identitymesh.connector.entra.config.EntraConfig;
import org.identitymesh.connector.entra.delta.DeltaObject;
import org.identitymesh.connector.entra.delta.DeltaPage;
import org.identitymesh.connector.entra.filter.FilterResult;

/**
 * Users: {@code /users/delta} with the user attributes, the manager and additional attributes as configured, and
 * the properties the user scope reads. Removed users and users that fall out of scope become DELETEs.
 */
final class UserSync extends ResourceSync {

    private final EntraConfig config;
    private final GraphReads reads;
    private final TypeStats stats;
    private final Scope scope;
    private final List<Attribute> attributes;

    UserSync(EntraConfig config, GraphReads reads, Delivery delivery) {
        super(delivery);
        this.config = config;
        this.reads = reads;
        this.stats = new TypeStats(EntraSchema.USER, delivery);
        this.scope = Scope.users(config);
        List<Attribute> list = new ArrayList<>();
        for (Attribute a : EntraSchema.USER_ATTRIBUTES) {
            if (!a.name().equals(EntraSchema.MANAGER_ID)) {
                list.add(a);
            }
        }
        for (String extra : config.additionalUserAttributes()) {
            if (list.stream().noneMatch(a -> a.name().equalsIgnoreCase(extra))) {
                list.add(new Attribute(extra, org.identitymesh.connector.api.ConnectorDescriptor.AttributeType.STRING,
                        "additional"));
            }
        }
        this.attributes = List.copyOf(list);
    }

    @Override
    String resource() {
        return "users";
    }

    @Override
    TypeStats roundStats() {
        return stats;
    }

    @Override
    List<String> select() {
        List<String> select = new ArrayList<>();
        attributes.forEach(a -> select.add(a.name()));
        if (config.importManager()) {
            select.add("manager");
        }
        return distinct(select, scope.properties());
    }

    @Override
    String scopeDescription() {
        return scope.describe();
    }

    @Override
    String prefer(boolean fullRound) {
        return "odata.maxpagesize=" + config.pageSize();
    }

    @Override
    void handle(DeltaPage page, boolean fullRound) {
        for (DeltaObject user : page.objects()) {
            stats.seen++;
            if (user.removal() != null) {
                deliver(ChangeRecord.delete(EntraSchema.USER, user.id()), stats);
                continue;
            }
            if (scope.active() && !inScope(user, fullRound)) {
                stats.filteredOut++;
                if (!fullRound) {
                    deliver(ChangeRecord.delete(EntraSchema.USER, user.id()), stats);
                }
                continue;
            }
            deliver(upsert(user, fullRound), stats);
        }
    }

    private boolean inScope(DeltaObject user, boolean fullRound) {
        FilterResult result = scope.evaluate(fullRound ? scope.completed(user.properties()) : user.properties());
        if (result.outcome() == FilterResult.Outcome.UNKNOWN) {
            Optional<Map<String, Object>> current = reads.properties("users", user.id(), scope.properties(), stats);
            if (current.isEmpty()) {
                return false;
            }
            result = scope.evaluate(Scope.merge(user.properties(), current.get()));
        }
        return result.outcome() == FilterResult.Outcome.MATCH;
    }

    private ChangeRecord upsert(DeltaObject user, boolean fullRound) {
        ChangeRecord.Builder out = ChangeRecord.builder(EntraSchema.USER, user.id(), ChangeRecord.Operation.UPSERT,
                fullRound ? attributes.size() + 1 : user.properties().size() + 2);
        out.put("id", user.id());
        putSelected(out, attributes, user.properties(), fullRound);
        if (config.importManager()) {
            if (user.manager() != null) {
                out.put(EntraSchema.MANAGER_ID, user.manager().removed() ? null : user.manager().id());
            } else if (fullRound) {
                out.put(EntraSchema.MANAGER_ID, null);
            }
        }
        return out.build();
    }

    @Override
    List<ImportResult.TypeResult> results(ImportResult.FullRoundReason reason) {
        return List.of(stats.result(reason != null, reason));
    }
}
