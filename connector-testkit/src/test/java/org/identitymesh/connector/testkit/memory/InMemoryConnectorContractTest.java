package org.identitymesh.connector.testkit.memory;

import org.identitymesh.connector.testkit.ConnectorContractSuite;
import org.identitymesh.connector.testkit.ContractFixture;

/** The InMemory connector keeps the whole contract; this is how a connector author runs the suite. */
class InMemoryConnectorContractTest extends ConnectorContractSuite {

    @Override
    protected ContractFixture fixture() {
        return new InMemoryFixture();
    }
}
