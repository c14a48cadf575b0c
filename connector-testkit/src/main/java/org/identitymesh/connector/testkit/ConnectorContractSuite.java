package org.identitymesh.connector.testkit;

import static org.identitymesh.connector.testkit.ConfigurationDocuments.UNKNOWN_FIELD;
import static org.identitymesh.connector.testkit.ConfigurationDocuments.path;
import static org.identitymesh.connector.testkit.ConfigurationDocuments.referencesSecret;
import static org.identitymesh.connector.testkit.ConfigurationDocuments.withUnknownField;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.identitymesh.connector.api.AuthenticationException;
import org.identitymesh.connector.api.Cancellation;
import org.identitymesh.connector.api.Capability;
import org.identitymesh.connector.api.ChangeRecord;
import org.identitymesh.connector.api.ChangeSink;
import org.identitymesh.connector.api.ConfigurationException;
import org.identitymesh.connector.api.ConnectionTestResult;
import org.identitymesh.connector.api.Connector;
import org.identitymesh.connector.api.ConnectorApi;
import org.identitymesh.connector.api.ConnectorConfiguration;
import org.identitymesh.connector.api.ConnectorDescriptor;
import org.identitymesh.connector.api.ConnectorDescriptor.ConfigField;
import org.identitymesh.connector.api.ConnectorDescriptor.Document;
import org.identitymesh.connector.api.ConnectorDescriptor.ObjectType;
import org.identitymesh.connector.api.ConnectorProvider;
import org.identitymesh.connector.api.ConnectorProviders;
import org.identitymesh.connector.api.DocumentText;
import org.identitymesh.connector.api.ExportResult;
import org.identitymesh.connector.api.ImportCancelledException;
import org.identitymesh.connector.api.ImportRequest;
import org.identitymesh.connector.api.ImportResult;
import org.identitymesh.connector.api.ImportResult.FullRoundReason;
import org.identitymesh.connector.api.ImportResult.TypeResult;
import org.identitymesh.connector.api.SinkFailedException;
import org.identitymesh.connector.api.UnsupportedCapabilityException;
import org.identitymesh.connector.api.WatermarkRejectedException;
import org.identitymesh.connector.testkit.Mutations.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.function.Executable;

/**
 * The contract every connector keeps, as JUnit 5 tests. A connector author extends this class in a test and
 * supplies a {@link ContractFixture}:
 *
 * <pre>{@code
 * class EntraContractTest extends ConnectorContractSuite {
 *     @Override
 *     protected ContractFixture fixture() {
 *         return new EntraFixture();
 *     }
 * }
 * }</pre>
 *
 * <p>Each test checks one behaviour, is named after it, and fails with a message that says what the connector
 * did and what it must do instead. Delta behaviour is checked by changing the environment through the fixture's
 * {@link Mutations}, never through the connector, so read-only connectors get the same coverage. Checks that do
 * not apply (delta checks for a connector without {@link Capability#IMPORT_DELTA}, membership checks for a
 * fixture without memberships) are skipped through JUnit assumptions.
 */
public abstract class ConnectorContractSuite {

    private static final String DELTA_HINT = "A DELTA import must deliver every change made after its watermark: "
            + "created objects, changed and cleared attributes, deletions, added and removed memberships.";

    private final List<Connector> connectors = new ArrayList<>();
    private ContractFixture fixture;
    private ConnectorProvider provider;
    private ConnectorDescriptor descriptor;
    private TestReporter reporter;

    /** For subclasses. */
    protected ConnectorContractSuite() {
    }

    /**
     * Creates the fixture for one test; the suite prepares and closes it.
     *
     * @return a new fixture whose environment is not yet prepared
     */
    protected abstract ContractFixture fixture();

    /**
     * Creates and prepares the fixture of a test.
     *
     * @param testReporter where notes that are not failures go
     * @throws Exception when the fixture cannot prepare its environment
     */
    @BeforeEach
    protected final void prepareFixture(TestReporter testReporter) throws Exception {
        reporter = testReporter;
        fixture = Objects.requireNonNull(fixture(), "fixture() returned null");
        fixture.prepare();
        provider = Objects.requireNonNull(fixture.provider(), "the fixture's provider() returned null");
        descriptor = Objects.requireNonNull(provider.descriptor(), "the provider's descriptor() returned null");
    }

    /** Closes the connectors a test created, then the fixture. */
    @AfterEach
    protected final void closeFixture() {
        for (Connector connector : connectors) {
            try {
                connector.close();
            } catch (RuntimeException e) {
                // closingNeverThrows reports it; here it must not hide the test's own outcome
            }
        }
        connectors.clear();
        if (fixture != null) {
            fixture.close();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Discovery, descriptor and configuration

    /** {@link ConnectorProviders#discover()} finds the provider by name, built for a compatible API version. */
    @Test
    public void serviceLoaderFindsTheProvider() {
        ConnectorProviders.Discovery discovery = ConnectorProviders.discover();
        Optional<ConnectorProvider> found = discovery.find(fixture.providerName());
        assertTrue(found.isPresent(), () -> "ServiceLoader found no provider named " + fixture.providerName()
                + ". Register its class in META-INF/services/org.identitymesh.connector.api.ConnectorProvider "
                + "(class path) and with 'provides' in module-info.java (module path). Found "
                + discovery.providers().stream().map(ConnectorProvider::name).toList()
                + ", ignored " + discovery.failures());
        assertEquals(fixture.providerName(), provider.name(),
                "The provider under test is not named as the fixture's providerName() says");
        assertTrue(ConnectorApi.isCompatible(found.get().apiVersion()), () -> "The provider was built for API "
                + found.get().apiVersion() + ", not compatible with " + ConnectorApi.VERSION);
        assertTrue(found.get().version() != null && !found.get().version().isBlank(),
                "version() must name the connector's version, for diagnostics");
        assertEquals(provider.descriptor(), found.get().descriptor(), "The discovered provider describes itself "
                + "differently from the provider under test: the service file registers another class");
    }

    /** The descriptor declares described object types with attributes, and at least {@code IMPORT_FULL}. */
    @Test
    public void descriptorIsComplete() {
        List<String> problems = new ArrayList<>();
        if (descriptor.objectTypes().isEmpty()) {
            problems.add("it declares no object types");
        }
        for (ObjectType type : descriptor.objectTypes()) {
            if (type.description().isBlank()) {
                problems.add("object type " + type.name() + " has no description");
            }
            if (type.attributes().isEmpty()) {
                problems.add("object type " + type.name() + " declares no attributes");
            }
            type.attributes().stream().filter(a -> a.description().isBlank())
                    .forEach(a -> problems.add("attribute " + type.name() + "." + a.name() + " has no description"));
        }
        if (!descriptor.supports(Capability.IMPORT_FULL)) {
            problems.add("its capabilities lack IMPORT_FULL, which every connector supports");
        }
        descriptor.configuration().stream().filter(f -> f.description().isBlank())
                .forEach(f -> problems.add("configuration field " + path(f) + " has no description"));
        assertEquals(descriptor, provider.descriptor(), "descriptor() must return the same value on every call");
        assertNoProblems("The descriptor is incomplete", problems);
    }

    /**
     * Every field of the valid configuration is declared, every required field is in it, and every secret it
     * uses is held by a {@code SECRET_REFERENCE} field as a reference, never in plain text.
     */
    @Test
    public void configurationFieldsAreDeclaredAndSecretsAreReferences() {
        ConnectorConfiguration valid = fixture.validConfiguration();
        Set<String> secrets = secretValues();
        List<String> problems = new ArrayList<>();
        Map<Document, JsonNode> documents = new EnumMap<>(Document.class);
        documents.put(Document.CONFIG, ConfigurationDocuments.parse(valid.configJson()));
        documents.put(Document.AUTH, ConfigurationDocuments.parse(valid.authJson()));
        documents.forEach((document, json) -> json.properties().forEach(field -> {
            String path = ConfigurationDocuments.name(document) + "." + field.getKey();
            Optional<ConfigField> declared = descriptor.configuration().stream()
                    .filter(f -> f.document() == document && f.name().equals(field.getKey())).findFirst();
            if (declared.isEmpty()) {
                problems.add(path + " is used by the valid configuration but not declared by the descriptor");
            }
            String value = field.getValue().isTextual() ? field.getValue().asText() : null;
            if (value != null && secrets.contains(value)) {
                problems.add(path + " holds a secret in plain text; declare it SECRET_REFERENCE and hold a reference");
            } else if (value != null && referencesSecret(value, valid, secrets)
                    && declared.filter(ConfigField::secret).isEmpty()) {
                problems.add(path + " references a secret but is not declared SECRET_REFERENCE, so hosts would "
                        + "show and log it as plain data");
            }
        }));
        descriptor.configuration().stream()
                .filter(f -> f.required() && !documents.get(f.document()).has(f.name()))
                .forEach(f -> problems.add(path(f) + " is declared required but the valid configuration lacks it"));
        assertNoProblems("The configuration documents and the descriptor disagree", problems);
    }

    /** The valid configuration passes {@code validate} and {@code create}. */
    @Test
    public void validConfigurationIsAccepted() {
        ConnectorConfiguration valid = fixture.validConfiguration();
        assertDoesNotThrow(() -> provider.validate(valid), "validate() refused the fixture's valid configuration");
        Connector connector = assertDoesNotThrow(() -> provider.create(valid),
                "create() refused the fixture's valid configuration");
        connectors.add(connector);
        assertNotNull(connector, "create() returned null");
    }

    /** Each of the fixture's invalid configurations fails {@code validate} and {@code create}, naming its field. */
    @Test
    public void invalidConfigurationsAreRefusedNamingTheField() {
        List<InvalidConfiguration> invalid = fixture.invalidConfigurations();
        assertFalse(invalid.isEmpty(), "Fixture problem: invalidConfigurations() is empty; list at least one "
                + "wrong value per field that can be wrong");
        assertAll(invalid.stream().flatMap(this::refusals));
    }

    /** A field neither document declares is refused, and the problem names it, in both documents. */
    @Test
    public void unknownFieldsAreRefusedNamingThem() {
        ConnectorConfiguration valid = fixture.validConfiguration();
        InvalidConfiguration inConfig = new InvalidConfiguration("ConfigJson has an undeclared field",
                ConnectorConfiguration.of(withUnknownField(valid.configJson()), valid.authJson(),
                        valid.secretResolver()), "ConfigJson." + UNKNOWN_FIELD);
        InvalidConfiguration inAuth = new InvalidConfiguration("AuthJson has an undeclared field",
                ConnectorConfiguration.of(valid.configJson(), withUnknownField(valid.authJson()),
                        valid.secretResolver()), "AuthJson." + UNKNOWN_FIELD);
        assertAll(Stream.of(inConfig, inAuth).flatMap(this::refusals));
    }

    /**
     * Documents saved on Windows are read as the same documents: with a leading byte-order mark in the strings a
     * host passes, and as UTF-16 with a byte-order mark decoded by {@link DocumentText}. An invalid configuration
     * with a mark is refused naming the same field as without.
     */
    @Test
    public void documentsWithAByteOrderMarkAreReadAsWithout() {
        ConnectorConfiguration valid = fixture.validConfiguration();
        ConnectorConfiguration marked = ConnectorConfiguration.of(marked(valid.configJson()),
                marked(valid.authJson()), valid.secretResolver());
        ConnectorConfiguration utf16 = ConnectorConfiguration.of(
                DocumentText.decode(("\uFEFF" + valid.configJson()).getBytes(StandardCharsets.UTF_16LE), "ConfigJson"),
                DocumentText.decode(("\uFEFF" + valid.authJson()).getBytes(StandardCharsets.UTF_16BE), "AuthJson"),
                valid.secretResolver());
        for (ConnectorConfiguration configuration : List.of(marked, utf16)) {
            assertDoesNotThrow(() -> provider.validate(configuration),
                    "validate() refused the valid configuration preceded by a byte-order mark");
            Connector connector = assertDoesNotThrow(() -> provider.create(configuration),
                    "create() refused the valid configuration preceded by a byte-order mark");
            connectors.add(connector);
        }
        assertAll(fixture.invalidConfigurations().stream().map(invalid -> new InvalidConfiguration(
                invalid.description() + ", preceded by a byte-order mark", ConnectorConfiguration.of(
                        marked(invalid.configuration().configJson()), marked(invalid.configuration().authJson()),
                        invalid.configuration().secretResolver()), invalid.expectedField())).flatMap(this::refusals));
    }

    private static String marked(String document) {
        return document == null ? null : "\uFEFF" + document;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Full import

    /** A FULL import delivers the whole environment, and reports every type as a complete snapshot. */
    @Test
    public void fullImportDeliversTheEnvironment() {
        HostReplica replica = new HostReplica(descriptor);
        Imported full = importInto(replica, connector(), ImportRequest.full());
        assertReplicaMatchesEnvironment(replica, "After a FULL import", "");
        assertFullRound(full, FullRoundReason.REQUESTED);
    }

    /**
     * Every delivered record, in full and delta imports, is of a declared type and carries only declared
     * attributes with values of the declared type; a full import's records of contained types name their
     * container.
     */
    @Test
    public void deliveredRecordsMatchTheDescriptor() {
        Connector connector = connector();
        List<ChangeRecord> full = new ArrayList<>();
        ImportResult result = connector.importChanges(ImportRequest.full(), full::add);
        List<ChangeRecord> records = new ArrayList<>(full);
        if (descriptor.supports(Capability.IMPORT_DELTA)) {
            fixture.mutations().supported().stream().sorted().forEach(this::mutate);
            connector.importChanges(ImportRequest.delta(result.watermark()), records::add);
        }
        List<String> problems = records.stream().flatMap(r -> RecordConformance.problems(descriptor, r).stream())
                .distinct().collect(Collectors.toCollection(ArrayList::new));
        full.forEach(record -> RecordConformance.completeObjectProblem(descriptor, record).ifPresent(problems::add));
        result.types().keySet().stream().filter(type -> descriptor.objectType(type).isEmpty())
                .forEach(type -> problems.add("the result reports undeclared object type " + type));
        assertNoProblems("Delivered records do not match the descriptor", problems);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Delta import

    /** A DELTA import without a watermark is a first run: a full round reported as {@code FIRST_RUN}. */
    @Test
    public void deltaWithoutWatermarkRunsAFullRound() {
        assumeDelta();
        HostReplica replica = new HostReplica(descriptor);
        Imported first = importInto(replica, connector(), ImportRequest.delta(null));
        assertReplicaMatchesEnvironment(replica, "After a DELTA import without a watermark (a first run)", "");
        assertFullRound(first, FullRoundReason.FIRST_RUN);
    }

    /** An object created after the watermark is delivered by the next DELTA import. */
    @Test
    public void deltaDeliversCreatedObjects() {
        Delta delta = fullImportMutateAndDelta(Kind.CREATE_OBJECT);
        assertTrue(fixture.environmentSnapshot().getOrDefault(delta.mutated.objectType(), Map.of())
                .containsKey(delta.mutated.externalId()),
                () -> "Fixture problem: createObject() returned " + delta.mutated + ", which the environment lacks");
        assertReplicaMatchesEnvironment(delta.replica, "After creating " + delta.mutated + " and a DELTA import",
                DELTA_HINT);
    }

    /**
     * A changed attribute is delivered by the next DELTA import without clearing the object's other attributes:
     * an UPSERT leaves absent attributes unchanged, so a partial update must not send unchanged ones as
     * {@code null}.
     */
    @Test
    public void deltaDeliversPartialUpdatesWithoutClearingOtherAttributes() {
        Delta delta = fullImportMutateAndDelta(Kind.UPDATE_ATTRIBUTE);
        String attribute = requireAttribute(delta, "updateAttribute");
        assertTrue(delta.before.get(delta.mutated.objectType()).getOrDefault(delta.mutated.externalId(), Map.of())
                .keySet().stream().anyMatch(name -> !name.equals(attribute)),
                () -> "Fixture problem: updateAttribute() must change an existing object with other attributes "
                        + "set, so that the suite can see them survive; it changed " + delta.mutated);
        assertReplicaMatchesEnvironment(delta.replica, "After updating " + delta.mutated + " and a DELTA import",
                "The delta record of an update must carry only what changed: an attribute absent from an UPSERT "
                        + "stays as it is, an attribute mapped to null is cleared.");
    }

    /** A cleared attribute is delivered by the next DELTA import as a clear. */
    @Test
    public void deltaDeliversClearedAttributes() {
        Delta delta = fullImportMutateAndDelta(Kind.CLEAR_ATTRIBUTE);
        String attribute = requireAttribute(delta, "clearAttribute");
        assertTrue(delta.before.get(delta.mutated.objectType()).getOrDefault(delta.mutated.externalId(), Map.of())
                .containsKey(attribute), () -> "Fixture problem: clearAttribute() returned " + delta.mutated
                + ", which had no value before");
        assertReplicaMatchesEnvironment(delta.replica, "After clearing " + delta.mutated + " and a DELTA import",
                "A cleared attribute must be delivered mapped to null.");
        assertFalse(delta.replica.object(delta.mutated.objectType(), delta.mutated.externalId())
                .orElse(Map.of()).containsKey(attribute), () -> delta.mutated + " still has a value in the replica");
    }

    /** A deleted object is delivered by the next DELTA import, and with it go the objects it contained. */
    @Test
    public void deltaDeliversDeletedObjects() {
        Delta delta = fullImportMutateAndDelta(Kind.DELETE_OBJECT);
        assertFalse(fixture.environmentSnapshot().getOrDefault(delta.mutated.objectType(), Map.of())
                .containsKey(delta.mutated.externalId()),
                () -> "Fixture problem: deleteObject() returned " + delta.mutated + ", which the environment holds");
        assertReplicaMatchesEnvironment(delta.replica, "After deleting " + delta.mutated + " and a DELTA import",
                "A deletion must be delivered as a DELETE record (or the type's round must be a complete "
                        + "snapshot).");
    }

    /** A membership added after the watermark is delivered by the next DELTA import. */
    @Test
    public void deltaDeliversAddedMemberships() {
        Delta delta = fullImportMutateAndDelta(Kind.ADD_MEMBERSHIP);
        requireContainedType(delta, "addMembership");
        assertReplicaMatchesEnvironment(delta.replica, "After adding " + delta.mutated + " and a DELTA import",
                DELTA_HINT);
        assertTrue(delta.replica.object(delta.mutated.objectType(), delta.mutated.externalId()).isPresent(),
                () -> "The replica lacks the added membership " + delta.mutated);
    }

    /** A membership removed after the watermark is delivered by the next DELTA import as a deletion. */
    @Test
    public void deltaDeliversRemovedMemberships() {
        Delta delta = fullImportMutateAndDelta(Kind.REMOVE_MEMBERSHIP);
        requireContainedType(delta, "removeMembership");
        assertReplicaMatchesEnvironment(delta.replica, "After removing " + delta.mutated + " and a DELTA import",
                "A removed membership must be delivered as a DELETE of the membership object.");
    }

    /**
     * A change made while an import runs, after the objects it touches were read, is delivered by the next
     * DELTA import: the watermark covers only what was delivered, so it is taken before reading, not after.
     */
    @Test
    public void changesMadeDuringAnImportAreDeliveredByTheNextDelta() {
        assumeDelta();
        Set<Kind> supported = fixture.mutations().supported();
        assumeTrue(supported.contains(Kind.CREATE_OBJECT) || supported.contains(Kind.UPDATE_ATTRIBUTE),
                "the fixture can neither create objects nor update attributes");
        Kind kind = supported.contains(Kind.CREATE_OBJECT) ? Kind.CREATE_OBJECT : Kind.UPDATE_ATTRIBUTE;
        Connector connector = connector();
        int total = count(connector, ImportRequest.full());
        assertTrue(total > 0, "Fixture problem: the environment is empty");

        HostReplica replica = new HostReplica(descriptor);
        List<MutatedObject> mutated = new ArrayList<>();
        AtomicInteger delivered = new AtomicInteger();
        replica.beginImport();
        ImportResult full = connector.importChanges(ImportRequest.full(), record -> {
            replica.accept(record);
            if (delivered.incrementAndGet() == total) {
                mutated.add(mutate(kind));
            }
        });
        replica.finishImport(full);
        assertFalse(mutated.isEmpty(), () -> "A second FULL import of the unchanged environment delivered "
                + delivered + " records, the first " + total + "; the suite could not change the environment "
                + "during the last record");
        importInto(replica, connector, ImportRequest.delta(full.watermark()));
        assertReplicaMatchesEnvironment(replica, "After " + mutated.get(0) + " changed while a FULL import "
                + "delivered its last record, and a DELTA import from that FULL import's watermark",
                "The watermark must cover only what was delivered: take the system's position before reading, "
                        + "so that what changes during the import is delivered again by the next one.");
    }

    /**
     * Re-running a DELTA import from the same watermark, so that its records are applied twice, leaves the
     * replica as one run left it.
     */
    @Test
    public void rerunningADeltaIsIdempotent() {
        assumeDelta();
        Set<Kind> supported = fixture.mutations().supported();
        assumeFalse(supported.isEmpty(), "the fixture supports no mutations");
        Connector connector = connector();
        HostReplica replica = new HostReplica(descriptor);
        ImportResult full = importInto(replica, connector, ImportRequest.full()).result;
        List<MutatedObject> mutated = supported.stream().sorted().map(this::mutate).toList();
        importInto(replica, connector, ImportRequest.delta(full.watermark()));
        Map<String, Map<String, Map<String, Object>>> once = replica.snapshot();

        importInto(replica, connector, ImportRequest.delta(full.watermark()));

        assertNoProblems("Re-running the DELTA import from the same watermark after " + mutated
                + " changed the replica; records must be idempotent (the replica after one run on the left)",
                Snapshots.differences(once, replica.snapshot()));
    }

    /** A DELTA import from the latest watermark, with nothing changed since, changes nothing in the replica. */
    @Test
    public void deltaWithoutChangesLeavesTheReplicaUnchanged() {
        assumeDelta();
        Connector connector = connector();
        HostReplica replica = new HostReplica(descriptor);
        ImportResult full = importInto(replica, connector, ImportRequest.full()).result;
        ImportResult delta = importInto(replica, connector, ImportRequest.delta(full.watermark())).result;
        Map<String, Map<String, Map<String, Object>>> before = replica.snapshot();

        Imported quiet = importInto(replica, connector, ImportRequest.delta(delta.watermark()));

        assertNoProblems("A DELTA import with nothing changed since its watermark changed the replica",
                Snapshots.differences(before, replica.snapshot()));
        assertReplicaMatchesEnvironment(replica, "After DELTA imports with nothing changed", "");
        if (!quiet.records.isEmpty()) {
            reporter.publishEntry("quietDelta", "a DELTA import with nothing changed delivered "
                    + quiet.records.size() + " records; allowed (delivery is at least once), but not incremental");
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Watermarks

    /**
     * Watermarks the connector did not produce (random text, other connectors' formats, a genuine watermark of
     * another {@code InMemory} connector) are rejected with {@link WatermarkRejectedException} before any record
     * is delivered.
     */
    @Test
    public void foreignWatermarksAreRejected() {
        assumeDelta();
        Connector connector = connector();
        Map<String, String> foreign = ForgedWatermarks.foreign();
        assertAll(foreign.entrySet().stream()
                .map(e -> () -> assertWatermarkRejected(connector, e.getValue(), e.getKey())));
    }

    /**
     * A genuine watermark with one character changed, cut short, or lengthened is rejected with
     * {@link WatermarkRejectedException}: a corrupt watermark must never resume from a wrong position.
     */
    @Test
    public void corruptedWatermarksAreRejected() {
        assumeDelta();
        Connector connector = connector();
        String watermark = connector.importChanges(ImportRequest.full(), record -> { }).watermark();
        Map<String, String> corrupted = ForgedWatermarks.corruptions(watermark);
        assertAll(corrupted.entrySet().stream().map(e -> () -> assertWatermarkRejected(connector, e.getValue(),
                "the watermark of the previous FULL import with " + e.getKey())));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Failures and cancellation

    /**
     * When the sink throws, on the first or the last record, the import stops with {@link SinkFailedException}
     * whose cause is what the sink threw, delivers nothing more and returns no watermark.
     */
    @Test
    public void sinkFailureStopsTheImportWithoutAWatermark() {
        Connector connector = connector();
        int total = count(connector, ImportRequest.full());
        assertTrue(total > 0, "Fixture problem: the environment is empty");
        assertSinkFailure(connector, 1, new IllegalStateException("failure injected by the contract suite"));
        assertSinkFailure(connector, total, new IOException("checked failure injected by the contract suite"));
    }

    /** Cancelling from the sink after the first record stops the import with {@link ImportCancelledException}. */
    @Test
    public void cancellingDuringAnImportStopsIt() {
        Connector connector = connector();
        Cancellation cancellation = Cancellation.create();
        assertCancelled(() -> connector.importChanges(ImportRequest.full().withCancellation(cancellation),
                record -> cancellation.cancel()), "cancelled from the sink after the first record");
    }

    /** A request whose cancellation is already signalled is refused with {@link ImportCancelledException}. */
    @Test
    public void importWithCancelledRequestIsRefused() {
        Connector connector = connector();
        Cancellation cancellation = Cancellation.create();
        cancellation.cancel();
        assertCancelled(() -> connector.importChanges(ImportRequest.full().withCancellation(cancellation),
                record -> { }), "cancelled before it started");
    }

    /** Interrupting the importing thread stops the import with {@link ImportCancelledException}. */
    @Test
    public void interruptingTheImportingThreadStopsTheImport() {
        Connector connector = connector();
        try {
            assertCancelled(() -> connector.importChanges(ImportRequest.full(),
                    record -> Thread.currentThread().interrupt()), "interrupted from the sink after the first record");
        } finally {
            Thread.interrupted();
        }
    }

    /** With the fixture's wrong secret, an import fails with {@link AuthenticationException}. */
    @Test
    public void wrongSecretIsAnAuthenticationFailure() {
        Optional<ConnectorConfiguration> wrong = fixture.wrongSecretConfiguration();
        assumeTrue(wrong.isPresent(), "the fixture supplies no wrong-secret configuration");
        Connector connector = assertDoesNotThrow(() -> provider.create(wrong.get()),
                "create() must not resolve or check secrets; the wrong secret is found when the connector is used");
        connectors.add(connector);
        assertThrows(AuthenticationException.class, () -> connector.importChanges(ImportRequest.full(), r -> { }),
                "An import with a secret the environment refuses must throw AuthenticationException");
        if (descriptor.supports(Capability.TEST_CONNECTION)) {
            ConnectionTestResult result = assertDoesNotThrow(connector::testConnection,
                    "testConnection() must report a wrong secret as a failed step, not throw");
            assertTrue(result.firstFailure().isPresent(), () -> "testConnection() with a wrong secret reported no "
                    + "failed step: " + result);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Capabilities

    /**
     * Without {@code EXPORT} declared, {@code export} throws {@link UnsupportedCapabilityException} with a
     * message and changes nothing; with it declared, exporting nothing succeeds.
     */
    @Test
    public void exportBehavesAsTheDescriptorDeclares() {
        Connector connector = connector();
        if (descriptor.supports(Capability.EXPORT)) {
            ExportResult result = assertDoesNotThrow(() -> connector.export(List.of()),
                    "The descriptor declares EXPORT, but exporting an empty list failed");
            assertNotNull(result, "export() returned null");
            assertTrue(result.outcomes().isEmpty(), "Exporting an empty list reported outcomes");
            return;
        }
        Map<String, Map<String, Map<String, Object>>> before = environment();
        List<ChangeRecord> probe = exportProbe(before);
        UnsupportedCapabilityException e = assertThrows(UnsupportedCapabilityException.class,
                () -> connector.export(probe), "The descriptor does not declare EXPORT, so export() must throw "
                        + "UnsupportedCapabilityException (the Connector interface's default does)");
        assertEquals(Capability.EXPORT, e.capability(), "UnsupportedCapabilityException must name EXPORT");
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "The exception needs a message for hosts");
        assertNoProblems("export() without EXPORT changed the environment", Snapshots.differences(before,
                environment()));
    }

    /** Without {@code IMPORT_DELTA} declared, a DELTA import throws {@link UnsupportedCapabilityException}. */
    @Test
    public void deltaIsRefusedWhenNotDeclared() {
        assumeFalse(descriptor.supports(Capability.IMPORT_DELTA), "the connector declares IMPORT_DELTA");
        Connector connector = connector();
        UnsupportedCapabilityException e = assertThrows(UnsupportedCapabilityException.class,
                () -> connector.importChanges(ImportRequest.delta(null), record -> { }),
                "The descriptor does not declare IMPORT_DELTA, so a DELTA import must be refused");
        assertEquals(Capability.IMPORT_DELTA, e.capability(), "UnsupportedCapabilityException must name IMPORT_DELTA");
    }

    /**
     * The descriptor for the fixture's configuration ({@link ConnectorProvider#descriptor(ConnectorConfiguration)})
     * describes what a connector created from it delivers: its types are among the provider's, with the same
     * capabilities and fields, and every record of a FULL and a DELTA import, and every type the result reports,
     * matches it.
     */
    @Test
    public void configuredDescriptorDescribesWhatIsDelivered() {
        ConnectorDescriptor configured = configuredDescriptor();
        List<String> problems = new ArrayList<>();
        configured.objectTypes().stream().filter(t -> descriptor.objectType(t.name()).isEmpty())
                .forEach(t -> problems.add("the configured descriptor has type " + t.name() + ", which descriptor() "
                        + "does not declare"));
        if (!configured.capabilities().equals(descriptor.capabilities())
                || !configured.configuration().equals(descriptor.configuration())) {
            problems.add("the configured descriptor's capabilities or configuration fields differ from descriptor()'s");
        }
        Connector connector = connector();
        List<ChangeRecord> records = new ArrayList<>();
        ImportResult result = connector.importChanges(ImportRequest.full(), records::add);
        if (descriptor.supports(Capability.IMPORT_DELTA)) {
            fixture.mutations().supported().stream().sorted().forEach(this::mutate);
            connector.importChanges(ImportRequest.delta(result.watermark()), records::add);
        }
        records.stream().flatMap(r -> RecordConformance.problems(configured, r).stream()).distinct()
                .forEach(problems::add);
        result.types().keySet().stream().filter(type -> configured.objectType(type).isEmpty())
                .forEach(type -> problems.add("the result reports type " + type + ", which the configured "
                        + "descriptor does not declare"));
        assertNoProblems("The descriptor for the fixture's configuration does not describe what is delivered",
                problems);
    }

    /**
     * Every UPSERT of a complete snapshot carries every attribute the configured descriptor
     * ({@link ConnectorProvider#descriptor(ConnectorConfiguration)}) declares for its type, {@code null} when unset: under merge semantics that is what lets a full round clear a value removed while no delta ran.
     */
    @Test
    public void completeSnapshotUpsertsCarryEveryDeclaredAttribute() {
        Imported full = importInto(new HostReplica(descriptor), connector(), ImportRequest.full());
        ConnectorDescriptor configured = configuredDescriptor();
        Set<String> complete = full.result.types().values().stream().filter(TypeResult::completeSnapshot)
                .map(TypeResult::objectType).collect(Collectors.toSet());
        Map<String, Integer> incomplete = new LinkedHashMap<>();
        Map<String, Set<String>> missing = new LinkedHashMap<>();
        for (ChangeRecord record : full.records) {
            if (record.operation() != ChangeRecord.Operation.UPSERT || !complete.contains(record.objectType())) {
                continue;
            }
            Optional<ConnectorDescriptor.ObjectType> type = configured.objectType(record.objectType());
            if (type.isEmpty()) {
                continue; // configuredDescriptorDescribesWhatIsDelivered reports it
            }
            Set<String> absent = type.get().attributes().stream()
                    .map(ConnectorDescriptor.Attribute::name).filter(a -> !record.attributes().containsKey(a))
                    .collect(Collectors.toCollection(java.util.TreeSet::new));
            if (!absent.isEmpty()) {
                incomplete.merge(record.objectType(), 1, Integer::sum);
                missing.computeIfAbsent(record.objectType(), t -> new java.util.TreeSet<>()).addAll(absent);
            }
        }
        List<String> problems = new ArrayList<>();
        incomplete.forEach((type, n) -> problems.add(n + " UPSERT records of " + type + " lack " + missing.get(type)
                + "; deliver an unset attribute as null"));
        assertNoProblems("A complete snapshot's UPSERT must carry every declared attribute, so that a host that "
                + "merges clears values removed since its last import", problems);
    }

    /**
     * Records may repeat, but for one object they arrive in the order the system changed it: the last record of an
     * object is its latest state. Checked with an attribute changed twice before one DELTA import.
     */
    @Test
    public void theLastRecordOfAnObjectIsItsLatestState() {
        assumeDelta();
        assumeTrue(fixture.mutations().supported().contains(Kind.UPDATE_ATTRIBUTE),
                "the fixture does not support UPDATE_ATTRIBUTE");
        Connector connector = connector();
        Imported full = importInto(new HostReplica(descriptor), connector, ImportRequest.full());
        List<MutatedObject> changed = List.of(mutate(Kind.UPDATE_ATTRIBUTE), mutate(Kind.UPDATE_ATTRIBUTE));
        Imported delta = importInto(new HostReplica(descriptor), connector,
                ImportRequest.delta(full.result.watermark()));
        Map<String, Map<String, Map<String, Object>>> now = environment();
        List<String> problems = new ArrayList<>();
        for (MutatedObject object : changed) {
            String attribute = object.changedAttribute().orElseGet(() -> fail("Fixture problem: updateAttribute() "
                    + "must say which attribute it changed; it returned " + object));
            Optional<ChangeRecord> last = delta.records.stream().filter(r -> r.objectType().equals(object.objectType())
                    && r.externalId().equals(object.externalId())).reduce((a, b) -> b);
            Object expected = now.getOrDefault(object.objectType(), Map.of()).getOrDefault(object.externalId(),
                    Map.of()).get(attribute);
            if (last.isEmpty()) {
                problems.add(object + " was changed but the DELTA import delivered no record of it");
            } else if (last.get().operation() != ChangeRecord.Operation.UPSERT
                    || !Objects.equals(Snapshots.normalizeValue(last.get().attributes().get(attribute)), expected)) {
                problems.add("the last record of " + object + " says " + attribute + " = "
                        + last.get().attributes().get(attribute) + ", the environment " + expected);
            }
        }
        assertNoProblems("For one object, records must arrive in the order of its changes", problems);
    }

    /**
     * With {@code RESUMABLE_IMPORT}: a FULL import that stops after a checkpoint (the host crashed), resumed from it
     * into the same replica, leaves the replica equal to the environment: everything after the checkpoint came.
     */
    @Test
    public void resumeFromACheckpointDeliversEverythingAfterIt() {
        Stopped stopped = fullImportStoppedAfterACheckpoint();
        stopped.replica.resumeImport();
        ImportResult result = stopped.connector.importChanges(ImportRequest.resume(stopped.checkpoint),
                stopped.replica::accept);
        assertNotNull(result, "importChanges returned null");
        stopped.replica.finishImport(result);
        assertReplicaMatchesEnvironment(stopped.replica, "After a FULL import stopped after a checkpoint and resumed "
                + "from it", "A resumed import must deliver every record after the checkpoint it resumes from.");
    }

    /**
     * With {@code RESUMABLE_IMPORT}: a resumed FULL import reports what the stopped one would have: every type a
     * complete snapshot of a full round {@code REQUESTED}, not a delta.
     */
    @Test
    public void resumeKeepsTheModeItResumes() {
        Stopped stopped = fullImportStoppedAfterACheckpoint();
        ImportResult result = stopped.connector.importChanges(ImportRequest.resume(stopped.checkpoint), record -> { });
        List<String> problems = new ArrayList<>();
        for (TypeResult type : result.types().values()) {
            if (!type.completeSnapshot() || type.fullRound().orElse(null) != FullRoundReason.REQUESTED) {
                problems.add(type.objectType() + " reports completeSnapshot " + type.completeSnapshot()
                        + " and fullRoundReason " + type.fullRoundReason());
            }
        }
        assertNoProblems("A resumed FULL import must report the FULL import's rounds (complete, REQUESTED)",
                problems);
    }

    /** A FULL import stopped by its sink at the first record after a checkpoint, and that checkpoint. */
    private record Stopped(Connector connector, HostReplica replica, String checkpoint) {
    }

    private Stopped fullImportStoppedAfterACheckpoint() {
        assumeTrue(descriptor.supports(Capability.RESUMABLE_IMPORT), "the connector does not declare RESUMABLE_IMPORT");
        Connector connector = connector();
        HostReplica replica = new HostReplica(descriptor);
        replica.beginImport();
        String[] last = {null};
        boolean[] stopped = {false};
        ChangeSink crashing = new ChangeSink() {
            @Override
            public void accept(ChangeRecord record) throws Exception {
                if (last[0] != null && !stopped[0]) {
                    stopped[0] = true;
                    throw new IOException("the host crashed after storing a checkpoint");
                }
                replica.accept(record);
            }

            @Override
            public void checkpoint(String checkpoint) {
                if (!stopped[0]) {
                    last[0] = checkpoint;
                }
            }
        };
        Throwable thrown = thrown(() -> connector.importChanges(ImportRequest.full(), crashing));
        assertTrue(last[0] != null, "The connector declares RESUMABLE_IMPORT but handed out no checkpoint during a "
                + "FULL import");
        assumeTrue(stopped[0], "Fixture problem: no record came after the first checkpoint, so nothing is left to "
                + "resume; make the environment span more than one page");
        assertInstanceOf(SinkFailedException.class, thrown, "A sink that throws must stop the import with "
                + "SinkFailedException");
        return new Stopped(connector, replica, last[0]);
    }

    /**
     * With {@code IMPORT_FROM_NOW}, {@link ImportRequest#fromNow()} delivers nothing, reports no complete snapshot,
     * and returns a watermark from which a DELTA import delivers what changed afterwards, and only that.
     */
    @Test
    public void fromNowDeliversNothingAndThenOnlyLaterChanges() {
        assumeTrue(descriptor.supports(Capability.IMPORT_FROM_NOW), "the connector does not declare IMPORT_FROM_NOW");
        assumeDelta();
        assumeTrue(fixture.mutations().supported().contains(Kind.CREATE_OBJECT),
                "the fixture does not support CREATE_OBJECT");
        Connector connector = connector();
        Imported now = importInto(new HostReplica(descriptor), connector, ImportRequest.fromNow());
        List<String> problems = new ArrayList<>();
        if (!now.records.isEmpty()) {
            problems.add("fromNow() delivered " + now.records.size() + " records, for example " + now.records.get(0)
                    + "; it must deliver none");
        }
        now.result.types().values().stream().filter(t -> t.completeSnapshot() || t.fullRound().isPresent())
                .forEach(t -> problems.add(t.objectType() + " is reported as a complete snapshot or a full round"));
        assertNoProblems("fromNow() must only establish a starting point", problems);

        MutatedObject created = mutate(Kind.CREATE_OBJECT);
        Imported delta = importInto(new HostReplica(descriptor), connector,
                ImportRequest.delta(now.result.watermark()));
        assertTrue(delta.records.stream().anyMatch(r -> r.objectType().equals(created.objectType())
                && r.externalId().equals(created.externalId()) && r.operation() == ChangeRecord.Operation.UPSERT),
                () -> "After fromNow(), " + created + " was created, but the DELTA import from its watermark did not "
                        + "deliver it");
        long untouched = delta.records.stream().filter(r -> !r.externalId().equals(created.externalId())
                && !r.externalId().contains(created.externalId())).count();
        assertTrue(untouched < Math.max(2, environment().values().stream().mapToInt(Map::size).sum() / 2),
                () -> "After fromNow() and one change, the DELTA import delivered " + untouched + " records of "
                        + "objects that did not change: fromNow() must not leave the next DELTA to read everything");
    }

    /** Without {@code IMPORT_FROM_NOW}, {@link ImportRequest#fromNow()} is refused before anything is read. */
    @Test
    public void fromNowIsRefusedWhenNotDeclared() {
        assumeFalse(descriptor.supports(Capability.IMPORT_FROM_NOW), "the connector declares IMPORT_FROM_NOW");
        List<ChangeRecord> delivered = new ArrayList<>();
        UnsupportedCapabilityException e = assertThrows(UnsupportedCapabilityException.class,
                () -> connector().importChanges(ImportRequest.fromNow(), delivered::add),
                "The descriptor does not declare IMPORT_FROM_NOW, so fromNow() must be refused, not run as another "
                        + "kind of import");
        assertEquals(Capability.IMPORT_FROM_NOW, e.capability(), "UnsupportedCapabilityException must name "
                + "IMPORT_FROM_NOW");
        assertTrue(delivered.isEmpty(), "records were delivered before fromNow() was refused");
    }

    /**
     * With {@code TEST_CONNECTION} declared, {@code testConnection} reports passed steps for the valid
     * configuration; without it, it throws {@link UnsupportedCapabilityException}.
     */
    @Test
    public void testConnectionBehavesAsTheDescriptorDeclares() {
        Connector connector = connector();
        if (!descriptor.supports(Capability.TEST_CONNECTION)) {
            assertThrows(UnsupportedCapabilityException.class, connector::testConnection,
                    "The descriptor does not declare TEST_CONNECTION, so testConnection() must throw");
            return;
        }
        ConnectionTestResult result = assertDoesNotThrow(connector::testConnection, "testConnection() threw");
        assertFalse(result.steps().isEmpty(), "testConnection() reported no steps");
        assertTrue(result.successful(), () -> "testConnection() failed for the valid configuration: "
                + result.firstFailure().map(s -> s.name() + ": " + s.message()).orElse(result.toString()));
    }

    /** {@code close} never throws, whether the connector was used or not, and may be called twice. */
    @Test
    public void closingNeverThrows() {
        Connector unused = provider.create(fixture.validConfiguration());
        assertDoesNotThrow(unused::close, "close() of an unused connector threw");
        Connector used = provider.create(fixture.validConfiguration());
        used.importChanges(ImportRequest.full(), record -> { });
        assertDoesNotThrow(used::close, "close() after an import threw");
        assertDoesNotThrow(used::close, "a second close() threw");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Secrets

    /**
     * No secret value appears in the {@code toString()} of the provider, configuration, connector, records or
     * results, nor in the message of any exception the other checks provoke, causes included.
     */
    @Test
    public void secretsNeverAppearInToStringOrMessages() {
        List<String> secrets = secretValues().stream().sorted().toList();
        Map<String, String> seen = new LinkedHashMap<>();
        ConnectorConfiguration valid = fixture.validConfiguration();
        seen.put("provider.toString()", String.valueOf(provider));
        seen.put("configuration.toString()", String.valueOf(valid));

        Connector connector = connector();
        seen.put("connector.toString() before an import", String.valueOf(connector));
        List<ChangeRecord> records = new ArrayList<>();
        observe("a FULL import", seen, () -> connector.importChanges(ImportRequest.full(), records::add));
        seen.put("the records' toString()", records.toString());
        seen.put("connector.toString() after an import", String.valueOf(connector));
        observe("testConnection()", seen, connector::testConnection);
        observe("a DELTA import from a foreign watermark", seen,
                () -> connector.importChanges(ImportRequest.delta("not-a-watermark"), record -> { }));
        observe("an import whose sink fails", seen, () -> connector.importChanges(ImportRequest.full(), record -> {
            throw new IllegalStateException("sink failure injected by the contract suite");
        }));
        Cancellation cancelled = Cancellation.create();
        cancelled.cancel();
        observe("a cancelled import", seen,
                () -> connector.importChanges(ImportRequest.full().withCancellation(cancelled), record -> { }));
        observe("export()", seen, () -> connector.export(List.of()));

        List<InvalidConfiguration> invalid = new ArrayList<>(fixture.invalidConfigurations());
        invalid.add(new InvalidConfiguration("an unknown field", ConnectorConfiguration.of(
                withUnknownField(valid.configJson()), withUnknownField(valid.authJson()), valid.secretResolver()),
                "ConfigJson." + UNKNOWN_FIELD));
        for (InvalidConfiguration configuration : invalid) {
            ConnectorConfiguration refused = configuration.configuration();
            seen.put("configuration.toString() where " + configuration.description(), refused.toString());
            observe("validate() where " + configuration.description(), seen, () -> {
                provider.validate(refused);
                return null;
            });
            observe("create() where " + configuration.description(), seen, () -> {
                provider.create(refused).close();
                return null;
            });
        }
        fixture.wrongSecretConfiguration().ifPresent(wrong -> {
            Connector refused = provider.create(wrong);
            connectors.add(refused);
            seen.put("connector.toString() with the wrong secret", String.valueOf(refused));
            observe("an import with the wrong secret", seen,
                    () -> refused.importChanges(ImportRequest.full(), record -> { }));
            observe("testConnection() with the wrong secret", seen, refused::testConnection);
        });

        List<String> leaks = new ArrayList<>();
        seen.forEach((where, text) -> {
            for (int i = 0; i < secrets.size(); i++) {
                if (text.contains(secrets.get(i))) {
                    leaks.add(where + " shows secret value #" + (i + 1) + " (" + secrets.get(i).length() + " chars)");
                }
            }
        });
        assertNoProblems("Secrets leaked; show references or lengths instead", leaks);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Helpers

    /** An import's result and the records it delivered. */
    private record Imported(ImportResult result, List<ChangeRecord> records) {
    }

    /** A FULL import, one mutation, and a DELTA import from the FULL import's watermark into the same replica. */
    private record Delta(HostReplica replica, MutatedObject mutated,
            Map<String, Map<String, Map<String, Object>>> before) {
    }

    private Delta fullImportMutateAndDelta(Kind kind) {
        assumeDelta();
        assumeTrue(fixture.mutations().supported().contains(kind), () -> "the fixture does not support " + kind);
        Connector connector = connector();
        HostReplica replica = new HostReplica(descriptor);
        Imported full = importInto(replica, connector, ImportRequest.full());
        Map<String, Map<String, Map<String, Object>>> before = environment();
        MutatedObject mutated = mutate(kind);
        Imported delta = importInto(replica, connector, ImportRequest.delta(full.result.watermark()));
        if (delta.records.size() > 1 && delta.records.size() >= full.records.size()) {
            reporter.publishEntry("delta", "the DELTA import after one change delivered " + delta.records.size()
                    + " records, the FULL import " + full.records.size() + "; allowed, but not incremental");
        }
        return new Delta(replica, mutated, before);
    }

    private ConnectorDescriptor configuredDescriptor() {
        return Objects.requireNonNull(assertDoesNotThrow(() -> provider.descriptor(fixture.validConfiguration()),
                "descriptor(configuration) refused the fixture's valid configuration"),
                "descriptor(configuration) returned null");
    }

    private Connector connector() {
        Connector connector = provider.create(fixture.validConfiguration());
        connectors.add(connector);
        return connector;
    }

    private Imported importInto(HostReplica replica, Connector connector, ImportRequest request) {
        List<ChangeRecord> records = new ArrayList<>();
        replica.beginImport();
        ImportResult result = connector.importChanges(request, record -> {
            records.add(record);
            replica.accept(record);
        });
        assertNotNull(result, "importChanges returned null");
        replica.finishImport(result);
        return new Imported(result, records);
    }

    private static int count(Connector connector, ImportRequest request) {
        AtomicInteger count = new AtomicInteger();
        connector.importChanges(request, record -> count.incrementAndGet());
        return count.get();
    }

    private MutatedObject mutate(Kind kind) {
        Mutations mutations = fixture.mutations();
        MutatedObject mutated = switch (kind) {
            case CREATE_OBJECT -> mutations.createObject();
            case UPDATE_ATTRIBUTE -> mutations.updateAttribute();
            case CLEAR_ATTRIBUTE -> mutations.clearAttribute();
            case DELETE_OBJECT -> mutations.deleteObject();
            case ADD_MEMBERSHIP -> mutations.addMembership();
            case REMOVE_MEMBERSHIP -> mutations.removeMembership();
        };
        assertNotNull(mutated, () -> "Fixture problem: the " + kind + " mutation returned null");
        assertTrue(descriptor.objectType(mutated.objectType()).isPresent(), () -> "Fixture problem: the " + kind
                + " mutation returned " + mutated + ", whose type the descriptor does not declare");
        return mutated;
    }

    private Map<String, Map<String, Map<String, Object>>> environment() {
        return Snapshots.normalize(fixture.environmentSnapshot(), descriptor);
    }

    private void assertReplicaMatchesEnvironment(HostReplica replica, String when, String hint) {
        List<String> differences = Snapshots.differences(environment(), replica.snapshot());
        if (!differences.isEmpty()) {
            fail(when + ", the replica differs from the environment:\n  " + String.join("\n  ", differences)
                    + (hint.isEmpty() ? "" : "\n" + hint));
        }
    }

    private void assertFullRound(Imported imported, FullRoundReason reason) {
        ImportResult result = imported.result;
        List<String> problems = new ArrayList<>();
        environment().forEach((type, objects) -> {
            if (!objects.isEmpty() && result.type(type).isEmpty()) {
                problems.add("the result has no entry for " + type + ", of which objects were delivered");
            }
        });
        for (TypeResult type : result.types().values()) {
            if (!type.completeSnapshot()) {
                problems.add(type.objectType() + " is not reported as a complete snapshot");
            }
            if (type.fullRound().orElse(null) != reason) {
                problems.add(type.objectType() + " reports fullRoundReason " + type.fullRoundReason() + ", not "
                        + reason);
            }
            long upserts = imported.records.stream().filter(r -> r.objectType().equals(type.objectType())
                    && r.operation() == ChangeRecord.Operation.UPSERT).count();
            if (type.upserted() != upserts) {
                problems.add(type.objectType() + " reports " + type.upserted() + " upserted, but " + upserts
                        + " UPSERT records were delivered");
            }
        }
        assertNoProblems("The result of a full round is wrong", problems);
    }

    private Stream<Executable> refusals(InvalidConfiguration invalid) {
        return Stream.of(
                () -> assertRefused("validate()", invalid, () -> provider.validate(invalid.configuration())),
                () -> assertRefused("create()", invalid, () -> provider.create(invalid.configuration()).close()));
    }

    private static void assertRefused(String method, InvalidConfiguration invalid, Executable call) {
        ConfigurationException e = assertThrows(ConfigurationException.class, call,
                () -> method + " must refuse a configuration where " + invalid.description()
                        + " with a ConfigurationException");
        List<String> fields = e.problems().stream().map(ConfigurationException.Problem::field).toList();
        assertTrue(fields.contains(invalid.expectedField()), () -> method + " refused a configuration where "
                + invalid.description() + ", but its problems name " + fields + ", not " + invalid.expectedField());
    }

    private static void assertWatermarkRejected(Connector connector, String watermark, String what) {
        List<ChangeRecord> delivered = new ArrayList<>();
        Throwable thrown = thrown(() -> connector.importChanges(ImportRequest.delta(watermark), delivered::add));
        assertInstanceOf(WatermarkRejectedException.class, thrown, () -> "A DELTA import from " + what + " was "
                + (thrown == null ? "accepted" : "refused with " + thrown) + "; it must throw "
                + "WatermarkRejectedException, so that the host runs a FULL import instead of trusting it");
        assertTrue(delivered.isEmpty(), () -> "A DELTA import from " + what + " delivered " + delivered.size()
                + " records before rejecting the watermark; check it before reading anything");
    }

    private static void assertSinkFailure(Connector connector, int failOnRecord, Exception failure) {
        AtomicInteger calls = new AtomicInteger();
        ChangeSink failing = record -> {
            if (calls.incrementAndGet() == failOnRecord) {
                throw failure;
            }
        };
        Throwable thrown = thrown(() -> connector.importChanges(ImportRequest.full(), failing));
        assertNotNull(thrown, () -> "importChanges returned a result, with a watermark, although the sink threw on "
                + "record " + failOnRecord + "; it must throw SinkFailedException and return no watermark");
        assertInstanceOf(SinkFailedException.class, thrown, () -> "When the sink throws on record " + failOnRecord
                + ", importChanges must throw SinkFailedException, not " + thrown);
        assertSame(failure, thrown.getCause(), "SinkFailedException's cause must be what the sink threw");
        assertEquals(failOnRecord, calls.get(), "The connector kept delivering records after the sink threw");
    }

    private static void assertCancelled(Executable importing, String how) {
        Throwable thrown = thrown(importing);
        assertNotNull(thrown, () -> "An import " + how + " returned a result, with a watermark; check "
                + "request.cancellation() between pages and before returning, and throw ImportCancelledException");
        assertInstanceOf(ImportCancelledException.class, thrown, () -> "An import " + how + " must throw "
                + "ImportCancelledException, not " + thrown);
    }

    private static Throwable thrown(Executable call) {
        try {
            call.execute();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    /**
     * Calls {@code call} and keeps the text a host could show or log: the result's {@code toString()}, or the
     * {@code toString()} of what it threw, causes and suppressed exceptions included.
     */
    private static void observe(String where, Map<String, String> seen, Callable<?> call) {
        Throwable thrown;
        try {
            seen.put(where + ": its result", String.valueOf(call.call()));
            return;
        } catch (Throwable t) {
            thrown = t;
        }
        int depth = 0;
        for (Throwable t = thrown; t != null && depth < 10; t = t.getCause(), depth++) {
            seen.put(where + ": " + t.getClass().getSimpleName() + " at cause depth " + depth, t.toString());
            for (Throwable suppressed : t.getSuppressed()) {
                seen.put(where + ": suppressed " + suppressed.getClass().getSimpleName(), suppressed.toString());
            }
        }
    }

    private static void assertNoProblems(String heading, List<String> problems) {
        if (!problems.isEmpty()) {
            fail(heading + ":\n  " + String.join("\n  ", problems));
        }
    }

    private void assumeDelta() {
        assumeTrue(descriptor.supports(Capability.IMPORT_DELTA), "the connector does not declare IMPORT_DELTA");
    }

    private Set<String> secretValues() {
        Set<String> secrets = fixture.secretValues();
        assertTrue(secrets != null && !secrets.isEmpty() && secrets.stream().noneMatch(s -> s == null || s.isBlank()),
                "Fixture problem: secretValues() must list the secrets the configurations use, none blank");
        return secrets;
    }

    private static String requireAttribute(Delta delta, String method) {
        return delta.mutated.changedAttribute().orElseGet(() -> fail("Fixture problem: " + method
                + "() must say which attribute it changed; it returned " + delta.mutated));
    }

    private void requireContainedType(Delta delta, String method) {
        assertTrue(descriptor.objectType(delta.mutated.objectType()).flatMap(ObjectType::containerType).isPresent(),
                () -> "Fixture problem: " + method + "() returned " + delta.mutated + ", whose type has no container");
    }

    /** Changes that would alter the environment if export ignored the missing capability. */
    private List<ChangeRecord> exportProbe(Map<String, Map<String, Map<String, Object>>> environment) {
        List<ChangeRecord> probe = new ArrayList<>();
        for (ObjectType type : descriptor.objectTypes()) {
            Map<String, Map<String, Object>> objects = environment.getOrDefault(type.name(), Map.of());
            if (!objects.isEmpty()) {
                Map.Entry<String, Map<String, Object>> existing = objects.entrySet().iterator().next();
                probe.add(ChangeRecord.upsert(type.name(), "contract-suite-export-probe", existing.getValue()));
                probe.add(ChangeRecord.delete(type.name(), existing.getKey()));
                return probe;
            }
        }
        probe.add(ChangeRecord.upsert(descriptor.objectTypes().get(0).name(), "contract-suite-export-probe", Map.of()));
        return probe;
    }


}
