package org.identitymesh.connector.entra.delta;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses a Graph delta page with Jackson's streaming parser, which, unlike the SDK's typed models, keeps an
 * explicit {@code null} apart from an absent property. Holds nothing beyond the page.
 */
public final class DeltaPageParser {

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build())
            .build();

    private DeltaPageParser() {
    }

    /**
     * Parses one page.
     *
     * @param body the response body
     * @return the page
     * @throws IOException when the body is cut, malformed or not a delta page
     */
    public static DeltaPage parse(InputStream body) throws IOException {
        return parse(body, true);
    }

    /**
     * Parses one page of a plain collection (for example {@code /groups/{id}/members}), which ends without a
     * deltaLink.
     *
     * @param body the response body
     * @return the page; its {@link DeltaPage#nextLink()} is {@code null} on the last page
     * @throws IOException when the body is cut or malformed
     */
    public static DeltaPage parseCollection(InputStream body) throws IOException {
        return parse(body, false);
    }

    /**
     * Parses a single object, as {@code GET /users/{id}} returns it.
     *
     * @param body the response body
     * @return the object
     * @throws IOException when the body is cut or malformed
     */
    public static DeltaObject parseObject(InputStream body) throws IOException {
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new JsonParseException(p, "a directory object is a JSON object");
            }
            DeltaObject object = readObject(p, new PropertyMap.Builder());
            if (p.nextToken() != null) {
                throw new JsonParseException(p, "a directory object must end after its object");
            }
            return object;
        }
    }

    private static DeltaPage parse(InputStream body, boolean delta) throws IOException {
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new JsonParseException(p, "a delta page is a JSON object");
            }
            List<DeltaObject> objects = List.of();
            String nextLink = null;
            String deltaLink = null;
            boolean sawValue = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken token = p.nextToken();
                switch (name) {
                    case "value" -> {
                        if (token != JsonToken.START_ARRAY) {
                            throw new JsonParseException(p, "\"value\" of a delta page must be an array");
                        }
                        objects = readObjects(p);
                        sawValue = true;
                    }
                    case "@odata.nextLink" -> nextLink = text(p, name);
                    case "@odata.deltaLink" -> deltaLink = text(p, name);
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new JsonParseException(p, "a delta page must end after its object");
            }
            if (!sawValue) {
                throw new JsonParseException(p, "a delta page has a \"value\" array");
            }
            if (!delta) {
                return new DeltaPage(objects, nextLink, null);
            }
            if ((nextLink == null) == (deltaLink == null)) {
                throw new JsonParseException(p, "a delta page carries exactly one of @odata.nextLink and @odata.deltaLink");
            }
            return new DeltaPage(objects, nextLink, deltaLink);
        }
    }

    private static List<DeltaObject> readObjects(JsonParser p) throws IOException {
        List<DeltaObject> objects = new ArrayList<>();
        PropertyMap.Builder properties = new PropertyMap.Builder();
        JsonToken token;
        while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
            if (token != JsonToken.START_OBJECT) {
                throw new JsonParseException(p, "delta objects must be JSON objects");
            }
            objects.add(readObject(p, properties));
        }
        return objects;
    }

    private static DeltaObject readObject(JsonParser p, PropertyMap.Builder properties) throws IOException {
        String id = null;
        String type = null;
        DeltaObject.Removal removal = null;
        List<DeltaObject.Link> members = List.of();
        List<DeltaObject.Link> owners = List.of();
        DeltaObject.Link manager = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken token = p.nextToken();
            if (name.equals("id")) {
                id = text(p, name);
            } else if (name.equals("@odata.type")) {
                type = token == JsonToken.VALUE_STRING ? p.getText() : null;
            } else if (name.equals("@removed")) {
                removal = removal(p);
            } else if (name.equals("members@delta")) {
                members = readLinks(p, name);
            } else if (name.equals("owners@delta")) {
                owners = readLinks(p, name);
            } else if (name.equals("manager@delta")) {
                manager = readManager(p, token);
            } else if (name.indexOf('@') >= 0) {
                p.skipChildren();
            } else {
                properties.put(name, value(p, token));
            }
        }
        if (id == null || id.isEmpty()) {
            throw new JsonParseException(p, "a delta object has an \"id\"");
        }
        return new DeltaObject(id, type, removal, properties.buildAndReset(), members, manager, owners);
    }

    private static DeltaObject.Removal removal(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return DeltaObject.Removal.DELETED;
        }
        String reason = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            if (field.equals("reason") && p.currentToken() == JsonToken.VALUE_STRING) {
                reason = p.getText();
            } else {
                p.skipChildren();
            }
        }
        // "changed" is a soft delete; "deleted", and any reason Graph may add later, mean the object is gone
        return "changed".equals(reason) ? DeltaObject.Removal.SOFT_DELETED : DeltaObject.Removal.DELETED;
    }

    private static List<DeltaObject.Link> readLinks(JsonParser p, String name) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return List.of();
        }
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new JsonParseException(p, "\"" + name + "\" must be an array");
        }
        List<DeltaObject.Link> links = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            links.add(readLink(p));
        }
        if (p.currentToken() != JsonToken.END_ARRAY) {
            throw new JsonParseException(p, "\"" + name + "\" holds objects");
        }
        return links;
    }

    private static DeltaObject.Link readLink(JsonParser p) throws IOException {
        String type = null;
        String id = null;
        boolean removed = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken token = p.nextToken();
            switch (field) {
                case "@odata.type" -> type = token == JsonToken.VALUE_STRING ? odataType(p) : null;
                case "id" -> id = text(p, field);
                case "@removed" -> {
                    p.skipChildren();
                    removed = true;
                }
                default -> p.skipChildren();
            }
        }
        if (id == null || id.isEmpty()) {
            throw new JsonParseException(p, "a member, owner or manager entry has an \"id\"");
        }
        return new DeltaObject.Link(type, id, removed);
    }

    /** {@code manager@delta} as an object or as an array of one; the last entry wins. */
    private static DeltaObject.Link readManager(JsonParser p, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return new DeltaObject.Link(null, "", true);
        }
        if (token == JsonToken.START_OBJECT) {
            return readLink(p);
        }
        List<DeltaObject.Link> links = readLinks(p, "manager@delta");
        return links.isEmpty() ? new DeltaObject.Link(null, "", true) : links.get(links.size() - 1);
    }

    /** The directory types a member link names; one string each instead of one per link. */
    private static final String[] KNOWN_TYPES = {"#microsoft.graph.user", "#microsoft.graph.group",
        "#microsoft.graph.servicePrincipal", "#microsoft.graph.device", "#microsoft.graph.orgContact"};

    /** The current string, as the shared constant when it is one of {@link #KNOWN_TYPES}. */
    private static String odataType(JsonParser p) throws IOException {
        char[] chars = p.getTextCharacters();
        int offset = p.getTextOffset();
        int length = p.getTextLength();
        for (String known : KNOWN_TYPES) {
            if (known.length() == length && matches(known, chars, offset)) {
                return known;
            }
        }
        return new String(chars, offset, length);
    }

    private static boolean matches(String known, char[] chars, int offset) {
        for (int i = known.length() - 1; i >= 0; i--) {
            if (known.charAt(i) != chars[offset + i]) {
                return false;
            }
        }
        return true;
    }

    private static Object value(JsonParser p, JsonToken token) throws IOException {
        switch (token) {
            case VALUE_NULL:
                return null;
            case VALUE_STRING:
                return p.getText();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NUMBER_INT:
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getText() : p.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return p.getText();
            case START_ARRAY:
            case START_OBJECT:
                return NestedValues.read(p);
            default:
                throw new JsonParseException(p, "unexpected " + token);
        }
    }

    private static String text(JsonParser p, String name) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw new JsonParseException(p, "\"" + name + "\" must be a string");
        }
        return p.getText();
    }
}
