/**
 * Devices from {@code /devices/delta} (with {@code ImportDevices}): the {@code Device} type's attributes, the
 * {@code DeviceSelectionFilter} scope and the records.
 */
package org.identitymesh.connector.entra.devices;
