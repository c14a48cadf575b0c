package org.identitymesh.connector.kafka;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ConnectorTransactionBoundaries;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * A Kafka Connect source connector that runs any IdentityMesh connector found through
 * {@link org.identitymesh.connector.api.ConnectorProviders} (by {@code provider.name}), for one tenant or for many
 * spread over {@code tasks.max} tasks.
 *
 * <p>Each tenant is one source partition whose offset is the SPI's position: the checkpoint after each page of an
 * import, the watermark after a round. Records go to one topic per object type; run records and snapshot-complete
 * records to {@code <prefix>.runs}; each round ends with a heartbeat record that carries its watermark. With the
 * worker's exactly-once support and {@code transaction.boundary=connector}, every page is one transaction with its
 * checkpoint, and the round's end one with its watermark. See {@code docs/kafka-connect.md}.
 */
public final class IdentitySourceConnector extends SourceConnector {

    private Map<String, String> props;
    private List<Tenant> tenants;

    /** Created by the worker. */
    public IdentitySourceConnector() {
    }

    @Override
    public String version() {
        return Versions.of(IdentitySourceConnector.class);
    }

    @Override
    public void start(Map<String, String> props) {
        IdentitySourceConfig config = new IdentitySourceConfig(props);
        List<Tenant> parsed = ConfigValidation.requireTenants(config, props.get("name"));
        ConfigValidation.requireProvider(config);
        this.props = Map.copyOf(props);
        this.tenants = parsed;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return IdentitySourceTask.class;
    }

    /**
     * Spreads the tenants over at most {@code maxTasks} tasks, round robin. Each task gets the connector's settings
     * verbatim (so that the worker keeps config provider references in place of the secrets they resolved to) and
     * the names of its tenants.
     */
    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        int tasks = Math.max(1, Math.min(maxTasks, tenants.size()));
        List<List<String>> names = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            names.add(new ArrayList<>());
        }
        for (int i = 0; i < tenants.size(); i++) {
            names.get(i % tasks).add(tenants.get(i).name());
        }
        List<Map<String, String>> configs = new ArrayList<>();
        for (List<String> assigned : names) {
            Map<String, String> task = new HashMap<>(props);
            task.put(IdentitySourceConfig.TASK_TENANTS, String.join(",", assigned));
            configs.add(task);
        }
        return configs;
    }

    @Override
    public void stop() {
        // nothing held: the tasks own the connections
    }

    @Override
    public ConfigDef config() {
        return IdentitySourceConfig.DEFINITION;
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        return ConfigValidation.validate(connectorConfigs);
    }

    /** Records and offsets of a page commit together, so the connector supports exactly-once delivery. */
    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED;
    }

    /** A transaction per page (records and checkpoint) and one at a round's end (watermark). */
    @Override
    public ConnectorTransactionBoundaries canDefineTransactionBoundaries(Map<String, String> connectorConfig) {
        return ConnectorTransactionBoundaries.SUPPORTED;
    }
}
