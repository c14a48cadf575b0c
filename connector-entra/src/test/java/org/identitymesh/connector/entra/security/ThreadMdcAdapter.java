package org.identitymesh.connector.entra.security;

import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.helpers.ThreadLocalMapOfStacks;
import org.slf4j.spi.MDCAdapter;

/**
 * The tests' MDC: one map per thread that new threads do not inherit, as in Logback and Log4j 2. (SLF4J's
 * {@code BasicMDCAdapter} copies the MDC into every thread its thread starts, which would hide a connector thread
 * that logs without the caller's keys.)
 */
final class ThreadMdcAdapter implements MDCAdapter {

    private final ThreadLocal<Map<String, String>> maps = ThreadLocal.withInitial(HashMap::new);
    private final ThreadLocalMapOfStacks stacks = new ThreadLocalMapOfStacks();

    @Override
    public void put(String key, String value) {
        if (key == null) {
            throw new IllegalArgumentException("key cannot be null");
        }
        maps.get().put(key, value);
    }

    @Override
    public String get(String key) {
        return maps.get().get(key);
    }

    @Override
    public void remove(String key) {
        maps.get().remove(key);
    }

    @Override
    public void clear() {
        maps.remove();
    }

    @Override
    public Map<String, String> getCopyOfContextMap() {
        Map<String, String> map = maps.get();
        return map.isEmpty() ? null : new HashMap<>(map);
    }

    @Override
    public void setContextMap(Map<String, String> contextMap) {
        maps.set(new HashMap<>(contextMap));
    }

    @Override
    public void pushByKey(String key, String value) {
        stacks.pushByKey(key, value);
    }

    @Override
    public String popByKey(String key) {
        return stacks.popByKey(key);
    }

    @Override
    public Deque<String> getCopyOfDequeByKey(String key) {
        return stacks.getCopyOfDequeByKey(key);
    }

    @Override
    public void clearDequeByKey(String key) {
        stacks.clearDequeByKey(key);
    }
}
