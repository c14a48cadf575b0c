/** Users from {@code /users/delta}: the {@code User} type's attributes, manager, scope and records. */
package org.identitymesh.connector.entra.users;
