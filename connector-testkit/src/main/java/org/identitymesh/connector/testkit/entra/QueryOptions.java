package org.identitymesh.connector.testkit.entra;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Parsing of {@code $select} and {@code Prefer} for Graph requests. */
final class QueryOptions {

    /** OData options Graph's directory endpoints reject on delta queries. */
    static final Set<String> UNSUPPORTED_ON_DELTA = Set.of("$expand", "$top", "$orderby", "$search", "$count",
            "$skip", "$filter", "$format", "$levels", "$apply");

    /** A query Graph would reject, with its error code and message. */
    static final class BadQueryException extends Exception {
        private static final long serialVersionUID = 1L;
        private final String code;

        BadQueryException(String code, String message) {
            super(message);
            this.code = code;
        }

        String code() {
            return code;
        }
    }

    /**
     * The preferences of a request.
     *
     * @param maxPageSize the {@code odata.maxpagesize} asked for, or 0
     * @param minimal     whether {@code return=minimal} was asked for
     */
    record Preferences(int maxPageSize, boolean minimal) {
    }

    private QueryOptions() {
    }

    /**
     * The select mask for a {@code $select} value; null or blank gives the schema's default. {@code id} is
     * always included; {@code members} and {@code owners} work on groups only; real Graph properties the
     * simulator does not model are accepted and never returned.
     */
    static long select(PropertySchema schema, String select) throws BadQueryException {
        if (select == null || select.isBlank()) {
            return schema.defaultSelect();
        }
        long mask = 0;
        for (String raw : select.split(",")) {
            String name = raw.trim();
            if (name.isEmpty() || name.equals("id")) {
                continue;
            }
            PropertySchema.Property p = schema.property(name);
            if (p != null) {
                mask |= p.bit();
            } else if (name.equals("members") && schema.hasMembers()) {
                mask |= PropertySchema.MEMBERS_BIT;
            } else if (name.equals("owners") && schema.hasMembers()) {
                mask |= PropertySchema.OWNERS_BIT;
            } else if (!schema.isUnmodelled(name)) {
                throw new BadQueryException("Request_BadRequest", "Could not find a property named '" + name
                        + "' on type '" + schema.odataType().substring(1) + "'.");
            }
        }
        return mask;
    }

    /** A {@code $select} value with blanks removed ({@code ""} for none), as links and contexts repeat it. */
    static String normalizedSelect(String select) {
        if (select == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (String raw : select.split(",")) {
            String name = raw.trim();
            if (!name.isEmpty()) {
                out.append(out.length() == 0 ? "" : ",").append(name);
            }
        }
        return out.toString();
    }

    /** Reads every {@code Prefer} header (each may list several preferences). */
    static Preferences preferences(List<String> headers) {
        int size = 0;
        boolean minimal = false;
        for (String header : headers) {
            for (String pref : header.split(",")) {
                String p = pref.trim().toLowerCase(Locale.ROOT);
                if (p.startsWith("odata.maxpagesize=")) {
                    try {
                        size = Integer.parseInt(p.substring("odata.maxpagesize=".length()).trim());
                    } catch (NumberFormatException e) {
                        size = 0;
                    }
                } else if (p.equals("return=minimal")) {
                    minimal = true;
                }
            }
        }
        return new Preferences(Math.max(0, size), minimal);
    }
}
