package org.identitymesh.connector.entra.graph;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import org.identitymesh.connector.api.TransientConnectorException;
import org.identitymesh.connector.api.WatermarkRejectedException;

/**
 * Checks that a link (a nextLink, a deltaLink, a watermark's link) points at the configured Graph endpoint and the
 * expected delta path before any request is sent, so a bearer token never leaves for another host; and shortens
 * links for logs and messages so that a full delta token never appears there.
 */
public final class GraphLinks {

    private final URI root;
    private final String rootPath;

    /**
     * Creates the checker.
     *
     * @param graphV1 the configured Graph v1.0 root, for example {@code https://graph.microsoft.com/v1.0}
     */
    public GraphLinks(String graphV1) {
        this.root = URI.create(graphV1);
        this.rootPath = root.getRawPath() == null ? "" : root.getRawPath();
    }

    /**
     * The first URL of a delta round.
     *
     * @param resource for example {@code users}
     * @return {@code {root}/{resource}/delta}
     */
    public String deltaStart(String resource) {
        return root + "/" + resource + "/delta";
    }

    /**
     * Tells whether a link may be followed for a resource's delta.
     *
     * @param link     the link
     * @param resource {@code users} or {@code groups}
     * @return whether it has the configured scheme, host and port and the path {@code {root}/{resource}/delta}
     *         (or {@code delta()})
     */
    public boolean isDeltaLink(String link, String resource) {
        URI uri = parse(link);
        if (uri == null || !sameOrigin(uri)) {
            return false;
        }
        String path = uri.getRawPath();
        String expected = rootPath + "/" + resource + "/delta";
        return path != null && (path.equals(expected) || path.equals(expected + "()")) && uri.getRawFragment() == null;
    }

    /**
     * Tells whether a link has the configured scheme, host and port.
     *
     * @param link the link
     * @return whether a token may be sent to it
     */
    public boolean isGraphLink(String link) {
        URI uri = parse(link);
        return uri != null && sameOrigin(uri) && uri.getRawPath() != null && uri.getRawPath().startsWith(rootPath + "/");
    }

    /**
     * The one guard before any request: refuses a link outside the configured endpoint, which only a stored
     * watermark or checkpoint can bring (every link Graph returns passed {@link #requireFollowable} first).
     *
     * @param url the link about to be requested
     * @throws WatermarkRejectedException when it is not under the configured Graph endpoint
     */
    public void requireSendable(String url) {
        if (!isGraphLink(url)) {
            throw new WatermarkRejectedException("Refused to send a request to " + redact(url) + ": it is not under "
                    + "the configured Graph endpoint, so no token is sent there.");
        }
    }

    /**
     * The guard for a link Graph returned (a nextLink or deltaLink) before it is followed.
     *
     * @param link     the link
     * @param what     {@code nextLink} or {@code deltaLink}, for the message
     * @param resource the delta resource the link must continue, or {@code null} for any link under the endpoint
     * @return the link
     * @throws TransientConnectorException when it points elsewhere; no request is sent
     */
    public String requireFollowable(String link, String what, String resource) {
        if (resource == null ? !isGraphLink(link) : !isDeltaLink(link, resource)) {
            throw new TransientConnectorException("Graph returned a " + what + " outside the configured endpoint"
                    + (resource == null ? "" : "'s " + resource + "/delta") + " (" + redact(link) + "); it was not "
                    + "followed and no token was sent there.");
        }
        return link;
    }

    /**
     * A link shortened for logs: scheme, host, path, and the first characters of each query value.
     *
     * @param link the link, possibly {@code null} or malformed
     * @return the shortened form
     */
    public static String redact(String link) {
        if (link == null) {
            return "(none)";
        }
        URI uri = parse(link);
        if (uri == null) {
            return "(malformed link, " + link.length() + " chars)";
        }
        StringBuilder out = new StringBuilder();
        out.append(uri.getScheme()).append("://").append(uri.getHost());
        if (uri.getPort() >= 0) {
            out.append(':').append(uri.getPort());
        }
        out.append(Objects.requireNonNullElse(uri.getRawPath(), ""));
        String query = uri.getRawQuery();
        if (query != null) {
            out.append('?');
            String[] pairs = query.split("&");
            for (int i = 0; i < pairs.length; i++) {
                int eq = pairs[i].indexOf('=');
                String name = eq < 0 ? pairs[i] : pairs[i].substring(0, eq);
                String value = eq < 0 ? "" : pairs[i].substring(eq + 1);
                out.append(i > 0 ? "&" : "").append(name);
                if (eq >= 0) {
                    out.append('=').append(value.length() <= 6 ? value : value.substring(0, 6) + "…");
                }
            }
        }
        return out.toString();
    }

    private boolean sameOrigin(URI uri) {
        return root.getScheme().equalsIgnoreCase(Objects.requireNonNullElse(uri.getScheme(), ""))
                && root.getHost().toLowerCase(Locale.ROOT).equals(Objects.requireNonNullElse(uri.getHost(), "")
                        .toLowerCase(Locale.ROOT))
                && port(root) == port(uri)
                && uri.getRawUserInfo() == null;
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
    }

    private static URI parse(String link) {
        if (link == null || link.length() > 16_384) {
            return null;
        }
        try {
            URI uri = new URI(link);
            return uri.isAbsolute() && uri.getHost() != null ? uri : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
