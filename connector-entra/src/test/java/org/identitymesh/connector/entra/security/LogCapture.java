package org.identitymesh.connector.entra.security;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.slf4j.MDC;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.helpers.MessageFormatter;

/**
 * Where the tests' SLF4J provider ({@link RecordingLogProvider}) puts every event, at every level: the last
 * {@value #RING} events in a ring for anyone, and every event in each open {@link Session}. WARN and ERROR are also
 * echoed to stderr, as a console backend would. A session also captures {@code java.util.logging} (OkHttp,
 * {@link System.Logger}) at every level while it is open.
 *
 * <p>An event is kept as one text: the formatted message, then every argument, key-value pair and marker
 * separately (also those no placeholder consumed), then the throwable with the message of every cause and
 * suppressed exception, then the thread's MDC. A search of that text sees everything a backend could print.
 */
public final class LogCapture {

    /** Events kept outside sessions. */
    static final int RING = 10_000;

    /** Events one session keeps before it counts the rest as overflow. */
    static final int SESSION_LIMIT = 500_000;

    private static final ArrayDeque<Event> ring = new ArrayDeque<>(RING);
    private static final List<Session> sessions = new CopyOnWriteArrayList<>();
    private static final AtomicLong total = new AtomicLong();
    private static final PrintStream ERR = System.err;

    private LogCapture() {
    }

    /**
     * One recorded event.
     *
     * @param level  its level
     * @param logger the logger's name
     * @param thread the thread that logged it
     * @param mdc    the SLF4J MDC of that thread when it logged, empty when it had none
     * @param text   everything the event carried, rendered (the MDC too)
     */
    public record Event(Level level, String logger, String thread, Map<String, String> mdc, String text) {

        /** Copies the MDC, keys in order. */
        public Event {
            mdc = Collections.unmodifiableMap(new TreeMap<>(mdc));
        }

        @Override
        public String toString() {
            return level + " " + logger + " [" + thread + "] " + text;
        }
    }

    /**
     * Opens a session that keeps every event until closed, and captures {@code java.util.logging} at every level
     * meanwhile.
     *
     * @return the session
     */
    public static Session open() {
        Session session = new Session();
        sessions.add(session);
        return session;
    }

    /**
     * How many events were recorded since the JVM started.
     *
     * @return the count
     */
    public static long total() {
        return total.get();
    }

    /**
     * The most recent events, oldest first.
     *
     * @return a copy of the ring
     */
    public static List<Event> recent() {
        synchronized (ring) {
            return new ArrayList<>(ring);
        }
    }

    static void record(String logger, Level level, String pattern, Object[] arguments, List<KeyValuePair> keyValues,
            List<?> markers, Throwable thrown) {
        StringBuilder text = new StringBuilder();
        text.append(format(pattern, arguments));
        if (arguments != null && arguments.length > 0) {
            text.append(" | arguments:");
            for (Object argument : arguments) {
                text.append(" «").append(safe(argument)).append('»');
            }
        }
        if (keyValues != null && !keyValues.isEmpty()) {
            text.append(" | keys:");
            for (KeyValuePair kv : keyValues) {
                text.append(' ').append(kv.key).append("=«").append(safe(kv.value)).append('»');
            }
        }
        if (markers != null && !markers.isEmpty()) {
            text.append(" | markers: ").append(safe(markers));
        }
        if (thrown != null) {
            text.append(" | thrown: ").append(render(thrown));
        }
        Map<String, String> mdc = mdc();
        if (!mdc.isEmpty()) {
            text.append(" | mdc: ").append(mdc);
        }
        Event event = new Event(level, logger, Thread.currentThread().getName(), mdc, text.toString());
        total.incrementAndGet();
        synchronized (ring) {
            if (ring.size() == RING) {
                ring.removeFirst();
            }
            ring.addLast(event);
        }
        for (Session session : sessions) {
            session.add(event);
        }
        if (level == Level.WARN || level == Level.ERROR) {
            synchronized (ERR) {
                ERR.println("[" + event.thread() + "] " + level + " " + logger + " - " + format(pattern, arguments));
                if (thrown != null) {
                    thrown.printStackTrace(ERR);
                }
            }
        }
    }

    /**
     * A throwable with every cause and suppressed exception, each as {@link Throwable#toString()} (class and
     * message), the way a backend prints them.
     *
     * @param thrown the throwable
     * @return the rendering
     */
    public static String render(Throwable thrown) {
        StringBuilder out = new StringBuilder();
        render(thrown, out, Collections.newSetFromMap(new IdentityHashMap<>()), 0);
        return out.toString();
    }

    private static void render(Throwable t, StringBuilder out, Set<Throwable> seen, int depth) {
        if (t == null || depth > 32 || !seen.add(t)) {
            return;
        }
        out.append(depth == 0 ? "" : " <- ").append(safe(t));
        for (Throwable suppressed : t.getSuppressed()) {
            out.append(" [suppressed: ");
            render(suppressed, out, seen, depth + 1);
            out.append(']');
        }
        render(t.getCause(), out, seen, depth + 1);
    }

    /** The current thread's MDC, as a backend's {@code %X} would print it. */
    private static Map<String, String> mdc() {
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        return mdc == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(mdc));
    }

    private static String format(String pattern, Object[] arguments) {
        try {
            return MessageFormatter.basicArrayFormat(pattern, arguments);
        } catch (RuntimeException e) {
            return pattern + " (arguments could not be formatted: " + e + ")";
        }
    }

    private static String safe(Object value) {
        try {
            if (value instanceof Object[] array) {
                return java.util.Arrays.deepToString(array);
            }
            return String.valueOf(value);
        } catch (RuntimeException e) {
            return "(toString threw " + e.getClass().getName() + ")";
        }
    }

    /** Every event logged while it is open. Close it to stop keeping events. */
    public static final class Session implements AutoCloseable {

        private final List<Event> events = new ArrayList<>();
        private long overflow;
        private final Handler julHandler;
        private final java.util.logging.Level previousRootLevel;

        private Session() {
            java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
            previousRootLevel = root.getLevel();
            julHandler = new Handler() {
                private final SimpleFormatter formatter = new SimpleFormatter();

                @Override
                public void publish(LogRecord r) {
                    if (sessions.contains(Session.this)) {
                        add(new Event(julLevel(r.getLevel()), "jul:" + r.getLoggerName(),
                                Thread.currentThread().getName(), mdc(), formatter.formatMessage(r)
                                        + (r.getParameters() == null ? "" : " | arguments: " + safe(r.getParameters()))
                                        + (r.getThrown() == null ? "" : " | thrown: " + render(r.getThrown()))));
                    }
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            };
            julHandler.setLevel(java.util.logging.Level.ALL);
            root.addHandler(julHandler);
            root.setLevel(java.util.logging.Level.ALL);
        }

        private synchronized void add(Event event) {
            if (events.size() < SESSION_LIMIT) {
                events.add(event);
            } else {
                overflow++;
            }
        }

        /**
         * The events so far.
         *
         * @return a copy
         * @throws IllegalStateException when events were dropped because the session was full
         */
        public synchronized List<Event> events() {
            if (overflow > 0) {
                throw new IllegalStateException(overflow + " events did not fit into the session");
            }
            return List.copyOf(events);
        }

        @Override
        public void close() {
            sessions.remove(this);
            java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
            root.removeHandler(julHandler);
            root.setLevel(previousRootLevel);
        }

        private static Level julLevel(java.util.logging.Level level) {
            int v = level.intValue();
            if (v >= java.util.logging.Level.SEVERE.intValue()) {
                return Level.ERROR;
            }
            if (v >= java.util.logging.Level.WARNING.intValue()) {
                return Level.WARN;
            }
            if (v >= java.util.logging.Level.INFO.intValue()) {
                return Level.INFO;
            }
            if (v >= java.util.logging.Level.FINE.intValue()) {
                return Level.DEBUG;
            }
            return Level.TRACE;
        }
    }
}
