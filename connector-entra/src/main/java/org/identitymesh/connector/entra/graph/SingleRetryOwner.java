package org.identitymesh.connector.entra.graph;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Keeps OkHttp from retrying by itself. OkHttp's follow-up logic repeats a 503 whose {@code Retry-After} is
 * {@code 0} at once, silently, whatever the client's settings; then a throttle is retried twice and one of the
 * repeats is neither counted, nor capped, nor reported. As a network interceptor this runs before that logic and
 * moves the header of a 503 to {@link #HEADER}, where only {@link GraphTransport} reads it (and hands it to
 * {@link RetryPolicy#retryAfter}).
 */
final class SingleRetryOwner implements Interceptor {

    /** Where the {@code Retry-After} of a 503 is kept. */
    static final String HEADER = "X-IdentityMesh-Retry-After";

    @Override
    public Response intercept(Chain chain) throws IOException {
        Response response = chain.proceed(chain.request());
        String retryAfter = response.header("Retry-After");
        if (response.code() != 503 || retryAfter == null) {
            return response;
        }
        return response.newBuilder().removeHeader("Retry-After").header(HEADER, retryAfter).build();
    }
}
