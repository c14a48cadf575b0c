package org.identitymesh.connector.entra;

import java.util.ArrayList;
import java.util.List;
import org.identitymesh.connector.api.ConnectorDescriptor.ObjectType;
import org.identitymesh.connector.entra.devices.DeviceSchema;
import org.identitymesh.connector.entra.groups.GroupSchema;
import org.identitymesh.connector.entra.users.UserSchema;

/**
 * The object types the Entra connector delivers, gathered from the features that deliver them ({@link UserSchema},
 * {@link GroupSchema}, {@link DeviceSchema}). Attribute names are Graph's property names; array properties are joined
 * with commas. The descriptor lists every type; {@code GroupOwner} and {@code Device} are delivered only with
 * {@code ImportGroupOwners} and {@code ImportDevices}.
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
