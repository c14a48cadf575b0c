package org.identitymesh.connector.entra.devices;

import java.util.List;
import org.identitymesh.connector.api.ConnectorDescriptor.Attribute;
import org.identitymesh.connector.api.ConnectorDescriptor.AttributeType;
import org.identitymesh.connector.api.ConnectorDescriptor.ObjectType;

/**
 * The {@code Device} object type: the properties of Graph's v1.0 {@code device} resource that an inventory or a
 * security product reads, named as Graph names them. Every one of them is selectable on {@code /devices/delta}.
 */
public final class DeviceSchema {

    /** The device type. */
    public static final String DEVICE = "Device";

    static final List<Attribute> ATTRIBUTES = List.of(
            string("id", "The immutable object id; also the external id. A group member of type Device names it."),
            string("deviceId", "The id the Device Registration Service gave the device; Intune and Defender use it."),
            string("displayName", "The device name."),
            bool("accountEnabled", "Whether the device can authenticate; false for a disabled device."),
            string("operatingSystem", "The operating system, for example Windows, iOS, Android or MacMDM."),
            string("operatingSystemVersion", "The operating system version, for example 10.0.22631.4460."),
            string("trustType", "How the device is known: Workplace (registered), AzureAd (joined) or ServerAd "
                    + "(hybrid joined)."),
            bool("isCompliant", "Whether the device complies with the MDM's policies (set by Intune or an MDM)."),
            bool("isManaged", "Whether an MDM manages the device."),
            timestamp("approximateLastSignInDateTime", "Roughly when the device last signed in (Entra updates it "
                    + "at most every few days)."),
            timestamp("registrationDateTime", "When the device was registered."),
            string("deviceOwnership", "unknown, company or personal (set by Intune)."),
            string("enrollmentType", "How the device was enrolled in Intune, for example windowsAzureADJoin."),
            string("managementType", "The management channel, for example mdm or configurationManagerClientMdm."),
            string("manufacturer", "The manufacturer."),
            string("model", "The model."),
            string("profileType", "RegisteredDevice, SecureVM, Printer, Shared or IoT."),
            bool("onPremisesSyncEnabled", "Whether the device is synchronised from on-premises Active Directory."),
            timestamp("onPremisesLastSyncDateTime", "When the device was last synchronised from on-premises."),
            string("mdmAppId", "The application id of the MDM the device is registered with."));

    private DeviceSchema() {
    }

    /**
     * The device type as the descriptor shows it.
     *
     * @return the type
     */
    public static ObjectType objectType() {
        return new ObjectType(DEVICE, "Devices registered or joined in the tenant (with ImportDevices).", ATTRIBUTES);
    }

    /**
     * The Graph properties behind the device attributes.
     *
     * @return the property names
     */
    public static List<String> properties() {
        return ATTRIBUTES.stream().map(Attribute::name).toList();
    }

    private static Attribute string(String name, String description) {
        return new Attribute(name, AttributeType.STRING, description);
    }

    private static Attribute bool(String name, String description) {
        return new Attribute(name, AttributeType.BOOLEAN, description);
    }

    private static Attribute timestamp(String name, String description) {
        return new Attribute(name, AttributeType.TIMESTAMP, description);
    }
}
