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
}
