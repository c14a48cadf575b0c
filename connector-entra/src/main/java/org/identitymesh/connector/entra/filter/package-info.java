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
 * lambda     = property "/" ( "any" / "all" ) "(" variable ":" or ")"
 * compare    = "eq" / "ne" / "gt" / "ge" / "lt" / "le"
 * literal    = string / integer / timestamp / "true" / "false" / "null"
 * </pre>
 * Keywords and function names are case-insensitive; property names and lambda variables are identifiers
 * ({@code [A-Za-z_][A-Za-z0-9_]*}) kept as written. Strings are single-quoted with {@code ''} for a quote;
 * integers are 64-bit; a timestamp is an unquoted ISO-8601 date-time with an offset
 * ({@code 2024-01-31T00:00:00Z}), as Graph writes them. Precedence: {@code not} binds tighter than the
 * comparisons, which bind tighter than {@code and}, which binds tighter than {@code or}; so
 * {@code not displayName eq 'x'} is rejected (write {@code not(displayName eq 'x')}). Inside a lambda only
 * its variable may be compared; property paths other than {@code property/any(...)} and
 * {@code property/all(...)} are rejected. Nesting (parentheses, {@code not}, lambdas) is limited to
 * 64 levels and the text to 32,768
 * characters. Any malformed
 * input, {@code null} and the empty string included, raises
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
 *   <li>A value of another type than the literal (a boolean property compared to a string, a collection
 *       compared to a scalar, a scalar under {@code any}) makes that comparison false, whatever the operator,
 *       {@code ne} included; {@code not} around it is then true. Nothing throws.</li>
 *   <li>A property the object does not carry at all ({@link PropertySource#ABSENT}) is never guessed: the
 *       result is {@link FilterResult.Outcome#UNKNOWN} with the missing properties, unless the rest of the
 *       filter decides alone (three-valued logic: {@code false and unknown} is false, {@code true or unknown}
 *       is true). The caller fetches those properties and evaluates again.</li>
 * </ul>
 */
package org.identitymesh.connector.entra.filter;
