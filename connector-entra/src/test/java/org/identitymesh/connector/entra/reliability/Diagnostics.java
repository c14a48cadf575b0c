package org.identitymesh.connector.entra.reliability;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.identitymesh.connector.api.ChangeRecord;

/** Explains a difference between tenant and host: the changes and the delivered records that touched its ids. */
final class Diagnostics {

    private static final Pattern GUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private Diagnostics() {
    }

    static String explain(List<String> differences, List<String> mutations, List<ChangeRecord> records) {
        Set<String> ids = new LinkedHashSet<>();
        for (String line : differences) {
            Matcher m = GUID.matcher(line.substring(0, Math.min(line.length(), 120)));
            while (m.find()) {
                ids.add(m.group());
            }
        }
        String changes = mutations.stream().filter(line -> ids.stream().anyMatch(line::contains))
                .collect(Collectors.joining("\n    ", "  tenant changes touching them:\n    ", "\n"));
        String delivered = records.stream().filter(r -> ids.stream().anyMatch(id -> r.externalId().contains(id)))
                .map(r -> r.objectType() + " " + r.externalId() + " " + r.operation() + " " + r.attributes().keySet())
                .collect(Collectors.joining("\n    ", "  records delivered for them:\n    ", "\n"));
        return "ids " + ids + "\n" + changes + delivered;
    }
}
