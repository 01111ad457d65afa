package org.medbroker.engine.outbound;

/** How one destination's messages leave: one at a time, on the dispatcher's thread. */
interface Transport extends AutoCloseable {

    /** Where messages go, for logs (no patient data). */
    String peer();

    Outcome send(OutboundQueue.Due message) throws InterruptedException;

    @Override
    void close();
}
