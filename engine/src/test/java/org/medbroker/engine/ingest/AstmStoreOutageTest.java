package org.medbroker.engine.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbroker.engine.Broker;
import org.medbroker.engine.config.ConfigLoader;
import org.medbroker.engine.testsupport.LogCapture;
import org.medbroker.engine.testsupport.TestMis;
import org.medbroker.engine.testsupport.TestPostgres;
import org.medbroker.samples.astm.AstmSimulator;
import org.medbroker.samples.astm.AstmSimulator.Outcome;

/**
 * PostgreSQL stopped under a broker with an ASTM listener, the analyzer simulated over TCP. With
 * {@code store.whenUnavailable: refuse} (the default) the listener answers ENQ with NAK while the
 * store is down, so the analyzer keeps its results and nothing is journaled, and takes them again by
 * itself once PostgreSQL is back; every result it was told was taken is stored once. With
 * {@code journal} the listener keeps accepting and the store catches up from the journal.
 */
class AstmStoreOutageTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void naksTheAnalyzerWhileTheStoreIsDownAndAcceptsAgainByItself() throws Exception {
        try (TestPostgres pg = TestPostgres.start();
                Broker broker = Broker.start(new ConfigLoader(Map.of()).load(config(pg, "refuse")));
                AstmSimulator analyzer = analyzer(broker)) {
            List<String> taken = new ArrayList<>();
            List<String> refused = new ArrayList<>();
            assertThat(send(analyzer, "BEFORE-1", taken)).isEqualTo(Outcome.DELIVERED);
            TestMis.await(WAIT, () -> storedSamples(broker).size() == 1, "the result stored");

            pg.stopServer();
            try (LogCapture log = LogCapture.root()) {
                AtomicInteger n = new AtomicInteger();
                await("the listener to refuse what it cannot store").atMost(WAIT).pollInterval(Duration.ofMillis(500))
                        .until(() -> send(analyzer, "DURING-" + n.incrementAndGet(), taken) == Outcome.REFUSED);
                refused.add("DURING-" + n.get());
                TestMis.await(WAIT, () -> broker.journal().durableSeq() == taken.size(), "what was taken journaled");
                long journaled = broker.journal().durableSeq();
                assertThat(send(analyzer, "REFUSED-2", taken)).isEqualTo(Outcome.REFUSED);
                refused.add("REFUSED-2");
                assertThat(broker.journal().durableSeq()).as("nothing journaled while refusing").isEqualTo(journaled);
                assertThat(health(broker)).isEqualTo(503);
                assertThat(log.text()).contains("MB-0649").doesNotContain("MRN-ASTM-1");
            }

            pg.startServer();
            TestMis.await(WAIT, () -> {
                try {
                    return send(analyzer, "AFTER-" + System.nanoTime(), taken) == Outcome.DELIVERED;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "the listener to accept again by itself");
            TestMis.await(WAIT, () -> storedSamples(broker).size() == taken.size(), "every taken result stored");
            assertThat(storedSamples(broker)).containsExactlyInAnyOrderElementsOf(taken);
            assertThat(storedSamples(broker)).doesNotContainAnyElementsOf(refused);
            TestMis.await(WAIT, () -> health(broker) == 200, "/health to recover");
        }
    }

    @Test
    void journalModeKeepsAcceptingWhileTheStoreIsDown() throws Exception {
        try (TestPostgres pg = TestPostgres.start();
                Broker broker = Broker.start(new ConfigLoader(Map.of()).load(config(pg, "journal")));
                AstmSimulator analyzer = analyzer(broker)) {
            List<String> taken = new ArrayList<>();
            pg.stopServer();
            TestMis.await(WAIT, () -> health(broker) == 503, "/health to report the store");
            // Longer than the 2 s after which refuse mode would answer NAK.
            await().pollDelay(Duration.ofSeconds(3)).until(() -> health(broker) == 503);
            assertThat(send(analyzer, "OUTAGE-1", taken)).isEqualTo(Outcome.DELIVERED);
            assertThat(send(analyzer, "OUTAGE-2", taken)).isEqualTo(Outcome.DELIVERED);
            TestMis.await(WAIT, () -> broker.journal().durableSeq() == 2, "both journaled");

            pg.startServer();
            TestMis.await(WAIT, () -> storedSamples(broker).size() == 2, "the journal applied after the outage");
            assertThat(storedSamples(broker)).containsExactlyInAnyOrder("OUTAGE-1", "OUTAGE-2");
        }
    }

    private Path config(TestPostgres pg, String whenUnavailable) throws Exception {
        Path config = dir.resolve("medbroker.yaml");
        Files.writeString(config, """
                dataDir: data
                store:
                  jdbcUrl: "%s"
                  username: postgres
                  whenUnavailable: %s
                http:
                  bind: 127.0.0.1
                  port: 0
                listeners:
                  - name: xn
                    type: astm
                    bind: 127.0.0.1
                    port: 0
                    codeMap: hematology-xn
                """.formatted(pg.jdbcUrl(), whenUnavailable));
        return config;
    }

    private static AstmSimulator analyzer(Broker broker) throws Exception {
        return AstmSimulator.tcp("127.0.0.1", broker.listenerPort("xn"))
                .timers(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMillis(300));
    }

    /** Sends one result for the barcode; notes it as taken when the analyzer was told so. */
    private static Outcome send(AstmSimulator analyzer, String barcode, List<String> taken) throws Exception {
        Outcome outcome = analyzer.send(analyzer.results("hematology-xn", barcode, "MRN-ASTM-1", LocalDateTime.now()));
        if (outcome == Outcome.DELIVERED) {
            taken.add(barcode);
        }
        return outcome;
    }

    /** The specimen barcodes of the ASTM messages in the store; empty while it cannot be reached. */
    private static List<String> storedSamples(Broker broker) {
        List<String> samples = new ArrayList<>();
        try (Connection connection = broker.store().dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT k.key_value FROM message_key k JOIN message m"
                        + " ON m.id = k.message_id WHERE m.listener = 'xn' AND k.key_type = 'sample'");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                samples.add(rows.getString(1));
            }
        } catch (Exception e) {
            return List.of();
        }
        return samples;
    }

    private static int health(Broker broker) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + broker.httpPort() + "/health"))
                    .GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
