package org.medbroker.engine.store;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Whether the record store answered recently: checked in the background, so a listener asks without
 * waiting for a connection. The store counts as unavailable once no check has succeeded for
 * {@code grace}; it is available again with the first check that succeeds.
 */
public final class StoreAvailability implements AutoCloseable {

    private static final long CHECK_EVERY_MILLIS = 250;

    private final RecordStore store;
    private final long graceNanos;
    private final Thread thread;
    private volatile long lastReachableNanos = System.nanoTime();
    private volatile boolean running = true;

    public StoreAvailability(RecordStore store, Duration grace) {
        this.store = store;
        this.graceNanos = grace.toNanos();
        this.thread = new Thread(this::run, "store-availability");
        this.thread.setDaemon(true);
    }

    public StoreAvailability start() {
        thread.start();
        return this;
    }

    public boolean available() {
        return System.nanoTime() - lastReachableNanos < graceNanos;
    }

    private void run() {
        while (running) {
            if (store.isReachable()) {
                lastReachableNanos = System.nanoTime();
            }
            try {
                TimeUnit.MILLISECONDS.sleep(CHECK_EVERY_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5_000);
    }
}
