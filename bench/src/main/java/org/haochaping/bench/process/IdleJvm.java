package org.haochaping.bench.process;

import java.util.concurrent.CountDownLatch;

/**
 * The footprint benchmark's baseline process: a JVM started like {@code hcp run} (same heap, collector and
 * flags) that prints {@value #READY} and then does nothing until it is stopped — what the JVM alone costs.
 */
public final class IdleJvm {

    public static final String READY = "idle JVM ready";

    private IdleJvm() {}

    public static void main(String[] args) throws InterruptedException {
        System.out.println(READY);
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
