import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Writer;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import org.identitymesh.connector.api.ChangeRecord;
import org.identitymesh.connector.api.Connector;
import org.identitymesh.connector.api.ConnectorConfiguration;
import org.identitymesh.connector.api.ConnectorProvider;
import org.identitymesh.connector.api.ConnectorProviders;
import org.identitymesh.connector.api.ImportRequest;
import org.identitymesh.connector.api.ImportResult;
import org.identitymesh.connector.api.secret.SecretResolvers;

/**
 * A host with its own, older Jackson and OkHttp on its class path (PluginIsolationTest runs it in a JVM of its own
 * as a single-file program). It uses both itself, then:
 *
 * <p>{@code isolated PLUGINS CONFIG AUTH CHANGES}: loads EntraId from the plug-in directory, runs a full import and
 * writes each record as a JSON line with the host's own Jackson.
 *
 * <p>{@code shared BUNDLE}: puts the bundle's jars in a plain URLClassLoader under the host's, the way a host
 * without isolation would, and says which Jackson and OkHttp the connector would then get.
 *
 * <p>Prints {@code key=value} lines for the test.
 */
public class IsolatedHost {

    public static void main(String[] args) throws Exception {
        ObjectMapper json = new ObjectMapper();
        OkHttpClient http = new OkHttpClient.Builder().build();
        print("host.jackson", com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString());
        print("host.okhttp", okhttp3.internal.Version.userAgent());
        print("host.okhttp.jar", jar(http.getClass()));
        print("host.jackson.jar", jar(json.getClass()));
        if (args[0].equals("shared")) {
            shared(Path.of(args[1]));
        } else {
            isolated(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]), Path.of(args[4]), json);
        }
    }

    private static void isolated(Path plugins, Path config, Path auth, Path changes, ObjectMapper json)
            throws Exception {
        try (ConnectorProviders.Plugins loaded = ConnectorProviders.loadPlugins(plugins)) {
            print("failures", loaded.discovery().failures().toString());
            print("bundles", String.valueOf(loaded.bundles().size()));
            ConnectorProvider provider = loaded.discovery().require("EntraId");
            ClassLoader bundle = loaded.bundles().get(0).classLoader();
            print("provider.loader.isBundle", String.valueOf(provider.getClass().getClassLoader() == bundle));
            print("provider.loader", loaderName(provider.getClass()));
            print("spi.shared", String.valueOf(bundle.loadClass(ConnectorProvider.class.getName())
                    == ConnectorProvider.class));
            connectorLibraries(provider.getClass().getClassLoader());

            ConnectorConfiguration configuration = ConnectorConfiguration.of(Files.readString(config),
                    Files.readString(auth), SecretResolvers.builtIn());
            long[] records = {0};
            try (Connector connector = provider.create(configuration);
                    Writer out = Files.newBufferedWriter(changes, StandardCharsets.UTF_8)) {
                print("connector.loader.isBundle", String.valueOf(connector.getClass().getClassLoader() == bundle));
                ImportResult result = connector.importChanges(ImportRequest.full(), record -> {
                    out.write(json.writeValueAsString(line(record)));
                    out.write('\n');
                    records[0]++;
                });
                print("records", String.valueOf(records[0]));
                print("watermark", String.valueOf(!result.watermark().isBlank()));
                result.types().forEach((type, r) -> print("snapshot." + type, String.valueOf(r.completeSnapshot())));
            }
        }
    }

    private static void shared(Path bundle) throws Exception {
        List<URL> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(bundle)) {
            for (Path jar : files.sorted().toList()) {
                jars.add(jar.toUri().toURL());
            }
        }
        try (URLClassLoader loader = new URLClassLoader("shared", jars.toArray(URL[]::new),
                IsolatedHost.class.getClassLoader())) {
            ConnectorProvider provider = ConnectorProviders.discover(loader).require("EntraId");
            print("provider.loader", loaderName(provider.getClass()));
            connectorLibraries(provider.getClass().getClassLoader());
        }
    }

    /**
     * Which Jackson and OkHttp the connector's classes link against: what its class loader answers for them, and the
     * jar each came from.
     */
    private static void connectorLibraries(ClassLoader connector) throws Exception {
        for (String[] library : new String[][] {{"jackson", "com.fasterxml.jackson.databind.ObjectMapper"},
                {"okhttp", "okhttp3.OkHttpClient"}}) {
            Class<?> type = Class.forName(library[1], false, connector);
            print("connector." + library[0] + ".loader", loaderName(type));
            print("connector." + library[0] + ".jar", jar(type));
        }
    }

    /** A record as entra-sync writes it to a changes file. */
    private static Map<String, Object> line(ChangeRecord record) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("type", record.objectType());
        line.put("op", record.operation().name());
        line.put("id", record.externalId());
        Map<String, Object> attributes = new LinkedHashMap<>();
        record.attributes().forEach((name, value) -> attributes.put(name, value == null || value instanceof Boolean
                || value instanceof Long || value instanceof List ? value : String.valueOf(value)));
        line.put("attributes", attributes);
        return line;
    }

    private static String jar(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).getFileName().toString();
    }

    private static String loaderName(Class<?> type) {
        ClassLoader loader = type.getClassLoader();
        return loader == null ? "bootstrap" : String.valueOf(loader.getName());
    }

    private static void print(String key, String value) {
        System.out.println(key + "=" + value);
    }
}
