/**
 * The IdentityMesh connector SPI.
 *
 * <p>Hosts discover {@link org.identitymesh.connector.api.ConnectorProvider}s with
 * {@link org.identitymesh.connector.api.ConnectorProviders}, create a
 * {@link org.identitymesh.connector.api.Connector} from two JSON documents and stream its changes. Secret
 * references in those documents are resolved through
 * {@link org.identitymesh.connector.api.secret.SecretResolver}s.
 */
module org.identitymesh.connector.api {
    exports org.identitymesh.connector.api;
    exports org.identitymesh.connector.api.secret;

    uses org.identitymesh.connector.api.ConnectorProvider;
    uses org.identitymesh.connector.api.secret.SecretResolver;
}
