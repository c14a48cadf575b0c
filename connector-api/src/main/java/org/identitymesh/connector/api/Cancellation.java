package org.identitymesh.connector.api;

/**
 * A signal a host sets to stop an import. The connector checks it between pages and while waiting to retry, and
 * then throws {@link ImportCancelledException}. Interrupting the importing thread has the same effect.
 *
 * <p>Thread-safe: {@link #cancel()} is typically called from another thread.
 */
public final class Cancellation {

    private volatile boolean cancelled;

    private Cancellation() {
    }

    /**
     * A new, unsignalled cancellation.
     *
     * @return the cancellation
     */
    public static Cancellation create() {
        return new Cancellation();
    }

    /** Asks the import to stop as soon as it can. Idempotent. */
    public void cancel() {
        cancelled = true;
    }

    /**
     * Whether {@link #cancel()} was called or the current thread is interrupted.
     *
     * @return whether the import should stop
     */
    public boolean isCancelled() {
        return cancelled || Thread.currentThread().isInterrupted();
    }

    /**
     * Throws when the import should stop.
     *
     * @throws ImportCancelledException when {@link #isCancelled()}
     */
    public void throwIfCancelled() {
        if (isCancelled()) {
            throw new ImportCancelledException("The import was cancelled; no watermark was returned.");
        }
    }

    @Override
    public String toString() {
        return "Cancellation[" + (cancelled ? "cancelled" : "active") + "]";
    }
}
