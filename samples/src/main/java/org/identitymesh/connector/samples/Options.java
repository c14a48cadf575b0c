package org.identitymesh.connector.samples;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The command line: a command, then {@code --name value} options. */
final class Options {

    /** A command line that cannot be used, with a message for the operator. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    private final String command;
    private final Map<String, String> values;

    private Options(String command, Map<String, String> values) {
        this.command = command;
        this.values = values;
    }

    static Options parse(String[] args, Map<String, Set<String>> optionsByCommand) throws UsageException {
        if (args.length == 0) {
            return new Options("demo", Map.of());
        }
        String command = args[0];
        Set<String> allowed = optionsByCommand.get(command);
        if (allowed == null) {
            throw new UsageException("unknown command \"" + command + "\"; expected one of "
                    + String.join(", ", optionsByCommand.keySet()));
        }
        Map<String, String> values = new HashMap<>();
        List<String> rest = new ArrayList<>(List.of(args).subList(1, args.length));
        for (int i = 0; i < rest.size(); i++) {
            String arg = rest.get(i);
            if (!arg.startsWith("--")) {
                throw new UsageException("unexpected argument \"" + arg + "\"; options start with --");
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (!allowed.contains(name)) {
                throw new UsageException("\"" + command + "\" has no option --" + name + "; it takes "
                        + (allowed.isEmpty() ? "none" : "--" + String.join(", --", allowed)));
            }
            if (value == null) {
                if (i + 1 >= rest.size()) {
                    throw new UsageException("--" + name + " needs a value");
                }
                value = rest.get(++i);
            }
            if (values.put(name, value) != null) {
                throw new UsageException("--" + name + " is given twice");
            }
        }
        return new Options(command, values);
    }

    String command() {
        return command;
    }

    String get(String name) {
        return values.get(name);
    }

    String require(String name) throws UsageException {
        String value = values.get(name);
        if (value == null) {
            throw new UsageException("\"" + command + "\" needs --" + name);
        }
        return value;
    }

    Path path(String name) throws UsageException {
        String value = values.get(name);
        if (value == null) {
            return null;
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            // on Linux with LANG unset, Java cannot name files whose names are not ASCII
            throw new UsageException("--" + name + " \"" + value + "\" is not a path this system can use ("
                    + e.getReason() + "); check its characters, and on Linux run with a UTF-8 locale, for example "
                    + "LANG=C.UTF-8 (file names are read with " + System.getProperty("sun.jnu.encoding") + ")");
        }
    }

    Path requirePath(String name) throws UsageException {
        require(name);
        return path(name);
    }

    int integer(String name, int defaultValue) throws UsageException {
        String value = values.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " takes a whole number, found \"" + value + "\"");
        }
    }
}
