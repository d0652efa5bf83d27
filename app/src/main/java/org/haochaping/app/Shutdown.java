package org.haochaping.app;

import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Stopping the embedded parts in order, each step on its own so one failure does not leave the rest running. */
public final class Shutdown {

    private static final Logger LOG = LoggerFactory.getLogger(Shutdown.class);

    /** One stopping step. */
    public interface Step {
        void run() throws Exception;
    }

    private Shutdown() {}

    /** Runs {@code step}; a failure is logged, not thrown. */
    public static void quietly(String what, Step step) {
        try {
            step.run();
        } catch (Exception e) {
            LOG.warn("stopping {} failed: {}", what, e.toString());
        }
    }

    /**
     * Cancels a job and waits until it really ended: cancelling only asks, and Kafka and chDB must
     * outlive the job's clients.
     */
    public static void cancelAndAwait(JobClient job) throws Exception {
        job.cancel().get(60, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                if (job.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState()) {
                    return;
                }
            } catch (Exception e) {
                return; // the local cluster shuts down with its job: nobody left to ask
            }
            Thread.sleep(100);
        }
    }
}
