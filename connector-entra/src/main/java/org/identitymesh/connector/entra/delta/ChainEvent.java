package org.identitymesh.connector.entra.delta;

/** What a {@link DeltaChain} hands to the importing thread: a page, the end of its round, or the failure that ended it. */
public sealed interface ChainEvent {

    /**
     * The chain that sent it.
     *
     * @return the chain
     */
    DeltaChain chain();

    /**
     * A page, whose links the chain has checked.
     *
     * @param chain the chain
     * @param page  the page
     */
    record Page(DeltaChain chain, DeltaPage page) implements ChainEvent {
    }

    /**
     * The round's last page was handed over; it carried the deltaLink.
     *
     * @param chain the chain
     */
    record End(DeltaChain chain) implements ChainEvent {
    }

    /**
     * The chain stopped with a failure.
     *
     * @param chain   the chain
     * @param failure what the request threw
     */
    record Failed(DeltaChain chain, RuntimeException failure) implements ChainEvent {
    }
}
