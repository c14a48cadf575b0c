package org.identitymesh.connector.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
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

    /**
     * Waits until the tenant's metrics match: a round's run record can be read a moment before its import thread has
     * updated the metrics, which it does once it has handed the round's last records over.
     *
     * @return the first metrics that matched
     * @throws AssertionError when none matched within the timeout, with the last ones read
     */
    static Map<String, Object> await(String connector, String tenant, Predicate<Map<String, Object>> wanted,
            long timeoutMs) throws JMException, InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        Map<String, Object> values = of(connector, tenant);
        while (!wanted.test(values) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
            values = of(connector, tenant);
        }
        if (!wanted.test(values)) {
            throw new AssertionError("the metrics of " + tenant + " did not come to match: " + values);
        }
        return values;
    }
}
