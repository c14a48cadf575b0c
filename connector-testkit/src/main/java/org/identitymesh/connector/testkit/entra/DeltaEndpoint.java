package org.identitymesh.connector.testkit.entra;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * {@code GET /v1.0/users/delta}, {@code /v1.0/groups/delta} and {@code /v1.0/devices/delta} (with or without
 * {@code ()}): query validation, {@code Prefer} handling, state tokens and their expiry; the pages come from
 * {@link DeltaPager}. Tokens expire all at once or per collection.
 */
final class DeltaEndpoint {

    private final String baseUrl;
    private final DeltaPager pager;
    private final StateToken.Codec codec;
    private final TenantSettings settings;
    private final Clock clock;
    private final ErrorResponses errors;
    /** Per collection ({@link StateToken#USERS}, ...): bumped to expire the tokens issued so far. */
    private final AtomicIntegerArray epochs = new AtomicIntegerArray(StateToken.DEVICES + 1);

    DeltaEndpoint(String baseUrl, DeltaPager pager, StateToken.Codec codec, TenantSettings settings, Clock clock,
            ErrorResponses errors) {
        this.baseUrl = baseUrl;
        this.pager = pager;
        this.codec = codec;
        this.settings = settings;
        this.clock = clock;
        this.errors = errors;
    }

    /** Makes every delta and skip token issued so far expired. */
    void expireAll() {
        for (int i = 0; i < epochs.length(); i++) {
            epochs.incrementAndGet(i);
        }
    }

    /** Makes the delta and skip tokens issued so far for one collection expired. */
    void expire(PropertySchema schema) {
        epochs.incrementAndGet(DeltaPager.resource(schema));
    }

    SimResponse handle(SimRequest r, PropertySchema schema) {
        Map<String, String> q = r.query();
        for (String name : q.keySet()) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("$select") || lower.equals("$skiptoken") || lower.equals("$deltatoken")) {
                continue;
            }
            if (QueryOptions.UNSUPPORTED_ON_DELTA.contains(lower)) {
                return errors.graph(r, 400, "Request_UnsupportedQuery", lower.equals("$filter")
                        ? "Unsupported Query. Only 'id eq' filters are supported on delta, and not by this simulator."
                        : "Unsupported query option '" + name + "' on delta.");
            }
            return errors.graph(r, 400, "Request_BadRequest", "Unrecognized query argument specified: '" + name + "'.");
        }
        String skip = param(q, "$skiptoken");
        String delta = param(q, "$deltatoken");
        String select = param(q, "$select");
        if (skip != null && delta != null) {
            return errors.graph(r, 400, "Request_BadRequest", "$skiptoken and $deltatoken cannot be combined.");
        }
        QueryOptions.Preferences prefs = QueryOptions.preferences(r.headerValues("Prefer"));
        int max = settings.maxPageSize();
        int pageSize = prefs.maxPageSize() > 0 ? Math.min(prefs.maxPageSize(), max) : Math.min(settings.defaultPageSize(), max);
        DeltaPager.Options options = new DeltaPager.Options(pageSize, prefs.minimal(), settings.memberSliceSize(),
                settings.duplicateEvery());
        long now = clock.millis();
        int epoch = epochs.get(DeltaPager.resource(schema));
        long mask;
        String selectText;
        DeltaPage page;
        try {
            if (skip == null && (delta == null || delta.equals("latest"))) {
                mask = QueryOptions.select(schema, select);
                selectText = QueryOptions.normalizedSelect(select);
                page = delta == null ? pager.initial(schema, mask, selectText, epoch, now, options)
                        : pager.latest(schema, mask, selectText, epoch, now);
            } else {
                if (select != null) {
                    return errors.graph(r, 400, "Request_BadRequest", "Query options cannot be added to a nextLink or"
                            + " deltaLink: the token carries the original query.");
                }
                StateToken t = codec.decode(skip != null ? skip : delta);
                if (t.resource() != DeltaPager.resource(schema) || t.delta() != (delta != null)) {
                    throw new StateToken.InvalidTokenException("wrong collection or token kind");
                }
                if (t.epoch() != epoch
                        || (t.delta() && now - t.issuedAt() > settings.deltaIdleTimeout().toMillis())) {
                    return expired(r, schema, t.selectText());
                }
                mask = t.select();
                selectText = t.selectText();
                page = pager.resume(t, options, now);
            }
        } catch (QueryOptions.BadQueryException e) {
            return errors.graph(r, 400, e.code(), e.getMessage());
        } catch (StateToken.InvalidTokenException e) {
            return errors.graph(r, 400, "Request_BadRequest", "The " + (skip != null ? "$skiptoken" : "$deltatoken")
                    + " is not valid for this request.");
        }
        String collection = baseUrl + "/v1.0/" + schema.entitySet() + "/delta";
        String next = page.next() == null ? null : collection + "?$skiptoken=" + codec.encode(page.next());
        String deltaLink = page.delta() == null ? null : collection + "?$deltatoken=" + codec.encode(page.delta());
        String context = context(schema, selectText);
        boolean linksFirst = settings.linksBeforeValue();
        SimResponse response = SimResponse.json(200, SimResponse.GRAPH_JSON,
                g -> PageWriter.page(g, schema, context, page, next, deltaLink, linksFirst));
        List<String> applied = new ArrayList<>();
        if (prefs.maxPageSize() > 0) {
            applied.add("odata.maxpagesize=" + pageSize);
        }
        if (prefs.minimal()) {
            applied.add("return=minimal");
        }
        if (!applied.isEmpty()) {
            response.header("Preference-Applied", String.join(",", applied));
        }
        return response;
    }

    private SimResponse expired(SimRequest r, PropertySchema schema, String selectText) {
        if (settings.expiryResponse() == ExpiryResponse.RESYNC_REQUIRED) {
            return errors.graph(r, 410, "resyncRequired", "The delta token is no longer valid; the application must"
                    + " resynchronize from the start.").header("Location", restartUrl(schema, selectText));
        }
        return errors.graph(r, 400, "syncStateNotFound", "The sync state for this delta token was not found; it"
                + " has expired. Start a new delta round.");
    }

    /** The URL that starts a new round with the same selection, for {@code Location} headers. */
    String restartUrl(PropertySchema schema, String selectText) {
        String url = baseUrl + "/v1.0/" + schema.entitySet() + "/delta";
        return selectText.isEmpty() ? url : url + "?$select=" + selectText;
    }

    private String context(PropertySchema schema, String selectText) {
        String context = baseUrl + "/v1.0/$metadata#" + schema.entitySet();
        return selectText.isEmpty() ? context : context + "(" + selectText + ")";
    }

    private static String param(Map<String, String> q, String name) {
        for (Map.Entry<String, String> e : q.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }
}
