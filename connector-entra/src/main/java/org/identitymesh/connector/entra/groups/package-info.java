/**
 * Groups and their direct memberships from {@code /groups/delta} ({@code members@delta}), or with members read per
 * group or through {@code $batch}, and their owners ({@code owners@delta}): the {@code Group}, {@code GroupMember}
 * and {@code GroupOwner} types.
 */
package org.identitymesh.connector.entra.groups;
