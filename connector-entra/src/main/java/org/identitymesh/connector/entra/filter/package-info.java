/**
 * Scoping filters in the OData {@code $filter} syntax, parsed once and evaluated locally.
 *
 * <p>Microsoft Graph's delta endpoints ({@code /users/delta}, {@code /groups/delta}) accept no {@code $filter}
 * other than {@code id eq '...'}, so the operator's selection filters ({@code UserSelectionFilter},
 * {@code GroupSelectionFilter}) are parsed with {@link FilterExpression#parse}
 * when the configuration is read and evaluated on every object a delta returns.
 *
 * <h2>Grammar</h2>
 * <pre>
 * filter     = or
 * or         = and *( "or" and )
 * and        = unary *( "and" unary )
 * unary      = "not" unary / "(" or ")" / predicate
 * predicate  = function / lambda / operand compare literal / operand "in" "(" literal *( "," literal ) ")"
 * function   = ( "startswith" / "endswith" ) "(" operand "," string ")"
 * lambda     = collection "/" ( "any" "(" [ variable ":" or ] ")" / "all" "(" variable ":" or ")" )
 * collection = property / operand                       ; an operand only inside a lambda body
 * operand    = property / variable *( "/" property )     ; a variable only inside its lambda's body
 * compare    = "eq" / "ne" / "gt" / "ge" / "lt" / "le"
 * literal    = string / integer / timestamp / guid / "true" / "false" / "null"
 * </pre>
 * Keywords and function names are case-insensitive; property names and lambda variables are identifiers
 * ({@code [A-Za-z_][A-Za-z0-9_]*}) kept as written. Strings are single-quoted with {@code ''} for a quote;
 * integers are 64-bit; a timestamp is an unquoted ISO-8601 date-time with an offset
 * ({@code 2024-01-31T00:00:00Z}) and a GUID an unquoted {@code 8-4-4-4-12} hexadecimal GUID
 * ({@code 05e9a617-0261-4cee-bb44-138d3ef5d965}), as Graph writes them. Precedence: {@code not} binds tighter than
 * the comparisons, which bind tighter than {@code and}, which binds tighter than {@code or}; so
 * {@code not displayName eq 'x'} is rejected (write {@code not(displayName eq 'x')}).
 *
 * <p>A lambda body reads its own variable only: the element itself ({@code c eq 'Unified'}), a property path into
 * it when the element is an object ({@code x/skuId eq ...}), or, with a lambda of its own, a collection inside it
 * ({@code x/disabledPlans/any(p:p eq ...)}); a nested lambda's variable must differ from the enclosing ones.
 * {@code any()} without a lambda asks whether the collection has an element; {@code all} always needs a lambda.
 * Outside lambdas, property paths other than {@code property/any(...)} and {@code property/all(...)} are rejected
 * ({@code manager/displayName}). Nesting (parentheses, {@code not}, lambdas) is limited to 64 levels and the text to
 * 32,768 characters. Any malformed input, {@code null} and the empty string included, raises
 * {@link FilterSyntaxException} and nothing else.
 *
 * <h2>Evaluation</h2>
 * <ul>
 *   <li>String comparisons ({@code eq}, {@code ne}, {@code gt}, {@code ge}, {@code lt}, {@code le},
 *       {@code in}, {@code startswith}, {@code endswith}) ignore case like Graph's directory queries
 *       ({@link String#CASE_INSENSITIVE_ORDER}, locale-independent). Timestamps compare as strings.</li>
 *   <li>A property that is {@code null}: {@code eq null} is true, {@code ne null} false; {@code eq} with any
 *       other literal is false and {@code ne} true (OData's rule); {@code gt}/{@code ge}/{@code lt}/{@code le},
 *       {@code startswith}, {@code endswith} are false; {@code in} is true only when the list holds
 *       {@code null}. A {@code null} collection counts as empty: {@code any} is false, {@code all} true.</li>
 *   <li>A GUID literal equals a string holding that GUID, ignoring case, as the quoted string would.</li>
 *   <li>A path into an element reads a member of a JSON object (a {@link java.util.Map}), matching names
 *       exactly, then ignoring case. A member the object lacks, or any path through a {@code null} element, is
 *       {@code null} with the rules above (Graph always writes every member of a complex value, so nothing is
 *       absent inside an element). A path through a value that is not an object ({@code p/address} on a string)
 *       fails every comparison, {@code eq null} and {@code ne null} included, and is no collection.</li>
 *   <li>A value of another type than the literal (a boolean property compared to a string, a collection or an
 *       object compared to a scalar, a scalar or an object under {@code any}) makes that comparison false, whatever
 *       the operator, {@code ne} included; {@code not} around it is then true. Nothing throws.</li>
 *   <li>A property the object does not carry at all ({@link PropertySource#ABSENT}) is never guessed: the
 *       result is {@link FilterResult.Outcome#UNKNOWN} with the missing properties, unless the rest of the
 *       filter decides alone (three-valued logic: {@code false and unknown} is false, {@code true or unknown}
 *       is true). The caller fetches those properties and evaluates again.</li>
 * </ul>
 */
package org.identitymesh.connector.entra.filter;
