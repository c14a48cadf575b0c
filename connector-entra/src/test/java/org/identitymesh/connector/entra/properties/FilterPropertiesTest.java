package org.identitymesh.connector.entra.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.identitymesh.connector.api.ConfigurationException;
import org.identitymesh.connector.entra.filter.FilterExpression;
import org.identitymesh.connector.entra.filter.FilterSyntaxException;

/**
 * The OData group and user filters, as operators type them into the configuration: any text gives a valid
 * configuration, whose filter reads back from its normalized text, or a {@link ConfigurationException} with one
 * problem, naming the filter's field with the column of the error; never another exception. (The filter parser's own
 * fuzz test covers parsing and evaluation in depth; this is the path through the configuration.)
 */
class FilterPropertiesTest {

    @Property(tries = 3_000)
    void anyGroupFilterIsValidOrNamesTheField(@ForAll("filters") String filter) {
        check("GroupSelectionFilter", filter);
    }

    @Property(tries = 3_000)
    void anyUserFilterIsValidOrNamesTheField(@ForAll("filters") String filter) {
        check("UserSelectionFilter", filter);
    }

    private static void check(String field, String filter) {
        ObjectNode config = JsonValues.NODES.objectNode();
        config.put("TenantId", "contoso.onmicrosoft.com");
        config.put(field, filter);
        Optional<ConfigurationException> failure = ConfigurationPropertiesTest.check(config.toString(),
                ConfigurationPropertiesTest.VALID_AUTH, "ConfigJson", java.util.Set.of(), java.util.Set.of());
        FilterExpression parsed;
        try {
            parsed = FilterExpression.parse(filter);
        } catch (FilterSyntaxException e) {
            parsed = null;
        } catch (RuntimeException e) {
            fail("the filter parser threw " + e + " for " + filter, e);
            return;
        }
        if (filter.isBlank()) {
            // an empty value is refused before it reaches the parser
            assertTrue(failure.isPresent());
            return;
        }
        if (failure.isEmpty()) {
            Statistics.label("filter").collect("valid");
            assertTrue(parsed != null, () -> "the configuration accepted a filter the parser refuses: " + filter);
            assertEquals(parsed, FilterExpression.parse(parsed.toString()));
            return;
        }
        Statistics.label("filter").collect("refused");
        assertTrue(parsed == null || !parsed.toString().isEmpty());
        assertEquals(1, failure.get().problems().size(), failure.get()::getMessage);
        ConfigurationException.Problem problem = failure.get().problems().get(0);
        assertEquals("ConfigJson." + field, problem.field());
        assertTrue(problem.expected().contains("at column "), problem::expected);
    }

    @Provide
    Arbitrary<String> filters() {
        return FilterTexts.any();
    }
}
