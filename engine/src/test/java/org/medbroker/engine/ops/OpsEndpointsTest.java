package org.medbroker.engine.ops;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medbroker.engine.http.HttpServer;
import org.medbroker.engine.store.RecordStore;
import org.medbroker.engine.testsupport.TestDatabase;

/** /metrics and /health over real HTTP, mounted as the broker mounts them. */
class OpsEndpointsTest {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicBoolean journalWritable = new AtomicBoolean(true);
    private TestDatabase database;
    private RecordStore store;
    private Metrics metrics;
    private HttpServer http;

    @BeforeEach
    void start() {
        database = TestDatabase.create(TestDatabase.Kind.H2);
        store = database.open();
        metrics = new Metrics();
        HealthServlet health = new HealthServlet(List.of(
                HealthCheck.of("store", store::isReachable),
                new HealthCheck() {
                    @Override
                    public String name() {
                        return "journal";
                    }

                    @Override
                    public Result check() {
                        return journalWritable.get() ? Result.healthy() : Result.unhealthy("journal cannot write: disk \"full\"");
                    }
                },
                new HealthCheck() {
                    @Override
                    public String name() {
                        return "flaky";
                    }

                    @Override
                    public Result check() {
                        if (!journalWritable.get()) {
                            throw new IllegalStateException("boom");
                        }
                        return Result.healthy();
                    }
                }));
        Map<String, HttpServlet> servlets = new LinkedHashMap<>();
        servlets.put("/metrics", new MetricsServlet(metrics));
        servlets.put("/health", health);
        servlets.put("/health/*", health);
        http = new HttpServer("127.0.0.1", 0, Optional.empty(), servlets);
        http.start();
    }

    @AfterEach
    void stop() {
        http.close();
        store.close();
        database.close();
    }

    @Test
    void servesMetricsInThePrometheusTextFormat() throws Exception {
        Metrics.Counter received = metrics.counter("medbroker_messages_received_total", "Messages received", "listener");
        received.inc("lab");
        metrics.histogram("medbroker_ack_latency_seconds", "ACK latency", new double[] {0.01, 0.1}, "listener").observe(0.02, "lab");

        HttpResponse<String> response = get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(response.body()).contains("medbroker_messages_received_total{listener=\"lab\"} 1\n",
                "medbroker_ack_latency_seconds_bucket{listener=\"lab\",le=\"0.1\"} 1\n", "jvm_memory_heap_used_bytes ");
        for (String line : response.body().split("\n")) {
            assertThat(line.startsWith("# HELP ") || line.startsWith("# TYPE ") || MetricsTest.SAMPLE.matcher(line).matches())
                    .as(line).isTrue();
        }
    }

    @Test
    void reportsUpWhenEveryCheckPasses() throws Exception {
        HttpResponse<String> health = get("/health");
        HttpResponse<String> ready = get("/health/ready");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(health.body()).isEqualTo(
                "{\"status\":\"UP\",\"checks\":{\"store\":{\"status\":\"UP\"},\"journal\":{\"status\":\"UP\"},\"flaky\":{\"status\":\"UP\"}}}");
        assertThat(ready.body()).isEqualTo(health.body());
    }

    @Test
    void reportsDownWith503WhileLiveStaysUp() throws Exception {
        journalWritable.set(false);
        store.close();

        HttpResponse<String> ready = get("/health/ready");
        HttpResponse<String> live = get("/health/live");

        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).isEqualTo("{\"status\":\"DOWN\",\"checks\":{"
                + "\"store\":{\"status\":\"DOWN\",\"detail\":\"not reachable\"},"
                + "\"journal\":{\"status\":\"DOWN\",\"detail\":\"journal cannot write: disk \\\"full\\\"\"},"
                + "\"flaky\":{\"status\":\"DOWN\",\"detail\":\"check failed: IllegalStateException\"}}}");
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(get("/health/other").statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
