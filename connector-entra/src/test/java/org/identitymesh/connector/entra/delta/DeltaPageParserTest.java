package org.identitymesh.connector.entra.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeltaPageParserTest {

    private static DeltaPage parse(String json) throws IOException {
        return DeltaPageParser.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void keepsAnExplicitNullApartFromAnAbsentProperty() throws IOException {
        DeltaPage page = parse("{\"@odata.context\":\"x\",\"value\":[{\"id\":\"u1\",\"displayName\":\"Zoë\","
                + "\"mail\":null,\"accountEnabled\":false,\"businessPhones\":[\"+1 555\",\"+1 556\"],"
                + "\"employeeOrgData\":{\"division\":\"R&D\"}}],\"@odata.nextLink\":\"https://g/v1.0/users/delta?$skiptoken=a\"}");
        DeltaObject user = page.objects().get(0);
        assertTrue(user.has("mail"));
        assertNull(user.properties().get("mail"));
        assertFalse(user.has("jobTitle"));
        assertEquals(Boolean.FALSE, user.properties().get("accountEnabled"));
        assertEquals(List.of("+1 555", "+1 556"), user.properties().get("businessPhones"));
        assertEquals(java.util.Map.of("division", "R&D"), user.properties().get("employeeOrgData"));
        assertEquals("{\"division\":\"R&D\"}", NestedValues.text(user.properties().get("employeeOrgData")),
                "delivered as JSON text");
        assertFalse(page.last());
    }

    @Test
    void arraysOfObjectsArriveAsListsOfMapsAndAreDeliveredAsTheirJsonText() throws IOException {
        String licenses = "[{\"disabledPlans\":[\"57ff2da0-773e-42df-b2af-ffb7a2317929\"],"
                + "\"skuId\":\"05e9a617-0261-4cee-bb44-138d3ef5d965\"},"
                + "{\"disabledPlans\":[],\"skuId\":\"4b9405b0-7788-4568-add1-99614e613b69\"}]";
        DeltaPage page = parse("{\"value\":[{\"id\":\"u1\",\"assignedLicenses\":" + licenses + ","
                + "\"tags\":[\"a\",null,7,1.10,12345678901234567890123,true,{\"k\":{\"n\":[]}}],"
                + "\"otherMails\":[],\"proxyAddresses\":[\"SMTP:a@x.com\",\"smtp:b@x.com\"]}],"
                + "\"@odata.deltaLink\":\"https://g/v1.0/users/delta?$deltatoken=b\"}");
        java.util.Map<String, Object> user = page.objects().get(0).properties();

        Object assigned = user.get("assignedLicenses");
        java.util.Map<String, Object> e3 = new java.util.LinkedHashMap<>();
        e3.put("disabledPlans", List.of("57ff2da0-773e-42df-b2af-ffb7a2317929"));
        e3.put("skuId", "05e9a617-0261-4cee-bb44-138d3ef5d965");
        assertEquals(List.of(e3, java.util.Map.of("disabledPlans", List.of(),
                "skuId", "4b9405b0-7788-4568-add1-99614e613b69")), assigned);
        assertEquals(List.of("disabledPlans", "skuId"),
                List.copyOf(((java.util.Map<?, ?>) ((List<?>) assigned).get(0)).keySet()), "members in page order");
        assertEquals(licenses, NestedValues.text(assigned));
        assertThrows(UnsupportedOperationException.class, () -> ((List<?>) assigned).clear());

        List<?> tags = (List<?>) user.get("tags");
        assertEquals(java.util.Arrays.asList("a", null, 7L, 1.1d, new java.math.BigInteger("12345678901234567890123"),
                true, java.util.Map.of("k", java.util.Map.of("n", List.of()))), tags);
        assertEquals("[\"a\",null,7,1.1,12345678901234567890123,true,{\"k\":{\"n\":[]}}]", NestedValues.text(tags),
                "a fraction is written as the double Jackson read, as before");
        assertEquals("", NestedValues.text(user.get("otherMails")));
        assertEquals("SMTP:a@x.com,smtp:b@x.com", NestedValues.text(user.get("proxyAddresses")));
    }

    @Test
    void readsRemovalsMembersAndManager() throws IOException {
        DeltaPage page = parse("{\"value\":["
                + "{\"id\":\"u1\",\"@removed\":{\"reason\":\"changed\"}},"
                + "{\"id\":\"u2\",\"@removed\":{\"reason\":\"deleted\"}},"
                + "{\"@odata.type\":\"#microsoft.graph.group\",\"id\":\"g1\",\"members@delta\":["
                + "{\"@odata.type\":\"#microsoft.graph.user\",\"id\":\"u3\"},"
                + "{\"@odata.type\":\"#microsoft.graph.servicePrincipal\",\"id\":\"sp\",\"@removed\":{\"reason\":\"deleted\"}}]},"
                + "{\"id\":\"u4\",\"manager@delta\":[{\"@odata.type\":\"#microsoft.graph.user\",\"id\":\"boss\"}]},"
                + "{\"id\":\"u5\",\"manager@delta\":{\"id\":\"boss\",\"@removed\":{\"reason\":\"deleted\"}}}"
                + "],\"@odata.deltaLink\":\"https://g/v1.0/users/delta?$deltatoken=b\"}");
        List<DeltaObject> objects = page.objects();
        assertEquals(DeltaObject.Removal.SOFT_DELETED, objects.get(0).removal());
        assertEquals(DeltaObject.Removal.DELETED, objects.get(1).removal());
        DeltaObject group = objects.get(2);
        assertEquals("#microsoft.graph.group", group.odataType());
        assertFalse(group.hasOwnChanges(), "a slice carries members only");
        assertEquals(List.of(new DeltaObject.Link("#microsoft.graph.user", "u3", false),
                new DeltaObject.Link("#microsoft.graph.servicePrincipal", "sp", true)), group.members());
        assertEquals(new DeltaObject.Link("#microsoft.graph.user", "boss", false), objects.get(3).manager());
        assertTrue(objects.get(4).manager().removed());
        assertTrue(page.last());
        assertEquals("https://g/v1.0/users/delta?$deltatoken=b", page.deltaLink());
    }

    @Test
    void readsOwnersBesideMembers() throws IOException {
        DeltaPage page = parse("{\"value\":["
                + "{\"id\":\"g1\",\"displayName\":\"Sales\",\"members@delta\":[{\"@odata.type\":\"#microsoft.graph.user\","
                + "\"id\":\"u1\"}],\"owners@delta\":[{\"@odata.type\":\"#microsoft.graph.user\",\"id\":\"u2\"},"
                + "{\"@odata.type\":\"#microsoft.graph.servicePrincipal\",\"id\":\"sp\",\"@removed\":{\"reason\":\"deleted\"}}]},"
                + "{\"id\":\"g2\",\"owners@delta\":[{\"@odata.type\":\"#microsoft.graph.user\",\"id\":\"u3\"}]},"
                + "{\"id\":\"g3\",\"displayName\":\"No owners\"}"
                + "],\"@odata.deltaLink\":\"https://g/v1.0/groups/delta?$deltatoken=b\"}");
        DeltaObject group = page.objects().get(0);
        assertEquals(List.of(new DeltaObject.Link("#microsoft.graph.user", "u1", false)), group.members());
        assertEquals(List.of(new DeltaObject.Link("#microsoft.graph.user", "u2", false),
                new DeltaObject.Link("#microsoft.graph.servicePrincipal", "sp", true)), group.owners());
        assertFalse(group.has("owners@delta"), "an annotation is not a property");
        assertFalse(page.objects().get(1).hasOwnChanges(), "an appearance with owners only carries no group change");
        assertEquals(List.of(), page.objects().get(2).owners());
    }

    @Test
    void propertiesKeepPageOrderLetARepeatedNameWinAndAreFoundByAnyEqualName() throws IOException {
        StringBuilder json = new StringBuilder("{\"value\":[{\"id\":\"u1\"");
        for (int i = 0; i < 40; i++) { // more than the first arrays hold
            json.append(",\"p").append(i).append("\":\"v").append(i).append('"');
        }
        json.append(",\"p7\":\"again\",\"jobTitle\":null},{\"id\":\"u2\",\"city\":\"Oslo\"}],"
                + "\"@odata.deltaLink\":\"https://g/v1.0/users/delta?$deltatoken=b\"}");
        List<DeltaObject> objects = parse(json.toString()).objects();
        java.util.Map<String, Object> first = objects.get(0).properties();
        assertEquals(41, first.size(), "40 properties and jobTitle; p7 once");
        assertEquals("again", first.get(new String("p7".toCharArray())), "the last value of a repeated name wins");
        assertEquals(List.of("p0", "p1", "p2"), first.keySet().stream().limit(3).toList());
        assertTrue(first.containsKey("jobTitle"));
        assertNull(first.get("jobTitle"));
        assertEquals("absent", first.getOrDefault("city", "absent"));
        assertEquals(java.util.Map.of("city", "Oslo"), objects.get(1).properties(), "the next object starts empty");
        assertThrows(UnsupportedOperationException.class, () -> first.put("x", "y"));
    }

    @Test
    void memberTypesAreReadWhateverTheirText() throws IOException {
        DeltaPage page = parse("{\"value\":[{\"id\":\"g1\",\"members@delta\":["
                + "{\"@odata.type\":\"#microsoft.graph.device\",\"id\":\"d\"},"
                + "{\"@odata.type\":\"#microsoft.graph.futureThing\",\"id\":\"f\"},"
                + "{\"@odata.type\":\"#microsoft.graph.usex\",\"id\":\"x\"},"
                + "{\"@odata.type\":\"#microsoft.graph.us\\u0065r\",\"id\":\"e\"}]}],"
                + "\"@odata.deltaLink\":\"https://g/v1.0/groups/delta?$deltatoken=b\"}");
        assertEquals(List.of("#microsoft.graph.device", "#microsoft.graph.futureThing", "#microsoft.graph.usex",
                "#microsoft.graph.user"), page.objects().get(0).members().stream().map(DeltaObject.Link::odataType)
                .toList());
    }

    @Test
    void anEmptyPageWithANextLinkIsAPage() throws IOException {
        DeltaPage page = parse("{\"value\":[],\"@odata.nextLink\":\"https://g/v1.0/users/delta?$skiptoken=c\"}");
        assertTrue(page.objects().isEmpty());
        assertFalse(page.last());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "{\"value\":[{\"id\":\"u1\"}",
        "{\"value\":[{\"id\":\"u1\"}],\"@odata.deltaLink\":\"x\"",
        "{\"value\":[{\"id\":\"u1\"}]}",
        "{\"value\":[{\"id\":\"u1\"}],\"@odata.deltaLink\":\"x\",\"@odata.nextLink\":\"y\"}",
        "{\"value\":[{\"displayName\":\"no id\"}],\"@odata.deltaLink\":\"x\"}",
        "{\"value\":{},\"@odata.deltaLink\":\"x\"}",
        "{\"@odata.deltaLink\":\"x\"}",
        "<html>proxy error</html>",
        "{\"value\":[],\"@odata.deltaLink\":\"x\"} trailing"
    })
    void aCutOrMalformedPageIsAnIOException(String body) {
        assertThrows(IOException.class, () -> parse(body));
    }
}
