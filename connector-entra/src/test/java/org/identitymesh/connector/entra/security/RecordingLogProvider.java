package org.identitymesh.connector.entra.security;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.spi.LoggingEventAware;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The tests' only SLF4J 2 provider: every logger of every library (the connector, MSAL4J, azure-core and
 * azure-identity, Kiota) is enabled at TRACE and hands each event to {@link LogCapture}, which keeps it in memory
 * and echoes WARN and ERROR to stderr. Its MDC is per thread and not inherited ({@link ThreadMdcAdapter}).
 * Registered in {@code META-INF/services/org.slf4j.spi.SLF4JServiceProvider}
 * of the test resources; main code ships no logging backend.
 */
public final class RecordingLogProvider implements SLF4JServiceProvider {

    private ILoggerFactory loggers;
    private IMarkerFactory markers;
    private MDCAdapter mdc;

    /** ServiceLoader calls this. */
    public RecordingLogProvider() {
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        ConcurrentMap<String, Logger> byName = new ConcurrentHashMap<>();
        loggers = name -> byName.computeIfAbsent(name, RecordingLogger::new);
        markers = new BasicMarkerFactory();
        mdc = new ThreadMdcAdapter();
    }

    /** A logger enabled at every level. */
    static final class RecordingLogger extends LegacyAbstractLogger implements LoggingEventAware {

        private static final long serialVersionUID = 1L;

        RecordingLogger(String name) {
            this.name = name;
        }

        @Override
        public boolean isTraceEnabled() {
            return true;
        }

        @Override
        public boolean isDebugEnabled() {
            return true;
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                Throwable thrown) {
            LogCapture.record(name, level, pattern, arguments, null, marker == null ? null : List.of(marker), thrown);
        }

        @Override
        public void log(LoggingEvent event) {
            LogCapture.record(name, event.getLevel(), event.getMessage(), event.getArgumentArray(),
                    event.getKeyValuePairs(), event.getMarkers(), event.getThrowable());
        }
    }
}
