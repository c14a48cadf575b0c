package org.identitymesh.connector.testkit.entra;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds a {@link DirectoryStore} from a {@link TenantSpec}, deterministically. Ids, memberships and group owners are
 * generated up front (compact arrays); user, group and device properties are a pure function of the seed and the
 * slot, computed on each read, so a million users cost a few megabytes and generation takes seconds at most.
 *
 * <p>Device properties and owners draw from random streams of their own (their own salts), so adding them left
 * every generated id, user, group and membership as it was.
 */
final class DirectoryGenerator {

    private static final long USER_IDS = 0x1D5A1L;
    private static final long GROUP_IDS = 0x62B0A9L;
    private static final long SP_IDS = 0x5E1C9AL;
    private static final long DEVICE_IDS = 0xDE71CEL;
    private static final long CONTACT_IDS = 0xC0417AL;
    private static final long USER_PROPS = 0x0A11CEL;
    private static final long GROUP_PROPS = 0x0B0BL;
    private static final long GUEST = 0x6E57L;
    private static final long MANAGER = 0xB055L;
    private static final long MEMBERS = 0x3E3BL;
    private static final long DEVICE_PROPS = 0xDE7A11L;
    private static final long OWNERS = 0x0E7E5L;
    private static final long LICENSES = 0x11CE5EL;

    /** The licence sets users get; shared, since generated values are rebuilt on every read. */
    private static final List<AssignedLicense> UNLICENSED = List.of();
    private static final List<AssignedLicense> E3 = List.of(AssignedLicense.of(AssignedLicense.MICROSOFT_365_E3));
    private static final List<AssignedLicense> E3_WITHOUT_TEAMS = List.of(new AssignedLicense(
            AssignedLicense.MICROSOFT_365_E3, List.of(AssignedLicense.TEAMS_SERVICE_PLAN)));
    private static final List<AssignedLicense> E5 = List.of(AssignedLicense.of(AssignedLicense.MICROSOFT_365_E5));
    private static final List<AssignedLicense> EXCHANGE_ONLY =
            List.of(AssignedLicense.of(AssignedLicense.EXCHANGE_ONLINE_PLAN_1));
    private static final List<AssignedLicense> E3_AND_EXCHANGE = List.of(
            AssignedLicense.of(AssignedLicense.MICROSOFT_365_E3),
            AssignedLicense.of(AssignedLicense.EXCHANGE_ONLINE_PLAN_1));

    private static final String[] GIVEN = {"James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael",
        "Linda", "David", "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas",
        "Sarah", "Charles", "Karen", "Daniel", "Lisa", "Matthew", "Nancy", "Priya", "Arjun", "Wei", "Mei",
        "Hiroshi", "Yuki", "Fatima", "Omar", "Olga", "Ivan", "Lars", "Ingrid", "Pierre", "Chloe", "Ahmed", "Sofia"};
    private static final String[] GIVEN_ACCENTED = {"Zoë", "Björn", "Søren", "José", "Amélie", "Łukasz", "Jürgen",
        "Øyvind", "François", "Çağla", "Małgorzata", "Dóra", "Noël", "Åsa", "Ínés", "Renée"};
    private static final String[] SURNAME = {"Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller",
        "Davis", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Taylor",
        "Moore", "Jackson", "Martin", "Lee", "Patel", "Kim", "Nguyen", "Chen", "Singh", "Kowalski", "Novak",
        "Rossi", "Schmidt", "Dubois", "Larsen", "Okafor", "Tanaka", "Silva", "O'Brien", "Van der Berg"};
    private static final String[] SURNAME_ACCENTED = {"Ångström", "Müller", "Østergaard", "Núñez", "Gößling",
        "Wójcik", "Đorđević", "Şahin", "Ólafsdóttir", "Štěpánek", "Lefèvre", "Sørensen"};
    private static final String[] CJK_SURNAME = {"李", "王", "张", "刘", "陈", "杨", "山田", "佐藤"};
    private static final String[] CJK_GIVEN = {"雷", "娜", "伟", "芳", "强", "静", "太郎", "花子"};
    private static final String[] DEPARTMENTS = {"Engineering", "Sales", "Marketing", "Finance", "Human Resources",
        "Legal", "Operations", "Support", "Research & Development", "IT", "Procurement", "Forschung & Entwicklung",
        "Ventes"};
    private static final String[] TITLES = {"Engineer", "Senior Engineer", "Manager", "Director", "Analyst",
        "Sales Representative", "Accountant", "Consultant", "Designer", "Administrator", "Intern", "Ingénieur",
        "Vice President"};
    private static final String[] OFFICES = {"Redmond 25/1234", "Building 1/2150", "London", "München", "Zürich 3.14",
        "Tokyo", "Paris", "Remote"};
    private static final String[] LOCATIONS = {"US", "US", "US", "DE", "FR", "GB", "JP", "CN", "CH", "NO", "PL", "ES"};
    private static final String[] GUEST_DOMAINS = {"fabrikam.com", "example.org", "tailspintoys.com",
        "northwind.example"};
    private static final String[] GROUP_WORDS = {"Engineering", "Sales", "Finance", "Alpha", "Bravo", "Phoenix",
        "Orion", "Falcon", "Support", "Design", "Data", "Cloud", "Security", "Legal", "Marketing"};
    private static final String[] GROUP_PREFIXES = {"IM-", "Team ", "Project ", "All ", "Équipe ", "Ωmega ",
        "Zürich ", "東京 ", "Sec-", "DL "};
    private static final String[][] DEVICE_MODELS = {
        {"Windows", "10.0.22631.4460", "Dell Inc.", "Latitude 7440"},
        {"Windows", "10.0.26100.2314", "LENOVO", "ThinkPad T14 Gen 4"},
        {"Windows", "10.0.19045.5131", "HP", "EliteBook 840 G9"},
        {"Windows", "10.0.22631.4460", "Microsoft Corporation", "Surface Laptop 5"},
        {"MacMDM", "14.6.1", "Apple", "MacBookPro18,3"},
        {"iOS", "17.6.1", "Apple", "iPhone 15"},
        {"IPad", "17.5", "Apple", "iPad Air (5th generation)"},
        {"Android", "14", "samsung", "SM-S911B"},
        {"AndroidForWork", "13", "Google", "Pixel 7"},
        {"Linux", "22.04", "Dell Inc.", "Precision 5570"}};
    private static final String[] DEVICE_WORDS = {"DESKTOP", "LAPTOP", "CONTOSO", "KIOSK", "iPhone", "Galaxy"};
    private static final String[] ENROLLMENT_TYPES = {"windowsAzureADJoin", "windowsAutoEnrollment",
        "userEnrollment", "appleBulkWithUser", "windowsCoManagement", "unknown"};
    private static final String INTUNE_APP_ID = "0000000a-0000-0000-c000-000000000000";
    private static final long CREATED_FROM = Instant.parse("2015-01-01T00:00:00Z").getEpochSecond();
    private static final long CREATED_SPAN = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond() - CREATED_FROM;

    private final TenantSpec spec;
    private final IdTable userIds;
    private final IdTable groupIds;
    private final int managerPool;

    private DirectoryGenerator(TenantSpec spec) {
        this.spec = spec;
        this.userIds = IdTable.generate(mix(spec.seed(), USER_IDS, 0), spec.users());
        this.groupIds = IdTable.generate(mix(spec.seed(), GROUP_IDS, 0), spec.groups());
        this.managerPool = Math.max(1, spec.users() / 12);
    }

    /**
     * Generates the directory for a spec.
     *
     * @param spec the spec
     * @return the store, at version 0
     */
    static DirectoryStore generate(TenantSpec spec) {
        DirectoryGenerator gen = new DirectoryGenerator(spec);
        EntityTable users = new EntityTable(PropertySchema.USERS, gen.userIds, gen::userValues);
        EntityTable groups = new EntityTable(PropertySchema.GROUPS, gen.groupIds, gen::groupValues);
        IdTable sps = IdTable.generate(mix(spec.seed(), SP_IDS, 0), spec.servicePrincipals());
        IdTable deviceIds = IdTable.generate(mix(spec.seed(), DEVICE_IDS, 0), spec.devices());
        EntityTable devices = new EntityTable(PropertySchema.DEVICES, deviceIds, gen::deviceValues);
        IdTable contacts = IdTable.generate(mix(spec.seed(), CONTACT_IDS, 0), spec.orgContacts());
        int[][] members = gen.memberships();
        int[][] owners = gen.owners();
        return new DirectoryStore(users, groups, sps, devices, contacts, members, owners, gen::managerSlot,
                spec.seed(), spec.domain());
    }

    // ------------------------------------------------------------------ users

    private boolean isGuest(int slot) {
        return unit(mix(spec.seed(), GUEST, slot)) < spec.guestRatio();
    }

    /** The generated manager of a user: a lower slot among the first twelfth, for about three users in four. */
    int managerSlot(int slot) {
        if (slot == 0 || isGuest(slot)) {
            return -1;
        }
        long h = mix(spec.seed(), MANAGER, slot);
        if (Math.floorMod(h, 100) >= 75) {
            return -1;
        }
        int candidate = (int) Long.remainderUnsigned(h >>> 8, Math.min(slot, managerPool));
        return isGuest(candidate) ? -1 : candidate;
    }

    Object[] userValues(int slot) {
        PropertySchema s = PropertySchema.USERS;
        Object[] v = s.emptyValues();
        SplittableRandom r = new SplittableRandom(mix(spec.seed(), USER_PROPS, slot));
        boolean guest = isGuest(slot);
        double nameRoll = r.nextDouble();
        String given;
        String surname;
        String display;
        if (nameRoll < 0.03) {
            surname = pick(r, CJK_SURNAME);
            given = pick(r, CJK_GIVEN);
            display = surname + given;
        } else {
            given = nameRoll < 0.12 ? pick(r, GIVEN_ACCENTED) : pick(r, GIVEN);
            surname = nameRoll > 0.85 ? pick(r, SURNAME_ACCENTED) : pick(r, SURNAME);
            display = given + " " + surname;
        }
        String ascii = NameFolding.ascii(given + " " + surname);
        String nick = (ascii.isEmpty() ? "user" : ascii) + "." + slot;
        put(v, s, "displayName", display);
        put(v, s, "givenName", given);
        put(v, s, "surname", surname);
        if (guest) {
            String home = pick(r, GUEST_DOMAINS);
            put(v, s, "userPrincipalName", nick + "_" + home + "#EXT#@" + spec.domain());
            put(v, s, "mailNickname", nick + "_" + home + "#EXT#");
            put(v, s, "mail", nick + "@" + home);
            put(v, s, "userType", "Guest");
            if (r.nextInt(3) == 0) {
                put(v, s, "companyName", "Fabrikam Inc");
            }
        } else {
            put(v, s, "userPrincipalName", nick + "@" + spec.domain());
            put(v, s, "mailNickname", nick);
            if (r.nextDouble() >= spec.missingMailRatio()) {
                put(v, s, "mail", nick + "@" + spec.domain());
            }
            put(v, s, "userType", "Member");
            if (r.nextInt(10) != 0) {
                put(v, s, "jobTitle", pick(r, TITLES));
            }
            if (r.nextInt(10) != 0) {
                put(v, s, "department", pick(r, DEPARTMENTS));
            }
            if (r.nextInt(5) != 0) {
                put(v, s, "companyName", "Contoso Ltd");
            }
            if (r.nextInt(10) < 7) {
                put(v, s, "officeLocation", pick(r, OFFICES));
            }
            if (r.nextInt(20) < 17) {
                put(v, s, "employeeId", "E" + (100000 + slot));
            }
            if (r.nextInt(10) < 3) {
                put(v, s, "onPremisesSyncEnabled", Boolean.TRUE);
            }
        }
        put(v, s, "accountEnabled", r.nextDouble() >= spec.disabledRatio());
        int phones = r.nextInt(20);
        put(v, s, "businessPhones", phones < 8 ? List.of() : phones < 19 ? List.of(phone(r, "+1 425 555 "))
                : List.of(phone(r, "+1 425 555 "), phone(r, "+49 89 3176 ")));
        if (r.nextInt(10) < 4) {
            put(v, s, "mobilePhone", phone(r, "+1 206 555 "));
        }
        if (r.nextInt(10) != 0) {
            put(v, s, "usageLocation", pick(r, LOCATIONS));
        }
        put(v, s, "createdDateTime", created(r));
        int manager = managerSlot(slot);
        if (manager >= 0) {
            put(v, s, "manager", userIds.id(manager));
        }
        boolean enabled = Boolean.TRUE.equals(v[s.property("accountEnabled").ordinal()]);
        put(v, s, "assignedLicenses", licenses(slot, guest, enabled));
        return v;
    }

    /**
     * A user's licences, from a random stream of their own so that the other properties stay what they were before
     * users had licences. Guests have none; about one enabled member in ten has none either (service accounts, and
     * the accounts behind rooms and shared mailboxes), and so do most disabled accounts. The others hold Microsoft
     * 365 E3 (sometimes with Teams switched off), E5, Exchange Online (Plan 1) alone, or E3 and Exchange Online.
     */
    private List<AssignedLicense> licenses(int slot, boolean guest, boolean enabled) {
        if (guest) {
            return UNLICENSED;
        }
        SplittableRandom r = new SplittableRandom(mix(spec.seed(), LICENSES, slot));
        int roll = r.nextInt(100);
        if (!enabled && r.nextInt(5) != 0) {
            return UNLICENSED;
        }
        if (roll < 10) {
            return UNLICENSED;
        } else if (roll < 55) {
            return E3;
        } else if (roll < 68) {
            return E3_WITHOUT_TEAMS;
        } else if (roll < 85) {
            return E5;
        } else if (roll < 93) {
            return EXCHANGE_ONLY;
        }
        return E3_AND_EXCHANGE;
    }

    // ------------------------------------------------------------------ groups

    Object[] groupValues(int slot) {
        PropertySchema s = PropertySchema.GROUPS;
        Object[] v = s.emptyValues();
        SplittableRandom r = new SplittableRandom(mix(spec.seed(), GROUP_PROPS, slot));
        int kind = r.nextInt(100);
        String prefix = r.nextInt(5) == 0 ? "IM-" : pick(r, GROUP_PREFIXES);
        String word = pick(r, GROUP_WORDS);
        String display = prefix + word + "-" + slot;
        put(v, s, "displayName", display);
        if (r.nextInt(10) < 6) {
            put(v, s, "description", "Members of " + display + (r.nextBoolean() ? "" : " — généré"));
        }
        String nick = NameFolding.ascii(prefix + word) + "-" + slot;
        put(v, s, "mailNickname", nick);
        boolean unified = kind < 30;
        boolean mailEnabled = unified || kind >= 85;
        boolean securityEnabled = kind >= 30 && kind < 92;
        put(v, s, "mailEnabled", mailEnabled);
        put(v, s, "securityEnabled", securityEnabled);
        put(v, s, "groupTypes", unified ? List.of("Unified") : List.of());
        if (mailEnabled) {
            put(v, s, "mail", nick + "@" + spec.domain());
        }
        if (unified) {
            put(v, s, "visibility", r.nextInt(10) < 7 ? "Public" : "Private");
        }
        put(v, s, "createdDateTime", created(r));
        return v;
    }

    // ------------------------------------------------------------------ devices

    /**
     * A device's properties. Devices are the objects that group members of type device name (same ids), so a
     * membership and the device object agree. About one device in eight is a personal, workplace-registered one
     * without management; the rest are joined to the tenant or on-premises and managed.
     */
    Object[] deviceValues(int slot) {
        PropertySchema s = PropertySchema.DEVICES;
        Object[] v = s.emptyValues();
        SplittableRandom r = new SplittableRandom(mix(spec.seed(), DEVICE_PROPS, slot));
        String[] model = DEVICE_MODELS[r.nextInt(DEVICE_MODELS.length)];
        put(v, s, "displayName", pick(r, DEVICE_WORDS) + "-" + String.format("%05d", slot));
        put(v, s, "deviceId", IdTable.randomGuid(r));
        put(v, s, "operatingSystem", model[0]);
        put(v, s, "operatingSystemVersion", model[1]);
        put(v, s, "manufacturer", model[2]);
        put(v, s, "model", model[3]);
        put(v, s, "accountEnabled", r.nextInt(50) != 0);
        put(v, s, "profileType", "RegisteredDevice");
        String registered = created(r);
        put(v, s, "registrationDateTime", registered);
        if (r.nextInt(10) != 0) {
            long from = Instant.parse(registered).getEpochSecond();
            long to = Math.max(from + 1, CREATED_FROM + CREATED_SPAN);
            put(v, s, "approximateLastSignInDateTime",
                    Instant.ofEpochSecond(from + r.nextLong(to - from)).toString());
        }
        int kind = r.nextInt(8);
        if (kind == 0) {
            put(v, s, "trustType", "Workplace");
            put(v, s, "deviceOwnership", "personal");
            put(v, s, "isManaged", Boolean.FALSE);
            put(v, s, "isCompliant", Boolean.FALSE);
        } else {
            boolean hybrid = kind <= 2;
            put(v, s, "trustType", hybrid ? "ServerAd" : "AzureAd");
            put(v, s, "deviceOwnership", "company");
            put(v, s, "isManaged", Boolean.TRUE);
            put(v, s, "isCompliant", r.nextInt(10) != 0);
            put(v, s, "enrollmentType", pick(r, ENROLLMENT_TYPES));
            put(v, s, "managementType", hybrid ? "configurationManagerClientMdm" : "mdm");
            put(v, s, "mdmAppId", INTUNE_APP_ID);
            if (hybrid) {
                put(v, s, "onPremisesSyncEnabled", Boolean.TRUE);
                put(v, s, "onPremisesLastSyncDateTime", created(r));
            }
        }
        return v;
    }

    // ------------------------------------------------------------------ owners

    /**
     * The owners of every group: none for about one group in five, else one to three users, and now and then a
     * service principal (an application that manages the group). Keys sorted per group, like members.
     */
    private int[][] owners() {
        int m = spec.groups();
        int[][] owners = new int[m][];
        for (int g = 0; g < m; g++) {
            SplittableRandom r = new SplittableRandom(mix(spec.seed(), OWNERS, g));
            if (r.nextInt(5) == 0) {
                continue;
            }
            int users = Math.min(spec.users(), 1 + r.nextInt(3));
            int sps = spec.servicePrincipals() > 0 && r.nextInt(10) == 0 ? 1 : 0;
            int[] keys = new int[users + sps];
            int at = addKeys(keys, 0, MemberType.USER, sample(r, spec.users(), users), 0);
            addKeys(keys, at, MemberType.SERVICE_PRINCIPAL, sample(r, spec.servicePrincipals(), sps), 0);
            Arrays.sort(keys);
            owners[g] = keys;
        }
        return owners;
    }

    // ------------------------------------------------------------------ memberships

    private int[][] memberships() {
        int m = spec.groups();
        int n = spec.users();
        int[][] members = new int[m][];
        if (m == 0) {
            return members;
        }
        SplittableRandom r = new SplittableRandom(mix(spec.seed(), MEMBERS, 0));
        int[] order = permutation(r, m);
        int large = Math.min(spec.largeGroups(), m);
        int largeSize = Math.min(spec.largeGroupSize(), n);
        int[] sizes = new int[m];
        long remaining = Math.max(0L, (long) spec.memberships() - (long) large * largeSize);
        for (int i = 0; i < large; i++) {
            sizes[order[i]] = largeSize;
        }
        int others = m - large;
        int empty = others >= 10 ? others / 10 : 0; // about one group in ten has no members
        int sized = others - empty;
        int cap = n + spec.servicePrincipals() + spec.devices() + spec.orgContacts() + Math.max(0, m - 1);
        if (large > 0 && sized > 0) {
            // the very large groups stay the largest, unless the target needs bigger groups to be reached
            long needed = 2 * ((remaining + sized - 1) / sized);
            cap = (int) Math.min(cap, Math.max(Math.max(1, largeSize / 2), needed));
        }
        if (sized > 0) {
            double[] w = new double[sized];
            double total = 0;
            for (int i = 0; i < sized; i++) {
                w[i] = 1.0 / Math.pow(i + 1, 1.1);
                total += w[i];
            }
            long assigned = 0;
            for (int i = 0; i < sized; i++) {
                int size = (int) Math.min(cap, (long) Math.floor(remaining * w[i] / total));
                sizes[order[large + i]] = size;
                assigned += size;
            }
            // hand out the rounding remainder one link at a time, smallest groups first (keeps the skew)
            boolean progress = true;
            while (assigned < remaining && progress) {
                progress = false;
                for (int i = sized - 1; i >= 0 && assigned < remaining; i--) {
                    int g = order[large + i];
                    if (sizes[g] < cap) {
                        sizes[g]++;
                        assigned++;
                        progress = true;
                    }
                }
            }
        }
        for (int g = 0; g < m; g++) {
            members[g] = groupMembers(g, sizes[g], isLarge(order, large, g));
        }
        return members;
    }

    private static boolean isLarge(int[] order, int large, int g) {
        for (int i = 0; i < large; i++) {
            if (order[i] == g) {
                return true;
            }
        }
        return false;
    }

    private int[] groupMembers(int g, int size, boolean large) {
        if (size == 0) {
            return null;
        }
        SplittableRandom r = new SplittableRandom(mix(spec.seed(), MEMBERS, g + 1L));
        int nested = 0;
        int laterGroups = spec.groups() - g - 1;
        if (!large && laterGroups > 0 && r.nextDouble() < spec.nestedGroupRatio()) {
            nested = Math.min(Math.min(laterGroups, 1 + r.nextInt(3)), size);
        }
        int sp = 0;
        int dev = 0;
        int contacts = 0;
        if (!large) {
            for (int i = nested; i < size; i++) {
                int roll = r.nextInt(1000);
                if (roll < 10) {
                    sp++;
                } else if (roll < 25) {
                    dev++;
                } else if (roll < 30) {
                    contacts++;
                }
            }
        }
        sp = Math.min(sp, spec.servicePrincipals());
        dev = Math.min(dev, spec.devices());
        contacts = Math.min(contacts, spec.orgContacts());
        int users = Math.min(spec.users(), size - nested - sp - dev - contacts);
        int[] keys = new int[users + nested + sp + dev + contacts];
        int at = 0;
        at = addKeys(keys, at, MemberType.USER, sample(r, spec.users(), users), 0);
        at = addKeys(keys, at, MemberType.GROUP, sample(r, laterGroups, nested), g + 1);
        at = addKeys(keys, at, MemberType.SERVICE_PRINCIPAL, sample(r, spec.servicePrincipals(), sp), 0);
        at = addKeys(keys, at, MemberType.DEVICE, sample(r, spec.devices(), dev), 0);
        addKeys(keys, at, MemberType.ORG_CONTACT, sample(r, spec.orgContacts(), contacts), 0);
        Arrays.sort(keys); // types occupy ascending key ranges, so this only orders within a type
        return keys;
    }

    private static int addKeys(int[] keys, int at, MemberType type, int[] slots, int offset) {
        for (int s : slots) {
            keys[at++] = DirectoryStore.memberKey(type, s + offset);
        }
        return at;
    }

    /** {@code k} distinct ints from {@code [0, n)}, sorted. */
    static int[] sample(SplittableRandom r, int n, int k) {
        if (k <= 0 || n <= 0) {
            return new int[0];
        }
        if (k >= n) {
            int[] all = new int[n];
            Arrays.setAll(all, i -> i);
            return all;
        }
        if (k > n / 2) { // pick what to leave out
            int[] out = sample(r, n, n - k);
            int[] keep = new int[k];
            int j = 0;
            int o = 0;
            for (int i = 0; i < n; i++) {
                if (o < out.length && out[o] == i) {
                    o++;
                } else {
                    keep[j++] = i;
                }
            }
            return keep;
        }
        int[] picked = new int[k];
        int filled = 0;
        while (filled < k) {
            for (int i = filled; i < k; i++) {
                picked[i] = r.nextInt(n);
            }
            Arrays.sort(picked);
            int unique = 0;
            for (int i = 0; i < k; i++) {
                if (unique == 0 || picked[i] != picked[unique - 1]) {
                    picked[unique++] = picked[i];
                }
            }
            filled = unique;
        }
        return picked;
    }

    private static int[] permutation(SplittableRandom r, int n) {
        int[] p = new int[n];
        Arrays.setAll(p, i -> i);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    // ------------------------------------------------------------------ helpers

    private static void put(Object[] v, PropertySchema s, String name, Object value) {
        v[s.property(name).ordinal()] = value;
    }

    private static String pick(SplittableRandom r, String[] from) {
        return from[r.nextInt(from.length)];
    }

    private static String phone(SplittableRandom r, String prefix) {
        return prefix + String.format("%04d", r.nextInt(10_000));
    }

    private static String created(SplittableRandom r) {
        return Instant.ofEpochSecond(CREATED_FROM + r.nextLong(CREATED_SPAN)).toString();
    }

    private static double unit(long h) {
        return (h >>> 11) * 0x1.0p-53;
    }

    /** A well-mixed 64-bit hash of a seed, a salt and an index (SplitMix64 finalizer). */
    static long mix(long seed, long salt, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + salt * 0xBF58476D1CE4E5B9L + index * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
