package org.identitymesh.connector.entra.imports;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.identitymesh.connector.api.TransientConnectorException;

/**
 * The fetch tasks of one import, run on threads that the provider's connectors share (a thread per chain running
 * anywhere, not per connector, and none created for an import when an idle one is there). Each task runs with the
 * caller's MDC ({@link CallerMdc}); stopping interrupts exactly the threads that run this import's tasks, never a
 * thread that has moved on to another import; and {@link #awaitAll} waits until every task has returned, so that no
 * request of the import is on its way when {@code importChanges} returns. Used by the importing thread only.
 */
final class FetchTasks {

    private final Executor threads;
    private final CallerMdc callerMdc;
    private final List<Task> tasks = new ArrayList<>();

    FetchTasks(Executor threads, CallerMdc callerMdc) {
        this.threads = threads;
        this.callerMdc = callerMdc;
    }

    /**
     * Runs work on a shared thread.
     *
     * @param work a chain of the import
     */
    void start(Runnable work) {
        Task task = new Task(callerMdc.around(work));
        tasks.add(task);
        try {
            threads.execute(task);
        } catch (RejectedExecutionException e) {
            task.end();
            throw new TransientConnectorException("No thread could be started to read from Graph (" + e.getMessage()
                    + "); no watermark was returned. Run the import again.", null, e);
        }
    }

    /** Interrupts the tasks still running; a task not yet started ends as soon as it starts, by the import's stop. */
    void interruptAll() {
        tasks.forEach(Task::interrupt);
    }

    /**
     * Waits until every task has returned.
     *
     * @param timeout the longest wait in all
     * @return whether every task returned in time
     */
    boolean awaitAll(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Task task : tasks) {
            if (!task.await(deadline)) {
                return false;
            }
        }
        return true;
    }

    /** One task and the thread running it, guarded by its own monitor. */
    private static final class Task implements Runnable {

        private final Runnable work;
        private Thread runner;
        private boolean ended;

        Task(Runnable work) {
            this.work = work;
        }

        @Override
        public void run() {
            synchronized (this) {
                runner = Thread.currentThread();
            }
            try {
                work.run();
            } finally {
                end();
                // an interrupt meant for this task must not reach the thread's next task
                Thread.interrupted();
            }
        }

        synchronized void end() {
            runner = null;
            ended = true;
            notifyAll();
        }

        synchronized void interrupt() {
            if (runner != null) {
                runner.interrupt();
            }
        }

        synchronized boolean await(long deadline) throws InterruptedException {
            while (!ended) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return true;
        }
    }
}
