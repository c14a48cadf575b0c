package org.identitymesh.connector.testkit.entra;

import java.util.Objects;

/**
 * What the deterministic generator builds: sizes, the membership distribution and the share of unusual users.
 * The same spec always gives the same tenant (ids, properties, memberships).
 *
 * <p>Memberships: {@code largeGroups} groups get {@code largeGroupSize} user members each; the remaining
 * links are spread over the other groups with a skewed (Zipf-like) distribution capped at half the large size,
 * so a few groups are big and most are small, and about one group in ten has no members. About {@code nestedGroupRatio} of the groups
 * contain one to three nested groups, and a few percent of the links point to service principals, devices and
 * organizational contacts. About four groups in five have one to three owners (users, now and then a service
 * principal). A group never holds more members than exist, so the total can fall short of
 * {@code memberships} for tiny tenants.
 *
 * @param seed              the seed
 * @param users             number of users, at least 1
 * @param groups            number of groups
 * @param memberships       target number of member links over all groups
 * @param largeGroups       number of very large groups
 * @param largeGroupSize    user members of each very large group
 * @param guestRatio        share of guest users ({@code userType} Guest, {@code #EXT#} in the UPN)
 * @param disabledRatio     share of users with {@code accountEnabled} false
 * @param missingMailRatio  share of member users without {@code mail}
 * @param nestedGroupRatio  share of groups that contain nested groups
 * @param servicePrincipals number of service principals (members only)
 * @param devices           number of devices (objects of {@code /devices/delta}, and members of some groups)
 * @param orgContacts       number of organizational contacts (members only)
 * @param domain            the tenant's domain, for user principal names and mail
 */
public record TenantSpec(long seed, int users, int groups, int memberships, int largeGroups, int largeGroupSize,
        double guestRatio, double disabledRatio, double missingMailRatio, double nestedGroupRatio,
        int servicePrincipals, int devices, int orgContacts, String domain) {

    /**
     * Validates the components.
     *
     * @param seed see the record description
     * @param users see the record description
     * @param groups see the record description
     * @param memberships see the record description
     * @param largeGroups see the record description
     * @param largeGroupSize see the record description
     * @param guestRatio see the record description
     * @param disabledRatio see the record description
     * @param missingMailRatio see the record description
     * @param nestedGroupRatio see the record description
     * @param servicePrincipals see the record description
     * @param devices see the record description
     * @param orgContacts see the record description
     * @param domain see the record description
     * @throws IllegalArgumentException if a size is negative, there are no users or a ratio is outside 0..1
     */
    public TenantSpec {
        if (users < 1 || groups < 0 || memberships < 0 || largeGroups < 0 || largeGroupSize < 0
                || servicePrincipals < 0 || devices < 0 || orgContacts < 0) {
            throw new IllegalArgumentException("sizes must not be negative and there must be a user: users=" + users
                    + " groups=" + groups + " memberships=" + memberships);
        }
        for (double r : new double[] {guestRatio, disabledRatio, missingMailRatio, nestedGroupRatio}) {
            if (!(r >= 0 && r <= 1)) {
                throw new IllegalArgumentException("ratios are between 0 and 1: " + r);
            }
        }
        Objects.requireNonNull(domain, "domain");
    }

    /**
     * A builder with defaults: seed 42, 200 users, 20 groups, 1,000 memberships, one large group.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A small tenant for quick tests: 200 users, 20 groups, 1,000 memberships.
     *
     * @return the spec
     */
    public static TenantSpec small() {
        return builder().build();
    }

    /**
     * The reference tenant T1: 20,000 users, 2,000 groups, 100,000 memberships with one group of 5,000.
     *
     * @return the spec
     */
    public static TenantSpec t1() {
        return builder().users(20_000).groups(2_000).memberships(100_000).largeGroups(1).largeGroupSize(5_000).build();
    }

    /**
     * A large tenant: 1,000,000 users, 100,000 groups, 5,000,000 memberships with three groups of 200,000.
     *
     * @return the spec
     */
    public static TenantSpec large() {
        return builder().users(1_000_000).groups(100_000).memberships(5_000_000).largeGroups(3)
                .largeGroupSize(200_000).build();
    }

    /** Builds a {@link TenantSpec}; sizes left unset are derived from the user and membership counts. */
    public static final class Builder {
        private long seed = 42;
        private int users = 200;
        private int groups = 20;
        private int memberships = 1_000;
        private int largeGroups = 1;
        private int largeGroupSize = -1;
        private double guestRatio = 0.05;
        private double disabledRatio = 0.05;
        private double missingMailRatio = 0.10;
        private double nestedGroupRatio = 0.05;
        private int servicePrincipals = -1;
        private int devices = -1;
        private int orgContacts = -1;
        private String domain = "contoso.onmicrosoft.com";

        private Builder() {
        }

        /**
         * The seed.
         *
         * @param seed any value
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * The number of users.
         *
         * @param users at least 1
         * @return this builder
         */
        public Builder users(int users) {
            this.users = users;
            return this;
        }

        /**
         * The number of groups.
         *
         * @param groups not negative
         * @return this builder
         */
        public Builder groups(int groups) {
            this.groups = groups;
            return this;
        }

        /**
         * The target number of member links.
         *
         * @param memberships not negative
         * @return this builder
         */
        public Builder memberships(int memberships) {
            this.memberships = memberships;
            return this;
        }

        /**
         * The number of very large groups.
         *
         * @param largeGroups not negative
         * @return this builder
         */
        public Builder largeGroups(int largeGroups) {
            this.largeGroups = largeGroups;
            return this;
        }

        /**
         * The user members of each very large group; default a twentieth of the memberships or four times the
         * average group size, whichever is larger (at most the number of users).
         *
         * @param largeGroupSize not negative
         * @return this builder
         */
        public Builder largeGroupSize(int largeGroupSize) {
            this.largeGroupSize = largeGroupSize;
            return this;
        }

        /**
         * The share of guests; default 0.05.
         *
         * @param ratio 0..1
         * @return this builder
         */
        public Builder guestRatio(double ratio) {
            this.guestRatio = ratio;
            return this;
        }

        /**
         * The share of disabled accounts; default 0.05.
         *
         * @param ratio 0..1
         * @return this builder
         */
        public Builder disabledRatio(double ratio) {
            this.disabledRatio = ratio;
            return this;
        }

        /**
         * The share of member users without mail; default 0.10.
         *
         * @param ratio 0..1
         * @return this builder
         */
        public Builder missingMailRatio(double ratio) {
            this.missingMailRatio = ratio;
            return this;
        }

        /**
         * The share of groups containing nested groups; default 0.05.
         *
         * @param ratio 0..1
         * @return this builder
         */
        public Builder nestedGroupRatio(double ratio) {
            this.nestedGroupRatio = ratio;
            return this;
        }

        /**
         * The number of service principals; default one per 200 users, at least 5.
         *
         * @param count not negative
         * @return this builder
         */
        public Builder servicePrincipals(int count) {
            this.servicePrincipals = count;
            return this;
        }

        /**
         * The number of devices; default one per 100 users, at least 5.
         *
         * @param count not negative
         * @return this builder
         */
        public Builder devices(int count) {
            this.devices = count;
            return this;
        }

        /**
         * The number of organizational contacts; default one per 1,000 users, at least 2.
         *
         * @param count not negative
         * @return this builder
         */
        public Builder orgContacts(int count) {
            this.orgContacts = count;
            return this;
        }

        /**
         * The tenant's domain; default {@code contoso.onmicrosoft.com}.
         *
         * @param domain a DNS name
         * @return this builder
         */
        public Builder domain(String domain) {
            this.domain = domain;
            return this;
        }

        /**
         * Builds the spec.
         *
         * @return the spec
         * @throws IllegalArgumentException if a value is out of range
         */
        public TenantSpec build() {
            int perGroup = groups == 0 ? 0 : memberships / groups;
            int large = largeGroupSize >= 0 ? largeGroupSize
                    : Math.min(users, Math.max(1, Math.max(memberships / 20, 4 * perGroup)));
            return new TenantSpec(seed, users, groups, memberships, largeGroups, large, guestRatio, disabledRatio,
                    missingMailRatio, nestedGroupRatio,
                    servicePrincipals >= 0 ? servicePrincipals : Math.max(5, users / 200),
                    devices >= 0 ? devices : Math.max(5, users / 100),
                    orgContacts >= 0 ? orgContacts : Math.max(2, users / 1000), domain);
        }
    }
}
