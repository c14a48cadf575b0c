package org.identitymesh.connector.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.identitymesh.connector.api.Capability;
import org.identitymesh.connector.api.ChangeRecord;
import org.identitymesh.connector.api.ConnectorDescriptor;
import org.identitymesh.connector.api.ConnectorDescriptor.Attribute;
import org.identitymesh.connector.api.ConnectorDescriptor.AttributeType;
import org.identitymesh.connector.api.ConnectorDescriptor.Container;
import org.identitymesh.connector.api.ConnectorDescriptor.ObjectType;
import org.identitymesh.connector.api.ImportResult;
import org.identitymesh.connector.api.ImportResult.TypeResult;
import org.junit.jupiter.api.Test;

class HostReplicaTest {

    /** Users, groups, memberships inside groups, and owner notes inside memberships (a two-level containment). */
    private static final ConnectorDescriptor DESCRIPTOR = new ConnectorDescriptor("Test", "for HostReplica",
            List.of(
                    new ObjectType("User", "a user", List.of(
                            new Attribute("name", AttributeType.STRING, "name"),
                            new Attribute("mail", AttributeType.STRING, "mail"),
                            new Attribute("tags", AttributeType.STRING_LIST, "tags"))),
                    new ObjectType("Group", "a group", List.of(new Attribute("name", AttributeType.STRING, "name"))),
                    new ObjectType("Member", "a membership", List.of(
                            new Attribute("groupId", AttributeType.STRING, "group"),
                            new Attribute("userId", AttributeType.STRING, "user")),
                            new Container("Group", "groupId")),
                    new ObjectType("Note", "a note on a membership", List.of(
                            new Attribute("memberId", AttributeType.STRING, "membership")),
                            new Container("Member", "memberId"))),
            Set.of(Capability.IMPORT_FULL), List.of());

    private final HostReplica replica = new HostReplica(DESCRIPTOR);

    @Test
    void upsertMergesAbsentAttributesStayAndNullClears() {
        replica.accept(ChangeRecord.upsert("User", "u1", Map.of("name", "Ann", "mail", "ann@x", "tags", List.of("a"))));
        replica.accept(ChangeRecord.upsert("User", "u1", Map.of("name", "Anna")));
        replica.accept(ChangeRecord.upsert("User", "u1", attributes("mail", null)));

        assertEquals(Map.of("name", "Anna", "tags", List.of("a")), replica.object("User", "u1").orElseThrow());
    }

    @Test
    void upsertOfAnUnknownObjectCreatesItEvenWhenOnlyClearing() {
        replica.accept(ChangeRecord.upsert("User", "u1", attributes("mail", null)));

        assertEquals(Map.of("u1", Map.of()), replica.objects("User"));
    }

    @Test
    void deleteRemovesTheObjectAndDeletingWhatIsNotHeldIsNoError() {
        replica.accept(ChangeRecord.upsert("User", "u1", Map.of("name", "Ann")));
        replica.accept(ChangeRecord.delete("User", "u1"));
        replica.accept(ChangeRecord.delete("User", "never-held"));

        assertEquals(Map.of(), replica.objects("User"));
    }

    @Test
    void deletingAContainerRemovesWhatItContainsRecursively() {
        replica.accept(ChangeRecord.upsert("Group", "g1", Map.of("name", "One")));
        replica.accept(ChangeRecord.upsert("Group", "g2", Map.of("name", "Two")));
        replica.accept(member("g1:u1", "g1", "u1"));
        replica.accept(member("g1:u2", "g1", "u2"));
        replica.accept(member("g2:u1", "g2", "u1"));
        replica.accept(ChangeRecord.upsert("Note", "n1", Map.of("memberId", "g1:u1")));
        replica.accept(ChangeRecord.upsert("Note", "n2", Map.of("memberId", "g2:u1")));

        replica.accept(ChangeRecord.delete("Group", "g1"));

        assertEquals(Set.of("g2"), replica.objects("Group").keySet());
        assertEquals(Set.of("g2:u1"), replica.objects("Member").keySet());
        assertEquals(Set.of("n2"), replica.objects("Note").keySet());
    }

    @Test
    void deletingAContainerTheReplicaNeverHeldStillRemovesItsContents() {
        replica.accept(member("g1:u1", "g1", "u1"));

        replica.accept(ChangeRecord.delete("Group", "g1"));

        assertEquals(Map.of(), replica.objects("Member"));
    }

    @Test
    void anObjectMovedToAnotherContainerFollowsIt() {
        replica.accept(member("m1", "g1", "u1"));
        replica.accept(ChangeRecord.upsert("Member", "m1", Map.of("groupId", "g2")));

        replica.accept(ChangeRecord.delete("Group", "g1"));
        assertEquals(Set.of("m1"), replica.objects("Member").keySet());

        replica.accept(ChangeRecord.delete("Group", "g2"));
        assertEquals(Map.of(), replica.objects("Member"));
    }

    @Test
    void completeSnapshotRemovesWhatWasNotReceivedAndOnlyForThatType() {
        replica.accept(ChangeRecord.upsert("User", "kept", Map.of("name", "Kept")));
        replica.accept(ChangeRecord.upsert("User", "gone", Map.of("name", "Gone")));
        replica.accept(ChangeRecord.upsert("Group", "g-gone", Map.of("name", "Not in this import")));
        replica.accept(member("g-gone:kept", "g-gone", "kept"));

        replica.beginImport();
        replica.accept(ChangeRecord.upsert("User", "kept", Map.of("name", "Kept")));
        replica.accept(ChangeRecord.upsert("User", "new", Map.of("name", "New")));
        replica.finishImport(result(typeResult("User", true), typeResult("Group", false)));

        assertEquals(Set.of("kept", "new"), replica.objects("User").keySet());
        assertEquals(Set.of("g-gone"), replica.objects("Group").keySet(), "Group was not a complete snapshot");
    }

    @Test
    void pruningAContainerTypeRemovesTheContentsOfPrunedContainers() {
        replica.accept(ChangeRecord.upsert("Group", "g1", Map.of("name", "One")));
        replica.accept(member("g1:u1", "g1", "u1"));

        replica.beginImport();
        replica.finishImport(result(typeResult("Group", true)));

        assertEquals(Map.of(), replica.objects("Member"));
    }

    @Test
    void applyingTheSameRecordsTwiceLeavesTheSameReplica() {
        List<ChangeRecord> records = List.of(
                ChangeRecord.upsert("User", "u1", Map.of("name", "Ann", "mail", "ann@x")),
                ChangeRecord.upsert("Group", "g1", Map.of("name", "One")),
                member("g1:u1", "g1", "u1"),
                ChangeRecord.upsert("User", "u1", attributes("mail", null)),
                ChangeRecord.delete("Group", "g1"),
                ChangeRecord.upsert("User", "u2", Map.of("name", "Bo")));
        records.forEach(replica::accept);
        Map<String, Map<String, Map<String, Object>>> once = replica.snapshot();

        records.forEach(replica::accept);

        assertEquals(once, replica.snapshot());
    }

    @Test
    void snapshotListsEveryDeclaredTypeSortedAndIsACopy() {
        replica.accept(ChangeRecord.upsert("User", "b", Map.of("name", "B")));
        replica.accept(ChangeRecord.upsert("User", "a", Map.of("name", "A")));
        Map<String, Map<String, Map<String, Object>>> snapshot = replica.snapshot();

        replica.accept(ChangeRecord.delete("User", "a"));

        assertEquals(List.of("Group", "Member", "Note", "User"), List.copyOf(snapshot.keySet()));
        assertEquals(List.of("a", "b"), List.copyOf(snapshot.get("User").keySet()));
        assertThrows(UnsupportedOperationException.class, () -> snapshot.get("User").clear());
    }

    @Test
    void recordsOfUndeclaredTypesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> replica.accept(ChangeRecord.upsert("Device", "d1", Map.of())));

        assertTrue(e.getMessage().contains("Device"), e.getMessage());
    }

    @Test
    void finishingAnImportThatWasNotBegunIsAnError() {
        assertThrows(IllegalStateException.class, () -> replica.finishImport(result(typeResult("User", true))));
    }

    @Test
    void toStringCountsObjectsWithoutShowingAttributes() {
        replica.accept(ChangeRecord.upsert("User", "u1", Map.of("mail", "private@example.test")));

        assertEquals("HostReplica[User=1, Group=0, Member=0, Note=0]", replica.toString());
    }

    private static ChangeRecord member(String id, String groupId, String userId) {
        return ChangeRecord.upsert("Member", id, Map.of("groupId", groupId, "userId", userId));
    }

    private static Map<String, Object> attributes(Object... namesAndValues) {
        Map<String, Object> attributes = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            attributes.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return attributes;
    }

    private static TypeResult typeResult(String type, boolean completeSnapshot) {
        return new TypeResult(type, completeSnapshot, null, 0, 0, 0, 0, 0, 0, 0, Duration.ZERO);
    }

    private static ImportResult result(TypeResult... types) {
        Map<String, TypeResult> byType = new LinkedHashMap<>();
        Arrays.stream(types).forEach(t -> byType.put(t.objectType(), t));
        return new ImportResult("w", byType, Duration.ZERO);
    }
}
