package org.identitymesh.connector.entra.filter;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The configured scope of users (disabled accounts, guests, domains, {@code UserSelectionFilter}) or of groups
 * ({@code GroupSelectionFilter}), evaluated locally because Graph's delta queries accept no filter. An object that
 * lacks a property the scope reads gets {@link FilterResult#unknown}, never a guess.
 */
public final class Scope {

    private final FilterExpression filter;
    private final boolean excludeDisabled;
    private final boolean excludeGuests;
    private final Set<String> domains;
    private final Set<String> properties;

    private Scope(FilterExpression filter, boolean excludeDisabled, boolean excludeGuests, Set<String> domains) {
        this.filter = filter;
        this.excludeDisabled = excludeDisabled;
        this.excludeGuests = excludeGuests;
        this.domains = Set.copyOf(domains);
        Set<String> props = new LinkedHashSet<>();
        if (excludeDisabled) {
            props.add("accountEnabled");
        }
        if (excludeGuests) {
            props.add("userType");
        }
        if (!domains.isEmpty()) {
            props.add("mail");
            props.add("userPrincipalName");
        }
        if (filter != null) {
            props.addAll(filter.referencedProperties());
        }
        // insertion order, never Set.copyOf's per-JVM order: the list goes into $select, and $select into the
        // watermark's fingerprint, which must be the same after a restart
        this.properties = java.util.Collections.unmodifiableSet(props);
    }

    /**
     * The scope of users.
     *
     * @param filter          {@code UserSelectionFilter}, or {@code null}
     * @param includeDisabled whether users whose account is disabled are in scope
     * @param includeGuests   whether guests are in scope
     * @param domains         when not empty, the domains of mail or userPrincipalName in scope, lower case
     * @return the scope
     */
    public static Scope users(FilterExpression filter, boolean includeDisabled, boolean includeGuests,
            Collection<String> domains) {
        return new Scope(filter, !includeDisabled, !includeGuests, Set.copyOf(domains));
    }

    /**
     * The scope of groups.
     *
     * @param filter {@code GroupSelectionFilter}, or {@code null}
     * @return the scope
     */
    public static Scope groups(FilterExpression filter) {
        return new Scope(filter, false, false, Set.of());
    }

    /**
     * Whether anything is scoped at all.
     *
     * @return whether any condition is set
     */
    public boolean active() {
        return !properties.isEmpty();
    }

    /**
     * The Graph properties the scope reads; they are added to {@code $select}.
     *
     * @return the properties, in a stable order
     */
    public Set<String> properties() {
        return properties;
    }

    /**
     * A canonical text of the scope, for the watermark's fingerprint.
     *
     * @return the text
     */
    public String describe() {
        return "filter=" + filter + ";noDisabled=" + excludeDisabled + ";noGuests=" + excludeGuests
                + ";domains=" + new java.util.TreeSet<>(domains);
    }

    /**
     * Decides whether an object is in scope. Each condition that cannot decide for lack of a property names it as
     * missing; a condition that decides needs nothing more, so an object the filter matches whatever its absent
     * properties hold is a match, not a reason to look the object up.
     *
     * @param properties the object's properties as Graph sent them
     * @return match, no match, or unknown with the properties that are missing
     */
    public FilterResult evaluate(Map<String, Object> properties) {
        Set<String> missing = new LinkedHashSet<>();
        if (excludeDisabled) {
            if (!properties.containsKey("accountEnabled")) {
                missing.add("accountEnabled");
            } else if (Boolean.FALSE.equals(properties.get("accountEnabled"))) {
                return FilterResult.NO_MATCH;
            }
        }
        if (excludeGuests) {
            if (!properties.containsKey("userType")) {
                missing.add("userType");
            } else if ("guest".equalsIgnoreCase(String.valueOf(properties.get("userType")))) {
                return FilterResult.NO_MATCH;
            }
        }
        if (!domains.isEmpty()) {
            boolean hasMail = properties.containsKey("mail");
            boolean hasUpn = properties.containsKey("userPrincipalName");
            boolean inDomain = (hasMail && inDomains(properties.get("mail")))
                    || (hasUpn && inDomains(properties.get("userPrincipalName")));
            if (!inDomain) {
                if (hasMail && hasUpn) {
                    return FilterResult.NO_MATCH;
                }
                if (!hasMail) {
                    missing.add("mail");
                }
                if (!hasUpn) {
                    missing.add("userPrincipalName");
                }
            }
        }
        if (filter != null) {
            FilterResult result = filter.evaluate(PropertySource.of(properties));
            if (result.outcome() == FilterResult.Outcome.NO_MATCH) {
                return result;
            }
            missing.addAll(result.missingProperties());
        }
        return missing.isEmpty() ? FilterResult.MATCH : FilterResult.unknown(missing);
    }

    /**
     * Whether the object carries any property the scope reads (in minimal mode: whether scope may have changed).
     *
     * @param properties the object's properties
     * @return whether one of them is read by the scope
     */
    public boolean touches(Map<String, Object> properties) {
        for (String p : this.properties) {
            if (properties.containsKey(p)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The properties of an object from a full round, where Graph lists every selected property that has a value:
     * a property the scope reads and the object lacks was never set, so it counts as {@code null} and needs no
     * look-up.
     *
     * @param properties the object's properties from a full round
     * @return them, with the scope's missing properties as {@code null}
     */
    public Map<String, Object> completed(Map<String, Object> properties) {
        Map<String, Object> complete = new LinkedHashMap<>(properties);
        this.properties.forEach(p -> complete.putIfAbsent(p, null));
        return complete;
    }

    /**
     * Merges looked-up properties under those of the delta object.
     *
     * @param fromDelta what the delta page carried
     * @param lookedUp  what a look-up read
     * @return the merged properties
     */
    public static Map<String, Object> merge(Map<String, Object> fromDelta, Map<String, Object> lookedUp) {
        Map<String, Object> merged = new LinkedHashMap<>(lookedUp);
        merged.putAll(fromDelta);
        return merged;
    }

    private boolean inDomains(Object address) {
        if (!(address instanceof String text)) {
            return false;
        }
        int at = text.lastIndexOf('@');
        return at >= 0 && domains.contains(text.substring(at + 1).toLowerCase(Locale.ROOT));
    }
}
