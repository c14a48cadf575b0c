package org.identitymesh.connector.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChangeRecordTest {

    @Test
    void keepsNullAsAClearAndAbsentAsUnchanged() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("displayName", "Zoë");
        attributes.put("mail", null);
        ChangeRecord record = ChangeRecord.upsert("User", "u1", attributes);

        assertTrue(record.has("mail"));
        assertNull(record.attributes().get("mail"));
        assertFalse(record.has("jobTitle"));
        assertEquals(List.of("displayName", "mail"), new ArrayList<>(record.attributes().keySet()));
    }

    @Test
    void isImmutableAndCopiesItsInput() {
        Map<String, Object> attributes = new HashMap<>();
        List<String> phones = new ArrayList<>(List.of("+1 555"));
        attributes.put("phones", phones);
        ChangeRecord record = ChangeRecord.upsert("User", "u1", attributes);
        attributes.put("other", "x");
        phones.add("+1 556");

        assertEquals(Map.of("phones", List.of("+1 555")), record.attributes());
        assertThrows(UnsupportedOperationException.class, () -> record.attributes().put("x", "y"));
    }

    @Test
    void widensIntegersToLong() {
        assertEquals(42L, ChangeRecord.upsert("User", "u1", Map.of("n", 42)).attributes().get("n"));
    }

    @Test
    void namesTheAttributeOfAnUnsupportedValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChangeRecord.upsert("User", "u1", Map.of("when", new java.util.Date())));
        assertTrue(e.getMessage().contains("User.when"), e.getMessage());

        IllegalArgumentException list = assertThrows(IllegalArgumentException.class,
                () -> ChangeRecord.upsert("User", "u1", Map.of("l", Arrays.asList("a", null))));
        assertTrue(list.getMessage().contains("User.l"), list.getMessage());
    }

    @Test
    void requiresTypeIdAndOperation() {
        assertThrows(IllegalArgumentException.class, () -> ChangeRecord.delete("", "x"));
        assertThrows(IllegalArgumentException.class, () -> ChangeRecord.delete("User", null));
        assertThrows(IllegalArgumentException.class, () -> new ChangeRecord("User", "x", null, Map.of()));
    }

    @Test
    void deleteMayCarryInformation() {
        ChangeRecord record = ChangeRecord.delete("GroupMember", "g:u", Map.of("groupId", "g", "memberId", "u"));
        assertEquals(ChangeRecord.Operation.DELETE, record.operation());
        assertEquals("g", record.attributes().get("groupId"));
    }

    @Test
    void aBuiltRecordEqualsTheOneMadeFromAMapAndKeepsInsertionOrder() {
        List<String> phones = new ArrayList<>(List.of("+1 555"));
        ChangeRecord.Builder builder = ChangeRecord.builder("User", "u1", ChangeRecord.Operation.UPSERT, 2)
                .put("displayName", "Zoë").put("mail", null).put("phones", phones).put("n", 42);
        phones.add("+1 556");
        ChangeRecord built = builder.put("displayName", "Zoe").build();

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("displayName", "Zoe");
        expected.put("mail", null);
        expected.put("phones", List.of("+1 555"));
        expected.put("n", 42L);
        assertEquals(ChangeRecord.upsert("User", "u1", expected), built);
        assertEquals(List.of("displayName", "mail", "phones", "n"), new ArrayList<>(built.attributes().keySet()),
                "a name put again keeps its place");
        assertTrue(built.has("mail"));
        assertThrows(UnsupportedOperationException.class, () -> built.attributes().put("x", "y"));
    }

    @Test
    void theBuilderChecksLikeTheConstructorAndBuildsOnce() {
        ChangeRecord.Builder builder = ChangeRecord.builder("User", "u1", ChangeRecord.Operation.UPSERT, 0);
        IllegalArgumentException value = assertThrows(IllegalArgumentException.class,
                () -> builder.put("when", new java.util.Date()));
        assertTrue(value.getMessage().contains("User.when"), value.getMessage());
        IllegalArgumentException name = assertThrows(IllegalArgumentException.class, () -> builder.put("", "x"));
        assertTrue(name.getMessage().contains("must not be empty"), name.getMessage());

        assertEquals(ChangeRecord.delete("User", "u1").attributes(),
                ChangeRecord.builder("User", "u1", ChangeRecord.Operation.DELETE, 0).build().attributes());
        builder.put("a", "b").build();
        assertThrows(IllegalStateException.class, () -> builder.put("c", "d"));
        assertThrows(IllegalStateException.class, builder::build);
        IllegalArgumentException id = assertThrows(IllegalArgumentException.class,
                () -> ChangeRecord.builder("User", "", ChangeRecord.Operation.UPSERT, 1).build());
        assertTrue(id.getMessage().contains("externalId"), id.getMessage());
    }
}
