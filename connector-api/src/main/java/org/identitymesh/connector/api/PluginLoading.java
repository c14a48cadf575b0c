package org.identitymesh.connector.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.identitymesh.connector.api.ConnectorProviders.Bundle;
import org.identitymesh.connector.api.ConnectorProviders.Discovery;
import org.identitymesh.connector.api.ConnectorProviders.Failure;
import org.identitymesh.connector.api.ConnectorProviders.Plugins;
import org.identitymesh.connector.api.PluginException.Problem;

/**
 * What {@link ConnectorProviders#loadPlugins(Path)} does: lists the bundles of a plug-in directory, gives each its
 * own {@link PluginClassLoader}, discovers its providers, and refuses a connector name that two bundles share.
 */
final class PluginLoading {

    private static final System.Logger LOG = System.getLogger(ConnectorProviders.class.getName());

    private final Path directory;
    private final ClassLoader host;
    /** Where zip bundles are copied out to; created on the first zip. */
    private Path extractionRoot;
    private int extractions;

    private PluginLoading(Path directory, ClassLoader host) {
        this.directory = directory;
        this.host = host;
    }

    static Plugins load(Path directory, ClassLoader host) {
        return new PluginLoading(directory, host).load();
    }

    /** A bundle whose class loader was created, with its providers before the check for shared names. */
    private record Loaded(Path path, PluginClassLoader loader, Path extracted, List<ConnectorProvider> providers) {
    }

    private Plugins load() {
        List<Path> entries = bundles();
        List<Loaded> loaded = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        try {
            for (Path bundle : entries) {
                Loaded l = loadBundle(bundle, failures);
                if (l != null) {
                    loaded.add(l);
                }
            }
            refuseSharedNames(loaded, failures);
            List<Bundle> bundles = new ArrayList<>();
            List<Loaded> kept = new ArrayList<>();
            for (Loaded l : loaded) {
                if (l.providers().isEmpty()) {
                    release(l);
                } else {
                    bundles.add(new Bundle(l.path(), l.loader(), l.providers()));
                    kept.add(l);
                }
            }
            List<ConnectorProvider> providers = bundles.stream().flatMap(b -> b.providers().stream()).toList();
            Path root = extractionRoot;
            return new Plugins(directory, bundles, new Discovery(providers, failures), () -> {
                kept.forEach(PluginLoading::release);
                delete(root);
            });
        } catch (RuntimeException | Error e) {
            loaded.forEach(PluginLoading::release);
            delete(extractionRoot);
            throw e;
        }
    }

    /** The bundles of the directory in the order of their names. */
    private List<Path> bundles() {
        if (!Files.isDirectory(directory)) {
            throw new PluginException(Problem.NOT_A_DIRECTORY, directory, "the plug-in directory " + directory
                    + (Files.exists(directory) ? " is not a directory" : " does not exist")
                    + ": give the directory that holds the connector bundles", null);
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(PluginLoading::isBundle)
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        } catch (IOException | UncheckedIOException e) {
            IOException io = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
            throw new PluginException(Problem.UNREADABLE, directory, "the plug-in directory " + directory
                    + " cannot be read: " + io, io);
        }
    }

    private static boolean isBundle(Path entry) {
        String name = entry.getFileName().toString();
        if (name.startsWith(".")) {
            return false;
        }
        if (Files.isDirectory(entry)) {
            return true;
        }
        boolean bundle = Files.isRegularFile(entry) && (isJar(name) || name.toLowerCase(Locale.ROOT).endsWith(".zip"));
        if (!bundle) {
            LOG.log(Level.DEBUG, () -> "Not a plug-in bundle, ignored: " + entry);
        }
        return bundle;
    }

    private static boolean isJar(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith(".jar");
    }

    /**
     * Creates the bundle's class loader and discovers its providers.
     *
     * @return the loaded bundle, or {@code null} when it has no jar or cannot be read (reported in failures)
     */
    private Loaded loadBundle(Path bundle, List<Failure> failures) {
        Path extracted = null;
        List<Path> jars;
        try {
            if (Files.isDirectory(bundle)) {
                jars = jarsIn(bundle);
            } else if (isJar(bundle.getFileName().toString())) {
                jars = List.of(bundle);
            } else {
                extracted = Files.createDirectory(extractionRoot().resolve(Integer.toString(++extractions)));
                jars = extract(bundle, extracted);
            }
        } catch (IOException | UncheckedIOException | InvalidPathException e) {
            delete(extracted);
            Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
            failures.add(ConnectorProviders.bundleFailure("(none)", "plug-in bundle " + bundle + " cannot be read: "
                    + cause, new PluginException(Problem.UNREADABLE, bundle, "plug-in bundle " + bundle
                    + " cannot be read: " + cause + "; replace it with a folder or a complete zip of jars", cause)));
            return null;
        }
        if (jars.isEmpty()) {
            delete(extracted);
            String reason = "plug-in bundle " + bundle + " holds no .jar file: a bundle is a folder or a zip of a "
                    + "connector's jars and their dependencies, or one jar";
            failures.add(ConnectorProviders.bundleFailure("(none)", reason,
                    new PluginException(Problem.NO_JAR, bundle, reason, null)));
            return null;
        }
        PluginClassLoader loader = new PluginClassLoader("plugin:" + bundle.getFileName(), urls(jars), host);
        Discovery discovery = ConnectorProviders.discoverBundle(loader, bundle);
        failures.addAll(discovery.failures());
        if (discovery.providers().isEmpty() && discovery.failures().isEmpty()) {
            String reason = "plug-in bundle " + bundle + " has no connector provider: none of its " + jars.size()
                    + " jars lists one in META-INF/services/" + ConnectorProvider.class.getName();
            failures.add(ConnectorProviders.bundleFailure("(none)", reason,
                    new PluginException(Problem.NO_PROVIDER, bundle, reason, null)));
        }
        return new Loaded(bundle, loader, extracted, discovery.providers());
    }

    /** The jars under a folder, at any depth, in the order of their relative paths. */
    private static List<Path> jarsIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(p -> isJar(p.getFileName().toString()) && Files.isRegularFile(p))
                    .sorted(Comparator.comparing(p -> folder.relativize(p).toString().replace('\\', '/'))).toList();
        }
    }

    /**
     * Copies the jar entries of a zip, at any depth, into a folder, in the order of their names. Each copy is named
     * after its entry's file name only, so no entry can write outside the folder.
     */
    private static List<Path> extract(Path zip, Path into) throws IOException {
        List<Path> jars = new ArrayList<>();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            List<? extends ZipEntry> entries = file.stream().filter(e -> !e.isDirectory() && isJar(e.getName()))
                    .sorted(Comparator.comparing(ZipEntry::getName)).toList();
            for (ZipEntry entry : entries) {
                String name = entry.getName().replace('\\', '/');
                name = name.substring(name.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "_");
                Path target = into.resolve(String.format(Locale.ROOT, "%03d-%s", jars.size() + 1, name));
                try (InputStream in = file.getInputStream(entry)) {
                    Files.copy(in, target);
                }
                jars.add(target);
            }
        }
        return jars;
    }

    private Path extractionRoot() throws IOException {
        if (extractionRoot == null) {
            extractionRoot = Files.createTempDirectory("identitymesh-plugins-");
        }
        return extractionRoot;
    }

    private static URL[] urls(List<Path> jars) {
        return jars.stream().map(p -> {
            try {
                return p.toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalStateException("a file path is always a URL: " + p, e);
            }
        }).toArray(URL[]::new);
    }

    /**
     * Refuses every provider whose name a provider of another bundle has too, naming the other bundles: which one a
     * host gets must not depend on the names of files.
     */
    private static void refuseSharedNames(List<Loaded> loaded, List<Failure> failures) {
        Map<String, List<Path>> bundlesByName = new LinkedHashMap<>();
        for (Loaded l : loaded) {
            for (ConnectorProvider p : l.providers()) {
                bundlesByName.computeIfAbsent(p.name(), n -> new ArrayList<>()).add(l.path());
            }
        }
        for (int i = 0; i < loaded.size(); i++) {
            Loaded l = loaded.get(i);
            List<ConnectorProvider> usable = new ArrayList<>();
            for (ConnectorProvider p : l.providers()) {
                List<Path> holders = bundlesByName.get(p.name());
                if (holders.size() == 1) {
                    usable.add(p);
                    continue;
                }
                List<Path> others = holders.stream().filter(h -> !h.equals(l.path())).toList();
                String reason = "plug-in bundle " + l.path() + " provides a connector named " + p.name()
                        + ", and so does " + (others.size() == 1 ? "plug-in bundle " + others.get(0)
                        : "each of the plug-in bundles " + others) + "; neither is used: keep only one of them";
                failures.add(ConnectorProviders.bundleFailure(p.getClass().getName(), reason,
                        new PluginException(Problem.DUPLICATE_NAME, l.path(), reason, null)));
            }
            loaded.set(i, new Loaded(l.path(), l.loader(), l.extracted(), usable));
        }
    }

    /** Closes a bundle's class loader and deletes its copied jars; logs what fails. */
    private static void release(Loaded bundle) {
        try {
            bundle.loader().close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Could not close the class loader of plug-in bundle " + bundle.path() + ": " + e);
        }
        delete(bundle.extracted());
    }

    /** Deletes a folder and what is in it, if it exists; logs what cannot be deleted. */
    private static void delete(Path folder) {
        if (folder == null || !Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.log(Level.WARNING, "Could not delete " + p + " (copied from a plug-in bundle): " + e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.log(Level.WARNING, "Could not delete " + folder + " (copied from plug-in bundles): " + e);
        }
    }
}
