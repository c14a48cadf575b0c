package org.identitymesh.connector.entra.filter;

/**
 * What a comparison or function reads: a property of the object, or, inside {@code any} / {@code all}, the
 * lambda variable standing for one element of the collection.
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
     * The variable of the enclosing lambda, such as {@code c} in {@code groupTypes/any(c:c eq 'Unified')}.
     *
     * @param name the variable name: an identifier that is not a keyword
     */
    record Variable(String name) implements Operand {

        /**
         * Validates the name.
         *
         * @throws NullPointerException     when {@code name} is {@code null}
         * @throws IllegalArgumentException when {@code name} is not an identifier or is a keyword
         */
        public Variable {
            FilterTokenizer.requireName(name, "lambda variable");
        }

        /** The name. */
        @Override
        public String toString() {
            return name;
        }
    }
}
