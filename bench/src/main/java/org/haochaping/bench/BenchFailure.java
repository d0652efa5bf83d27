package org.haochaping.bench;

/** The bench measured something wrong (a lost or double-counted rating, a stalled or failed job): no numbers. */
public final class BenchFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BenchFailure(String message) {
        super(message);
    }
}
