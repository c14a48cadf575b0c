package org.identitymesh.connector.entra.reliability;

import java.util.List;
import java.util.SplittableRandom;
import org.identitymesh.connector.testkit.entra.EntraDirectory;

/** Random tenant changes for tests in other packages. */
public final class TenantMutatorAccess {

    private final TenantMutator mutator;

    /**
     * A mutator of a directory.
     *
     * @param directory the directory
     * @param random    the source of randomness
     */
    public TenantMutatorAccess(EntraDirectory directory, SplittableRandom random) {
        this.mutator = new TenantMutator(directory, random);
    }

    /**
     * Makes random changes.
     *
     * @param count how many
     * @return one line per change
     */
    public List<String> mutate(int count) {
        return mutator.mutate(count);
    }
}
