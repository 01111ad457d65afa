package org.medbroker.engine.ingest;

import org.medbroker.engine.ops.Metrics;

/** The per-listener message counters and the ACK latency histogram. */
public final class IngestMetrics {

    private static final double[] LATENCY_BUCKETS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};

    private final Metrics.Counter received;
    private final Metrics.Counter processed;
    private final Metrics.Counter errored;
    private final Metrics.Counter duplicates;
    private final Metrics.Histogram ackLatency;

    public IngestMetrics(Metrics metrics) {
        received = metrics.counter("medbroker_messages_received_total", "Messages received", "listener");
        processed = metrics.counter("medbroker_messages_processed_total", "Messages stored and mapped", "listener");
        errored = metrics.counter("medbroker_messages_errored_total", "Messages rejected or failed (AE/AR or store error)", "listener");
        duplicates = metrics.counter("medbroker_messages_duplicate_total", "Messages whose control id was already processed", "listener");
        ackLatency = metrics.histogram("medbroker_ack_latency_seconds", "Time from a complete block to its ACK",
                LATENCY_BUCKETS, "listener");
    }

    public void received(String listener) {
        received.inc(listener);
    }

    public void processed(String listener) {
        processed.inc(listener);
    }

    public void errored(String listener) {
        errored.inc(listener);
    }

    public void duplicate(String listener) {
        duplicates.inc(listener);
    }

    public void acknowledged(String listener, long nanos) {
        ackLatency.observe(nanos / 1e9, listener);
    }
}
