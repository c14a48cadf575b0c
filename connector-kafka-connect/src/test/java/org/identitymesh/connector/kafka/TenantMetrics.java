package org.identitymesh.connector.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/** A tenant's metrics as the worker's JMX reporter shows them, as an operator's monitoring reads them. */
final class TenantMetrics {

    private TenantMetrics() {
    }

    /** The attributes of the one MBean of the tenant's metrics under the connector, by name. */
    static Map<String, Object> of(String connector, String tenant) throws JMException {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Set<ObjectName> names = server.queryNames(new ObjectName("kafka.connect:type=plugins,connector=" + connector
                + ",task=*,tenant=" + tenant), null);
        assertEquals(1, names.size(), "one task imports " + tenant + ": " + names);
        ObjectName name = names.iterator().next();
        Map<String, Object> values = new TreeMap<>();
        for (MBeanAttributeInfo attribute : server.getMBeanInfo(name).getAttributes()) {
            values.put(attribute.getName(), server.getAttribute(name, attribute.getName()));
        }
        return values;
    }
}
