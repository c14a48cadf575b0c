/**
 * One import from start to watermark: a round per configured resource, page delivery on the importing thread, the
 * decision to replace a round whose link expired, and the watermark and checkpoint texts hosts store.
 */
package org.identitymesh.connector.entra.imports;
