/**
 * Groups and their direct memberships from {@code /groups/delta} ({@code members@delta}), or with members read per
 * group or through {@code $batch}: the {@code Group} and {@code GroupMember} types.
 */
package org.identitymesh.connector.entra.groups;
