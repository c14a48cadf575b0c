package org.identitymesh.connector.testkit.memory;

import org.identitymesh.connector.testkit.ConnectorContractSuite;
import org.identitymesh.connector.testkit.ContractFixture;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The contract suite against each {@link Flaw}. These suites are meant to fail, so surefire must not run them:
 * they are nested classes (surefire excludes {@code *$*}) of a class whose name matches none of its patterns, and
 * they skip themselves unless the configuration parameter {@value #RUN} is set, as {@link FlawsAreCaughtTest}
 * sets it when it runs them through the JUnit Platform's {@code EngineTestKit}.
 */
final class FlawedSuites {

    private FlawedSuites() {
    }

    static Class<? extends ConnectorContractSuite> of(Flaw flaw) {
        return switch (flaw) {
            case SWALLOWS_SINK_FAILURE -> SwallowsSinkFailure.class;
            case WATERMARK_AHEAD_OF_DELIVERY -> WatermarkAheadOfDelivery.class;
            case UPDATES_AS_FULL_REPLACE -> UpdatesAsFullReplace.class;
            case DROPS_DELETES -> DropsDeletes.class;
            case DROPS_MEMBERSHIP_REMOVALS -> DropsMembershipRemovals.class;
            case ACCEPTS_FOREIGN_WATERMARK -> AcceptsForeignWatermark.class;
            case LEAKS_SECRET_IN_TO_STRING -> LeaksSecretInToString.class;
            case LEAKS_SECRET_IN_AUTH_ERROR -> LeaksSecretInAuthError.class;
            case IGNORES_CANCELLATION -> IgnoresCancellation.class;
            case EXPORTS_WITHOUT_CAPABILITY -> ExportsWithoutCapability.class;
            case ACCEPTS_UNKNOWN_FIELDS -> AcceptsUnknownFields.class;
            case DELIVERS_UNDECLARED_ATTRIBUTE -> DeliversUndeclaredAttribute.class;
            case DELIVERS_AN_OBJECTS_CHANGES_NEWEST_FIRST -> DeliversAnObjectsChangesNewestFirst.class;
            case READS_EVERYTHING_FROM_NOW -> ReadsEverythingFromNow.class;
            case SERVES_FROM_NOW_WITHOUT_CAPABILITY -> ServesFromNowWithoutCapability.class;
            case OMITS_UNSET_ATTRIBUTES_IN_FULL_ROUNDS -> OmitsUnsetAttributesInFullRounds.class;
            case CONFIGURED_DESCRIPTOR_MISSES_A_TYPE -> ConfiguredDescriptorMissesAType.class;
            case RESUMES_PAST_A_RECORD -> ResumesPastARecord.class;
            case RESUMES_AS_A_DELTA -> ResumesAsADelta.class;
        };
    }

    /** The configuration parameter {@link FlawsAreCaughtTest} sets to run these suites. */
    static final String RUN = "identitymesh.testkit.runFlawedSuites";

    /** Skips, rather than fails, a flawed suite that something other than {@link FlawsAreCaughtTest} runs. */
    static final class OnlyWhenAskedFor implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(RUN).isPresent()
                    ? ConditionEvaluationResult.enabled("run by FlawsAreCaughtTest")
                    : ConditionEvaluationResult.disabled("meant to fail; FlawsAreCaughtTest runs it");
        }
    }

    @ExtendWith(OnlyWhenAskedFor.class)
    abstract static class Flawed extends ConnectorContractSuite {
        private final Flaw flaw;

        Flawed(Flaw flaw) {
            this.flaw = flaw;
        }

        @Override
        protected ContractFixture fixture() {
            return new InMemoryFixture(flaw::plantIn);
        }
    }

    static class SwallowsSinkFailure extends Flawed {
        SwallowsSinkFailure() {
            super(Flaw.SWALLOWS_SINK_FAILURE);
        }
    }

    static class WatermarkAheadOfDelivery extends Flawed {
        WatermarkAheadOfDelivery() {
            super(Flaw.WATERMARK_AHEAD_OF_DELIVERY);
        }
    }

    static class UpdatesAsFullReplace extends Flawed {
        UpdatesAsFullReplace() {
            super(Flaw.UPDATES_AS_FULL_REPLACE);
        }
    }

    static class DropsDeletes extends Flawed {
        DropsDeletes() {
            super(Flaw.DROPS_DELETES);
        }
    }

    static class DropsMembershipRemovals extends Flawed {
        DropsMembershipRemovals() {
            super(Flaw.DROPS_MEMBERSHIP_REMOVALS);
        }
    }

    static class AcceptsForeignWatermark extends Flawed {
        AcceptsForeignWatermark() {
            super(Flaw.ACCEPTS_FOREIGN_WATERMARK);
        }
    }

    static class LeaksSecretInToString extends Flawed {
        LeaksSecretInToString() {
            super(Flaw.LEAKS_SECRET_IN_TO_STRING);
        }
    }

    static class LeaksSecretInAuthError extends Flawed {
        LeaksSecretInAuthError() {
            super(Flaw.LEAKS_SECRET_IN_AUTH_ERROR);
        }
    }

    static class IgnoresCancellation extends Flawed {
        IgnoresCancellation() {
            super(Flaw.IGNORES_CANCELLATION);
        }
    }

    static class ExportsWithoutCapability extends Flawed {
        ExportsWithoutCapability() {
            super(Flaw.EXPORTS_WITHOUT_CAPABILITY);
        }
    }

    static class AcceptsUnknownFields extends Flawed {
        AcceptsUnknownFields() {
            super(Flaw.ACCEPTS_UNKNOWN_FIELDS);
        }
    }

    static class DeliversUndeclaredAttribute extends Flawed {
        DeliversUndeclaredAttribute() {
            super(Flaw.DELIVERS_UNDECLARED_ATTRIBUTE);
        }
    }

    static class DeliversAnObjectsChangesNewestFirst extends Flawed {
        DeliversAnObjectsChangesNewestFirst() {
            super(Flaw.DELIVERS_AN_OBJECTS_CHANGES_NEWEST_FIRST);
        }
    }

    static class ReadsEverythingFromNow extends Flawed {
        ReadsEverythingFromNow() {
            super(Flaw.READS_EVERYTHING_FROM_NOW);
        }
    }

    static class ServesFromNowWithoutCapability extends Flawed {
        ServesFromNowWithoutCapability() {
            super(Flaw.SERVES_FROM_NOW_WITHOUT_CAPABILITY);
        }
    }

    static class ResumesPastARecord extends Flawed {
        ResumesPastARecord() {
            super(Flaw.RESUMES_PAST_A_RECORD);
        }
    }

    static class ResumesAsADelta extends Flawed {
        ResumesAsADelta() {
            super(Flaw.RESUMES_AS_A_DELTA);
        }
    }

    static class OmitsUnsetAttributesInFullRounds extends Flawed {
        OmitsUnsetAttributesInFullRounds() {
            super(Flaw.OMITS_UNSET_ATTRIBUTES_IN_FULL_ROUNDS);
        }
    }

    static class ConfiguredDescriptorMissesAType extends Flawed {
        ConfiguredDescriptorMissesAType() {
            super(Flaw.CONFIGURED_DESCRIPTOR_MISSES_A_TYPE);
        }
    }
}
