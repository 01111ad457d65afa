package org.medbroker.engine.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MetricsTest {

    /** A sample line of the text exposition format 0.0.4. */
    static final Pattern SAMPLE = Pattern.compile(
            "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\\\n]|\\\\[\\\\\"n])*\",?)*\\})? (-?[0-9.]+(E-?[0-9]+)?|[+-]Inf|NaN)");

    private final Metrics metrics = new Metrics();

    @Test
    void rendersCountersPerLabelSet() {
        Metrics.Counter received = metrics.counter("medbroker_messages_received_total", "Messages received", "listener");
        received.inc("lab");
        received.inc("lab");
        received.add(5, "icu");

        assertThat(metrics.render()).contains(
                "# HELP medbroker_messages_received_total Messages received\n"
                        + "# TYPE medbroker_messages_received_total counter\n"
                        + "medbroker_messages_received_total{listener=\"icu\"} 5\n"
                        + "medbroker_messages_received_total{listener=\"lab\"} 2\n");
        assertThat(received.value("lab")).isEqualTo(2);
    }

    @Test
    void rendersHistogramsWithCumulativeBucketsSumAndCount() {
        Metrics.Histogram latency = metrics.histogram("medbroker_ack_latency_seconds", "ACK latency",
                new double[] {0.0005, 0.01, 1}, "listener");
        latency.observe(0.0001, "lab");
        latency.observe(0.005, "lab");
        latency.observe(0.01, "lab");
        latency.observe(3, "lab");

        assertThat(metrics.render()).contains(
                "# TYPE medbroker_ack_latency_seconds histogram\n"
                        + "medbroker_ack_latency_seconds_bucket{listener=\"lab\",le=\"0.0005\"} 1\n"
                        + "medbroker_ack_latency_seconds_bucket{listener=\"lab\",le=\"0.01\"} 3\n"
                        + "medbroker_ack_latency_seconds_bucket{listener=\"lab\",le=\"1\"} 3\n"
                        + "medbroker_ack_latency_seconds_bucket{listener=\"lab\",le=\"+Inf\"} 4\n"
                        + "medbroker_ack_latency_seconds_sum{listener=\"lab\"} 3.0151\n"
                        + "medbroker_ack_latency_seconds_count{listener=\"lab\"} 4\n");
    }

    @Test
    void includesJvmBasics() {
        String text = metrics.render();

        assertThat(text).contains("# TYPE jvm_memory_heap_used_bytes gauge\n", "\njvm_threads_live ", "\nprocess_uptime_seconds ");
    }

    @Test
    void everyLineIsValidExpositionFormat() {
        metrics.counter("c_total", "a \"help\" with \\ and\nnewline", "l").inc("va\"lue\\with\nodd chars");
        metrics.counter("plain_total", "no labels").inc();
        metrics.histogram("h_seconds", "h", new double[] {0.1}).observe(0.05);

        for (String line : metrics.render().split("\n")) {
            if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
                assertThat(line).doesNotContain("\r");
            } else {
                assertThat(line).matches(SAMPLE);
            }
        }
        assertThat(metrics.render()).contains("# HELP c_total a \"help\" with \\\\ and\\nnewline\n",
                "c_total{l=\"va\\\"lue\\\\with\\nodd chars\"} 1\n", "plain_total 1\n");
    }

    @Test
    void registeringTheSameMetricAgainReturnsIt() {
        Metrics.Counter first = metrics.counter("x_total", "x", "listener");

        assertThat(metrics.counter("x_total", "x", "listener")).isSameAs(first);
        assertThatThrownBy(() -> metrics.counter("x_total", "x", "other")).hasMessageStartingWith("MB-0580");
        assertThatThrownBy(() -> metrics.histogram("x_total", "x", new double[] {1}, "listener")).hasMessageStartingWith("MB-0580");
    }

    @Test
    void refusesBadNamesLabelsAndBuckets() {
        assertThatThrownBy(() -> metrics.counter("bad-name", "x")).hasMessageStartingWith("MB-0581");
        assertThatThrownBy(() -> metrics.counter("ok_total", "x", "__reserved")).hasMessageStartingWith("MB-0582");
        assertThatThrownBy(() -> metrics.counter("ok_total", "x", "a").inc()).hasMessageStartingWith("MB-0583");
        assertThatThrownBy(() -> metrics.counter("up_total", "x").add(-1)).hasMessageStartingWith("MB-0584");
        assertThatThrownBy(() -> metrics.histogram("h", "x", new double[] {1}, "le")).hasMessageStartingWith("MB-0585");
        assertThatThrownBy(() -> metrics.histogram("h2", "x", new double[] {2, 1})).hasMessageStartingWith("MB-0586");
    }

    @Test
    void countsExactlyUnderConcurrentUpdates() throws Exception {
        Metrics.Counter counter = metrics.counter("busy_total", "x", "listener");
        Metrics.Histogram histogram = metrics.histogram("busy_seconds", "x", new double[] {0.5}, "listener");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            String listener = "l" + (t % 2);
            done.add(pool.submit(() -> {
                for (int i = 0; i < 10_000; i++) {
                    counter.inc(listener);
                    histogram.observe(i % 2 == 0 ? 0.1 : 0.9, listener);
                }
            }));
        }
        for (Future<?> future : done) {
            future.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(counter.value("l0") + counter.value("l1")).isEqualTo(40_000);
        assertThat(metrics.render()).contains("busy_seconds_bucket{listener=\"l0\",le=\"0.5\"} 10000\n", "busy_seconds_count{listener=\"l0\"} 20000\n");
    }
}
