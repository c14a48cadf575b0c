package org.identitymesh.connector.samples;

import picocli.CommandLine.Option;

/** The delete guard's options, shared by {@code run} and {@code watch}. */
final class GuardOptions {

    @Option(names = "--max-deletes", defaultValue = "500", paramLabel = "N",
            description = "stop a run that deletes more than N objects of one type (default: ${DEFAULT-VALUE}; "
                    + "0 = no limit)")
    int maxDeletes;

    @Option(names = "--max-delete-percent", defaultValue = "20", paramLabel = "P",
            description = "stop a run that deletes more than P %% of the objects of one type the last complete "
                    + "snapshot had (default: ${DEFAULT-VALUE}; 0 = no limit)")
    int maxDeletePercent;

    @Option(names = "--accept-deletes",
            description = "this once, write the changes even if the delete guard would stop the run")
    boolean acceptDeletes;

    DeleteGuard guard() throws UsageProblem {
        if (maxDeletes < 0 || maxDeletePercent < 0 || maxDeletePercent > 100) {
            throw new UsageProblem("--max-deletes takes 0 or more and --max-delete-percent 0 to 100");
        }
        return new DeleteGuard(maxDeletes, maxDeletePercent, acceptDeletes);
    }
}
