package org.identitymesh.connector.testkit.entra;

import java.util.List;
import java.util.Objects;

/**
 * One element of a user's {@code assignedLicenses}, Graph's {@code assignedLicense}: the licence's SKU and the
 * service plans of it that are switched off. Graph writes it as {@code {"disabledPlans": [...], "skuId": "..."}}.
 *
 * <p>The constants are real identifiers from Microsoft's licensing reference ("Product names and service plan
 * identifiers for licensing"), so that tests and demos read like a tenant an operator knows.
 *
 * @param skuId         the SKU, a canonical lowercase GUID
 * @param disabledPlans the service plans of the SKU that are off, canonical lowercase GUIDs
 */
public record AssignedLicense(String skuId, List<String> disabledPlans) {

    /** Microsoft 365 E3 ({@code SPE_E3}). */
    public static final String MICROSOFT_365_E3 = "05e9a617-0261-4cee-bb44-138d3ef5d965";

    /** Microsoft 365 E5 ({@code SPE_E5}). */
    public static final String MICROSOFT_365_E5 = "06ebc4ee-1bb5-47dd-8120-11324bc54e06";

    /** Exchange Online (Plan 1) ({@code EXCHANGESTANDARD}). */
    public static final String EXCHANGE_ONLINE_PLAN_1 = "4b9405b0-7788-4568-add1-99614e613b69";

    /** The service plan of Microsoft Teams ({@code TEAMS1}), which a licence may have switched off. */
    public static final String TEAMS_SERVICE_PLAN = "57ff2da0-773e-42df-b2af-ffb7a2317929";

    /**
     * Checks and copies the components.
     *
     * @throws NullPointerException     if a component or a plan is null
     * @throws IllegalArgumentException if an identifier is not a canonical lowercase GUID
     */
    public AssignedLicense {
        requireGuid(skuId, "skuId");
        disabledPlans = List.copyOf(Objects.requireNonNull(disabledPlans, "disabledPlans"));
        disabledPlans.forEach(plan -> requireGuid(plan, "disabled plan"));
    }

    /**
     * A licence with every service plan on.
     *
     * @param skuId the SKU, a canonical lowercase GUID
     * @return the licence
     */
    public static AssignedLicense of(String skuId) {
        return new AssignedLicense(skuId, List.of());
    }

    private static void requireGuid(String id, String what) {
        Objects.requireNonNull(id, what);
        if (!IdTable.isCanonical(id)) {
            throw new IllegalArgumentException(what + " is a canonical lowercase GUID: " + id);
        }
    }
}
