package org.identitymesh.connector.entra.filter;

import java.util.List;
import java.util.Objects;

/**
 * What a comparison or function reads: a property of the object, or, inside {@code any} / {@code all}, the
 * lambda variable standing for one element of the collection, possibly followed by a path into that element.
 */
public sealed interface Operand permits Operand.Property, Operand.Variable {

    /**
     * The identifier as written.
     *
     * @return the property or variable name
     */
    String name();

    /**
     * A property of the object, such as {@code displayName}.
     *
     * @param name the property name as written in the filter: an identifier that is not a keyword
     */
    record Property(String name) implements Operand {

        /**
         * Validates the name.
         *
         * @throws NullPointerException     when {@code name} is {@code null}
         * @throws IllegalArgumentException when {@code name} is not an identifier or is a keyword
         */
        public Property {
            FilterTokenizer.requireName(name, "property name");
        }

        /** The name. */
        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * The variable of the enclosing lambda, such as {@code c} in {@code groupTypes/any(c:c eq 'Unified')}, or a
     * property of the element it stands for, such as {@code x/skuId} in
     * {@code assignedLicenses/any(x:x/skuId eq 05e9a617-0261-4cee-bb44-138d3ef5d965)}.
     *
     * @param name the variable name: an identifier that is not a keyword
     * @param path the properties read from the element, outermost first; empty for the element itself
     */
    record Variable(String name, List<String> path) implements Operand {

        /**
         * Validates and copies the components.
         *
         * @throws NullPointerException     when {@code name}, {@code path} or a path segment is {@code null}
         * @throws IllegalArgumentException when a name is not an identifier or is a keyword, or a segment is
         *                                  {@code any} or {@code all} (which would read as a lambda)
         */
        public Variable {
            FilterTokenizer.requireName(name, "lambda variable");
            path = List.copyOf(Objects.requireNonNull(path, "path"));
            for (String segment : path) {
                FilterTokenizer.requireName(segment, "property name");
                if (Quantifier.of(segment) != null) {
                    throw new IllegalArgumentException("a property path cannot name " + segment
                            + ", which starts a lambda: " + name + "/" + String.join("/", path));
                }
            }
        }

        /**
         * The variable itself, with no path.
         *
         * @param name the variable name: an identifier that is not a keyword
         * @throws IllegalArgumentException when {@code name} is not an identifier or is a keyword
         */
        public Variable(String name) {
            this(name, List.of());
        }

        /** The name, then each path segment after a {@code /}. */
        @Override
        public String toString() {
            return path.isEmpty() ? name : name + "/" + String.join("/", path);
        }
    }
}
