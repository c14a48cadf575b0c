package org.identitymesh.connector.entra;

import java.util.ArrayList;
import java.util.List;
import org.identitymesh.connector.api.ConnectorDescriptor.ObjectType;
import org.identitymesh.connector.entra.config.EntraConfig;
import org.identitymesh.connector.entra.devices.DeviceSchema;
import org.identitymesh.connector.entra.groups.GroupSchema;
import org.identitymesh.connector.entra.users.UserSchema;

/**
 * The object types the Entra connector delivers, gathered from the features that deliver them ({@link UserSchema},
 * {@link GroupSchema}, {@link DeviceSchema}). Attribute names are Graph's property names; array properties are joined
 * with commas. The provider's descriptor lists every type; {@link #objectTypes(EntraConfig)} those a configuration
 * imports ({@code GroupOwner} and {@code Device} only with {@code ImportGroupOwners} and {@code ImportDevices}).
 */
public final class EntraSchema {

    /** The user type. */
    public static final String USER = UserSchema.USER;
    /** The group type. */
    public static final String GROUP = GroupSchema.GROUP;
    /** The membership type: one record per group and direct member, id {@code <groupId>:<memberId>}. */
    public static final String GROUP_MEMBER = GroupSchema.GROUP_MEMBER;
    /** The ownership type: one record per group and owner, id {@code <groupId>:<ownerId>}. */
    public static final String GROUP_OWNER = GroupSchema.GROUP_OWNER;
    /** The device type. */
    public static final String DEVICE = DeviceSchema.DEVICE;
    /** The manager attribute of users, with {@code ImportManager}. */
    public static final String MANAGER_ID = UserSchema.MANAGER_ID;

    private EntraSchema() {
    }

    /**
     * The object types, in delivery order.
     *
     * @return User, Group, GroupMember, GroupOwner, Device
     */
    public static List<ObjectType> objectTypes() {
        List<ObjectType> types = new ArrayList<>();
        types.add(UserSchema.objectType());
        types.addAll(GroupSchema.objectTypes());
        types.add(DeviceSchema.objectType());
        return List.copyOf(types);
    }

    /**
     * The object types a configuration imports, with the user attributes it selects.
     *
     * @param config the configuration
     * @return the types, in delivery order
     */
    public static List<ObjectType> objectTypes(EntraConfig config) {
        List<ObjectType> types = new ArrayList<>();
        for (ObjectType type : objectTypes()) {
            switch (type.name()) {
                case USER -> {
                    if (config.importUsers()) {
                        types.add(UserSchema.objectType(config));
                    }
                }
                case GROUP -> {
                    if (config.importGroups()) {
                        types.add(type);
                    }
                }
                case GROUP_MEMBER -> {
                    if (config.importMemberships()) {
                        types.add(type);
                    }
                }
                case GROUP_OWNER -> {
                    if (config.importGroupOwners()) {
                        types.add(type);
                    }
                }
                case DEVICE -> {
                    if (config.importDevices()) {
                        types.add(type);
                    }
                }
                default -> throw new IllegalStateException("a type the configured descriptor does not know: "
                        + type.name());
            }
        }
        return List.copyOf(types);
    }

    /**
     * The Graph properties behind the user attributes, without {@code managerId}.
     *
     * @return the property names
     */
    public static List<String> userProperties() {
        return UserSchema.properties();
    }

    /**
     * The Graph properties behind the group attributes.
     *
     * @return the property names
     */
    public static List<String> groupProperties() {
        return GroupSchema.properties();
    }

    /**
     * The Graph properties behind the device attributes.
     *
     * @return the property names
     */
    public static List<String> deviceProperties() {
        return DeviceSchema.properties();
    }

    /**
     * The {@code memberType} of an {@code @odata.type}, see {@link GroupSchema#memberType}.
     *
     * @param odataType the {@code @odata.type}, possibly {@code null}
     * @return the member type
     */
    public static String memberType(String odataType) {
        return GroupSchema.memberType(odataType);
    }
}
