package org.medbroker.engine.outbound;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.medbroker.engine.ops.Metrics;

/** Per-destination delivery counters and queue gauges. */
final class OutboundMetrics {

    private final Metrics.Counter delivered;
    private final Metrics.Counter failures;
    private final Metrics.Counter deadLettered;

    OutboundMetrics(Metrics metrics, Map<String, Dispatcher> dispatchers) {
        delivered = metrics.counter("medbroker_outbound_delivered_total", "Messages delivered (AA) per destination", "destination");
        failures = metrics.counter("medbroker_outbound_failures_total",
                "Failed delivery attempts per destination: rejected (AE/AR), timeout, unreachable", "destination", "outcome");
        deadLettered = metrics.counter("medbroker_outbound_dead_letter_total",
                "Messages moved to dead letter after the retry limit", "destination");
        metrics.labelledGauge("medbroker_outbound_queue_depth", "Messages waiting for delivery per destination", "destination",
                () -> values(dispatchers, s -> s.pending()));
        metrics.labelledGauge("medbroker_outbound_dead_letters", "Messages in dead letter per destination", "destination",
                () -> values(dispatchers, s -> s.dead()));
        metrics.labelledGauge("medbroker_outbound_oldest_age_seconds",
                "Age of the oldest undelivered message per destination (0 when none)", "destination",
                () -> values(dispatchers, s -> s.oldestAge(Instant.now()).toMillis() / 1000.0));
    }

    private static Map<String, Double> values(Map<String, Dispatcher> dispatchers, ToDoubleFunction<DestinationStats> f) {
        Map<String, Double> values = new LinkedHashMap<>();
        dispatchers.forEach((name, dispatcher) -> values.put(name, f.applyAsDouble(dispatcher.stats())));
        return values;
    }

    void delivered(String destination, int count) {
        delivered.add(count, destination);
    }

    void failed(String destination, String outcome) {
        failures.inc(destination, outcome);
    }

    void deadLettered(String destination) {
        deadLettered.inc(destination);
    }
}
