package org.identitymesh.connector.entra.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.identitymesh.connector.api.TransientConnectorException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Fetch tasks of an import on threads that other imports use too. */
class FetchTasksTest {

    private final ExecutorService oneThread = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        oneThread.shutdownNow();
    }

    @Test
    void stoppingAnImportInterruptsItsTaskAndNotTheThreadsNextTask() throws Exception {
        FetchTasks stopped = new FetchTasks(oneThread, CallerMdc.capture());
        CountDownLatch waiting = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        stopped.start(() -> {
            waiting.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
        });
        assertTrue(waiting.await(10, TimeUnit.SECONDS));
        stopped.interruptAll();
        assertTrue(stopped.awaitAll(Duration.ofSeconds(10)), "the interrupted task returned");
        assertTrue(interrupted.get());

        // the same thread now runs another import's task; a late stop of the finished import must not reach it
        FetchTasks next = new FetchTasks(oneThread, CallerMdc.capture());
        CountDownLatch nextRunning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean nextSawInterrupt = new AtomicBoolean(true);
        next.start(() -> {
            nextRunning.countDown();
            try {
                release.await();
                nextSawInterrupt.set(Thread.currentThread().isInterrupted());
            } catch (InterruptedException e) {
                nextSawInterrupt.set(true);
            }
        });
        assertTrue(nextRunning.await(10, TimeUnit.SECONDS));
        stopped.interruptAll();
        release.countDown();
        assertTrue(next.awaitAll(Duration.ofSeconds(10)));
        assertFalse(nextSawInterrupt.get(), "the same thread's next task was interrupted");
    }

    @Test
    void awaitingWaitsForEveryTaskAndSaysWhenOneOutlastsTheTimeout() throws Exception {
        ExecutorService twoThreads = Executors.newFixedThreadPool(2);
        try {
            FetchTasks tasks = new FetchTasks(twoThreads, CallerMdc.capture());
            CountDownLatch release = new CountDownLatch(1);
            tasks.start(() -> { });
            tasks.start(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertFalse(tasks.awaitAll(Duration.ofMillis(200)), "a task still runs");
            release.countDown();
            assertTrue(tasks.awaitAll(Duration.ofSeconds(10)));
        } finally {
            twoThreads.shutdownNow();
        }
    }

    @Test
    void aRefusedTaskIsATransientFailureAndNothingToWaitFor() throws Exception {
        FetchTasks tasks = new FetchTasks(task -> {
            throw new RejectedExecutionException("no threads left");
        }, CallerMdc.capture());
        TransientConnectorException e = assertThrows(TransientConnectorException.class, () -> tasks.start(() -> { }));
        assertEquals("No thread could be started to read from Graph (no threads left); no watermark was returned. "
                + "Run the import again.", e.getMessage());
        assertTrue(tasks.awaitAll(Duration.ZERO), "a refused task is not waited for");
    }
}
