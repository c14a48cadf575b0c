package org.identitymesh.connector.entra.config;

import java.net.URI;

/** The Microsoft clouds a tenant can live in, with their Graph and sign-in endpoints. */
public enum Cloud {
    /** The global cloud. */
    GLOBAL("Global", "https://graph.microsoft.com", "https://login.microsoftonline.com"),
    /** US Government L4 (GCC High). */
    US_GOV("USGov", "https://graph.microsoft.us", "https://login.microsoftonline.us"),
    /** US Government L5 (DoD). */
    US_GOV_DOD("USGovDoD", "https://dod-graph.microsoft.us", "https://login.microsoftonline.us"),
    /** China, operated by 21Vianet. */
    CHINA("China", "https://microsoftgraph.chinacloudapi.cn", "https://login.chinacloudapi.cn"),
    /** Endpoints given in the configuration: a proxy, a sovereign setup or a simulated tenant. */
    CUSTOM("Custom", null, null);

    private final String configName;
    private final URI graphEndpoint;
    private final URI authorityHost;

    Cloud(String configName, String graphEndpoint, String authorityHost) {
        this.configName = configName;
        this.graphEndpoint = graphEndpoint == null ? null : URI.create(graphEndpoint);
        this.authorityHost = authorityHost == null ? null : URI.create(authorityHost);
    }

    /**
     * How the configuration spells the cloud.
     *
     * @return for example {@code USGovDoD}
     */
    public String configName() {
        return configName;
    }

    /**
     * The Graph root, without a version path.
     *
     * @return the endpoint; {@code null} for {@link #CUSTOM}
     */
    public URI graphEndpoint() {
        return graphEndpoint;
    }

    /**
     * The sign-in host.
     *
     * @return the authority host; {@code null} for {@link #CUSTOM}
     */
    public URI authorityHost() {
        return authorityHost;
    }
}
