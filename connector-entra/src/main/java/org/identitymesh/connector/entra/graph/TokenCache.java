package org.identitymesh.connector.entra.graph;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;

/**
 * Reuses one access token until shortly before it expires, so that a full import signs in about once an hour rather
 * than once a request (Entra rate-limits token requests). {@link #invalidate(int)} drops the token after Graph refused
 * it (401), so the next request signs in again. {@link #graphAcceptedAToken()} tells whether signing in has ever
 * yielded a token Graph takes: then a refusal is a revocation or an expiry, worth signing in again for; if not, the
 * configuration is wrong (tenant, cloud or audience) and signing in again will not help.
 *
 * <p>azure-core's {@code SimpleTokenCache} is reactive only and cannot be invalidated, hence this small class.
 * Thread-safe.
 */
final class TokenCache implements TokenCredential {

    private static final Duration MAX_MARGIN = Duration.ofMinutes(5);

    private final java.util.function.Supplier<TokenCredential> credentials;
    private final String mode;
    private TokenCredential delegate;
    private final Clock clock;
    private final AtomicLong acquisitions = new AtomicLong();
    private AccessToken token;
    private Instant refreshAt = Instant.MIN;
    private volatile boolean graphAcceptedAToken;

    /**
     * @param credentials builds the credential; called once, and again after Graph refused a token, because a
     *                    credential keeps its own cache (MSAL's) and would hand out the refused token again
     * @param mode        the authentication mode ({@code AuthJson.Mode}) the credential was built for, which a
     *                    failure of the credential carries so that its message names the fix for that mode
     * @param clock       the clock for expiry
     */
    TokenCache(java.util.function.Supplier<TokenCredential> credentials, String mode, Clock clock) {
        this.credentials = credentials;
        this.mode = mode;
        this.delegate = credentials.get();
        this.clock = clock;
    }

    @Override
    public Mono<AccessToken> getToken(TokenRequestContext request) {
        return Mono.fromCallable(() -> getTokenSync(request));
    }

    @Override
    public synchronized AccessToken getTokenSync(TokenRequestContext request) {
        Instant now = clock.instant();
        if (token == null || !now.isBefore(refreshAt)) {
            AccessToken fresh;
            try {
                fresh = delegate.getTokenSync(request);
            } catch (RuntimeException e) {
                throw new SignIn.CredentialFailure(mode, e);
            }
            acquisitions.incrementAndGet();
            Instant expires = fresh.getExpiresAt().toInstant();
            Duration lifetime = Duration.between(now, expires);
            Duration margin = lifetime.dividedBy(10).compareTo(MAX_MARGIN) < 0 ? lifetime.dividedBy(10) : MAX_MARGIN;
            token = fresh;
            refreshAt = expires.minus(margin.isNegative() ? Duration.ZERO : margin);
        }
        return token;
    }

    /**
     * Drops the cached token if it is the one Graph refused. Several requests may fail with the same refused token
     * at once (concurrent chains); only the first drops it, the others use the token it got.
     *
     * @param refusedTokenHash the {@link String#hashCode()} of the refused token
     */
    synchronized void invalidate(int refusedTokenHash) {
        if (token != null && token.getToken().hashCode() == refusedTokenHash) {
            token = null;
            refreshAt = Instant.MIN;
            delegate = credentials.get();
        }
    }

    /** Notes that Graph answered a request made with one of the tokens handed out. */
    void accepted() {
        graphAcceptedAToken = true;
    }

    /**
     * Whether Graph has ever answered a request made with a token of this cache, which shows that the tenant, the
     * cloud and the audience are right.
     *
     * @return true once {@link #accepted()} was called
     */
    boolean graphAcceptedAToken() {
        return graphAcceptedAToken;
    }

    /** How many tokens were acquired. */
    long acquisitions() {
        return acquisitions.get();
    }
}
