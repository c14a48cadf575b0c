package org.identitymesh.connector.testkit.entra;

import java.text.Normalizer;

/** Folds display names to the ASCII form mail nicknames use ("Zoë Ångström" to "zoe.angstrom"). */
final class NameFolding {

    private NameFolding() {
    }

    /**
     * Lowercase ASCII letters and digits of a name, words joined with dots; letters without an ASCII form
     * (for example Chinese) are dropped.
     */
    static String ascii(String name) {
        if (name == null) {
            return "";
        }
        String s = name.replace("ø", "o").replace("Ø", "O").replace("ł", "l").replace("Ł", "L")
                .replace("ß", "ss").replace("đ", "d").replace("Đ", "D").replace("æ", "ae").replace("Æ", "Ae");
        s = Normalizer.normalize(s, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(s.length());
        boolean pendingDot = false;
        for (int i = 0; i < s.length(); i++) {
            char c = Character.toLowerCase(s.charAt(i));
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                if (pendingDot && out.length() > 0) {
                    out.append('.');
                }
                pendingDot = false;
                out.append(c);
            } else if (c == ' ' || c == '-' || c == '.' || c == '_') {
                pendingDot = true;
            }
        }
        return out.toString();
    }
}
