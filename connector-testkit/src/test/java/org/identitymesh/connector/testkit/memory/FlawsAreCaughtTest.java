package org.identitymesh.connector.testkit.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * The contract suite proves itself: run against the InMemory connector with one {@link Flaw} planted, exactly the
 * contract tests named for that flaw fail, and every other test passes or is skipped as for the correct connector.
 */
class FlawsAreCaughtTest {

    @ParameterizedTest
    @EnumSource(Flaw.class)
    void exactlyTheContractTestsNamedForAFlawFail(Flaw flaw) {
        Set<String> expected = switch (flaw) {
            // the resume checks stop an import through its sink, which this flaw ignores
            case SWALLOWS_SINK_FAILURE -> Set.of("sinkFailureStopsTheImportWithoutAWatermark",
                    "resumeFromACheckpointDeliversEverythingAfterIt", "resumeKeepsTheModeItResumes");
            case WATERMARK_AHEAD_OF_DELIVERY -> Set.of("changesMadeDuringAnImportAreDeliveredByTheNextDelta");
            case UPDATES_AS_FULL_REPLACE -> Set.of("deltaDeliversPartialUpdatesWithoutClearingOtherAttributes",
                    "deltaDeliversClearedAttributes");
            case DROPS_DELETES -> Set.of("deltaDeliversDeletedObjects", "deltaDeliversRemovedMemberships");
            case DROPS_MEMBERSHIP_REMOVALS -> Set.of("deltaDeliversRemovedMemberships");
            case ACCEPTS_FOREIGN_WATERMARK -> Set.of("foreignWatermarksAreRejected", "corruptedWatermarksAreRejected");
            case LEAKS_SECRET_IN_TO_STRING, LEAKS_SECRET_IN_AUTH_ERROR ->
                    Set.of("secretsNeverAppearInToStringOrMessages");
            case IGNORES_CANCELLATION ->
                    Set.of("cancellingDuringAnImportStopsIt", "importWithCancelledRequestIsRefused");
            case EXPORTS_WITHOUT_CAPABILITY -> Set.of("exportBehavesAsTheDescriptorDeclares");
            case ACCEPTS_UNKNOWN_FIELDS -> Set.of("unknownFieldsAreRefusedNamingThem");
            case DELIVERS_UNDECLARED_ATTRIBUTE -> Set.of("deliveredRecordsMatchTheDescriptor",
                    "configuredDescriptorDescribesWhatIsDelivered");
            case DELIVERS_AN_OBJECTS_CHANGES_NEWEST_FIRST -> Set.of("theLastRecordOfAnObjectIsItsLatestState");
            case READS_EVERYTHING_FROM_NOW -> Set.of("fromNowDeliversNothingAndThenOnlyLaterChanges");
            case OMITS_UNSET_ATTRIBUTES_IN_FULL_ROUNDS -> Set.of("completeSnapshotUpsertsCarryEveryDeclaredAttribute");
            case CONFIGURED_DESCRIPTOR_MISSES_A_TYPE -> Set.of("configuredDescriptorDescribesWhatIsDelivered");
            case RESUMES_PAST_A_RECORD -> Set.of("resumeFromACheckpointDeliversEverythingAfterIt");
            case RESUMES_AS_A_DELTA -> Set.of("resumeKeepsTheModeItResumes");
            // the flaw takes the capability out of the descriptor, which then also differs from the registered one
            case SERVES_FROM_NOW_WITHOUT_CAPABILITY -> Set.of("fromNowIsRefusedWhenNotDeclared",
                    "serviceLoaderFindsTheProvider");
        };

        Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(FlawedSuites.of(flaw)))
                .configurationParameter(FlawedSuites.RUN, "true").execute().testEvents();

        Map<String, String> failures = new TreeMap<>();
        tests.failed().stream().forEach(event -> failures.put(methodName(event), event
                .getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable)
                .map(Throwable::toString).orElse("(no exception)")));
        assertEquals(new TreeSet<>(expected), failures.keySet(), () -> flaw + " made these contract tests fail: "
                + failures);
        assertEquals(2, tests.skipped().count() + tests.aborted().count(),
                "only deltaIsRefusedWhenNotDeclared and one of the two fromNow checks are skipped for a connector "
                        + "that declares IMPORT_DELTA");
    }

    private static String methodName(Event event) {
        return event.getTestDescriptor().getSource().filter(MethodSource.class::isInstance)
                .map(source -> ((MethodSource) source).getMethodName())
                .orElse(event.getTestDescriptor().getDisplayName());
    }
}
