package org.identitymesh.connector.entra.graph;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import okhttp3.Call;
import okhttp3.Interceptor;
import okhttp3.Response;
import org.identitymesh.connector.api.Cancellation;

/**
 * The HTTP calls in flight, each with the cancellation it was sent under, so that stopping an import ends its
 * requests at once instead of after their timeout. As an OkHttp interceptor it learns each call on the thread that
 * sends it (the request adapter executes calls synchronously); the call stays known until its body is read.
 */
final class InFlightCalls implements Interceptor {

    private static final ThreadLocal<Cancellation> SENT_UNDER = new ThreadLocal<>();
    private static final ThreadLocal<Call> CURRENT = new ThreadLocal<>();

    private final Map<Call, Cancellation> calls = new ConcurrentHashMap<>();

    /** Runs {@code send} on this thread with its calls tracked under {@code cancellation}. */
    <T> T track(Cancellation cancellation, Supplier<T> send) {
        SENT_UNDER.set(cancellation);
        try {
            return send.get();
        } finally {
            Call call = CURRENT.get();
            if (call != null) {
                calls.remove(call);
            }
            CURRENT.remove();
            SENT_UNDER.remove();
        }
    }

    /** Cancels the calls sent under a cancellation, which its holder has just signalled. */
    void cancel(Cancellation cancellation) {
        calls.forEach((call, sentUnder) -> {
            if (sentUnder == cancellation) {
                call.cancel();
            }
        });
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Cancellation cancellation = SENT_UNDER.get();
        if (cancellation != null) {
            Call call = chain.call();
            CURRENT.set(call);
            calls.put(call, cancellation);
            if (cancellation.isCancelled()) {
                call.cancel(); // signalled before the call was known here
            }
        }
        return chain.proceed(chain.request());
    }
}
