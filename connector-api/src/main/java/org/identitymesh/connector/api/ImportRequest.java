package org.identitymesh.connector.api;

import java.util.Objects;
import java.util.Optional;

/**
 * What a host asks of one import: the mode, the watermark of the previous successful import, and how to watch
 * and stop it. Immutable; build one with {@link #full()}, {@link #delta(String)}, {@link #fromNow()} or
 * {@link #resume(String)} and the {@code with...} methods.
 */
public final class ImportRequest {

    private final ImportMode mode;
    private final String watermark;
    private final String checkpoint;
    private final boolean fromNow;
    private final ProgressListener progressListener;
    private final Cancellation cancellation;

    private ImportRequest(ImportMode mode, String watermark, String checkpoint, boolean fromNow,
            ProgressListener progressListener, Cancellation cancellation) {
        this.mode = mode;
        this.watermark = watermark;
        this.checkpoint = checkpoint;
        this.fromNow = fromNow;
        this.progressListener = progressListener;
        this.cancellation = cancellation;
    }

    /**
     * A full import: every object in scope. It needs no watermark; {@link #watermark()} is always empty.
     *
     * @return the request
     */
    public static ImportRequest full() {
        return new ImportRequest(ImportMode.FULL, null, null, false, ProgressListener.NONE, Cancellation.create());
    }

    /**
     * A delta import from the watermark the previous successful import returned.
     *
     * @param watermark the stored watermark, verbatim; {@code null} or empty on a first run, in which case the
     *                  connector runs a full round and reports {@link ImportResult.FullRoundReason#FIRST_RUN}
     * @return the request
     */
    public static ImportRequest delta(String watermark) {
        String w = watermark == null || watermark.isEmpty() ? null : watermark;
        return new ImportRequest(ImportMode.DELTA, w, null, false, ProgressListener.NONE, Cancellation.create());
    }

    /**
     * Changes from now on, without reading what exists: for a host that already holds a copy (made by another tool,
     * restored from a backup) and wants only what changes after this call. The import delivers no records and
     * returns a watermark from which a {@link #delta(String)} import delivers every change made after this import
     * started (changes made while it runs may be delivered then, too). No type's result is a complete snapshot or a
     * full round. Connectors declare it with {@link Capability#IMPORT_FROM_NOW}; others throw
     * {@link UnsupportedCapabilityException}. Its {@link #mode()} is {@link ImportMode#DELTA}.
     *
     * @return the request
     */
    public static ImportRequest fromNow() {
        return new ImportRequest(ImportMode.DELTA, null, null, true, ProgressListener.NONE, Cancellation.create());
    }

    /**
     * Continues an import that stopped (a crash, a failure, a cancellation) from the last
     * {@linkplain ChangeSink#checkpoint(String) checkpoint} it handed out, for connectors with
     * {@link Capability#RESUMABLE_IMPORT}. The resumed import delivers what came after the checkpoint and returns
     * the watermark the original import would have returned. Its {@link ImportResult.TypeResult#completeSnapshot()}
     * covers the original import as a whole: the host deletes only the objects of a complete type that it received
     * in neither part (a host keeps a mark of what the stopped import delivered, for example an import number on
     * each row). Counts in the result cover the resumed part only.
     *
     * <p>The resumed import keeps the mode of the import it resumes, which its checkpoint records: a resumed FULL
     * import reports its types' full rounds with the original reasons, as the stopped import would have. The
     * request's own {@link #mode()} is {@link ImportMode#DELTA}, since the host asks only to continue; read the
     * mode from the result, not from the request.
     *
     * @param checkpoint the last checkpoint the stopped import handed out
     * @return the request
     * @throws IllegalArgumentException when the checkpoint is empty
     */
    public static ImportRequest resume(String checkpoint) {
        if (checkpoint == null || checkpoint.isEmpty()) {
            throw new IllegalArgumentException("resume needs the checkpoint the stopped import handed out");
        }
        return new ImportRequest(ImportMode.DELTA, null, checkpoint, false, ProgressListener.NONE,
                Cancellation.create());
    }

    /**
     * The same request with a progress listener.
     *
     * @param listener receives progress events on the importing thread
     * @return a new request
     */
    public ImportRequest withProgressListener(ProgressListener listener) {
        return new ImportRequest(mode, watermark, checkpoint, fromNow, Objects.requireNonNull(listener, "listener"),
                cancellation);
    }

    /**
     * The same request with a cancellation the host keeps to stop the import.
     *
     * @param cancellation the signal
     * @return a new request
     */
    public ImportRequest withCancellation(Cancellation cancellation) {
        return new ImportRequest(mode, watermark, checkpoint, fromNow, progressListener,
                Objects.requireNonNull(cancellation, "cancellation"));
    }

    /**
     * The requested mode.
     *
     * @return the mode
     */
    public ImportMode mode() {
        return mode;
    }

    /**
     * The watermark to resume from; always empty for {@link ImportMode#FULL}.
     *
     * @return the watermark, if any
     */
    public Optional<String> watermark() {
        return mode == ImportMode.FULL ? Optional.empty() : Optional.ofNullable(watermark);
    }

    /**
     * The checkpoint to resume from, for a request made by {@link #resume(String)}.
     *
     * @return the checkpoint, if this request resumes a stopped import
     */
    public Optional<String> checkpoint() {
        return Optional.ofNullable(checkpoint);
    }

    /**
     * Whether this request, made by {@link #fromNow()}, asks only for a starting watermark.
     *
     * @return {@code true} for a {@link #fromNow()} request
     */
    public boolean startsFromNow() {
        return fromNow;
    }

    /**
     * The progress listener; {@link ProgressListener#NONE} unless set.
     *
     * @return the listener
     */
    public ProgressListener progressListener() {
        return progressListener;
    }

    /**
     * The cancellation signal.
     *
     * @return the signal
     */
    public Cancellation cancellation() {
        return cancellation;
    }

    /** Names the mode and whether a watermark is present, never the watermark. */
    @Override
    public String toString() {
        return "ImportRequest[mode=" + mode + ", watermark=" + (watermark == null ? "none" : "present")
                + (checkpoint == null ? "" : ", resuming from a checkpoint") + (fromNow ? ", from now" : "") + "]";
    }
}
