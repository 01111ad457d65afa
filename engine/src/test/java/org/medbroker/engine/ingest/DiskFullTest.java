package org.medbroker.engine.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbroker.engine.Broker;
import org.medbroker.engine.MllpTestClient;
import org.medbroker.engine.config.ConfigLoader;

/**
 * The data directory on a real, small tmpfs that fills up (needs root to mount; skipped otherwise):
 * a message the journal could not write is answered AE 207, never AA; /health shows the journal
 * DOWN; every AA'd message is in the store; with space again the listener accepts by itself.
 */
class DiskFullTest {

    private static final int MESSAGE_BYTES = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void noAaForWhatTheJournalCouldNotWrite() throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=80m", "tmpfs", data.toString()),
                "cannot mount a tmpfs (not root?): skipping the disk-full test");
        try {
            Path config = dir.resolve("medbroker.yaml");
            Files.writeString(config, """
                    dataDir: data
                    store:
                      jdbcUrl: "jdbc:h2:file:%s;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
                      username: sa
                    http:
                      bind: 127.0.0.1
                      port: 0
                    listeners:
                      - name: lab
                        type: hl7-mllp
                        bind: 127.0.0.1
                        port: 0
                    destinations:
                      - name: store
                        type: store
                    routes:
                      - from: lab
                        to: [store]
                    """.formatted(dir.resolve("store/medbroker")));
            Path filler = data.resolve("filler");
            try (Broker broker = Broker.start(new ConfigLoader(Map.of()).load(config))) {
                fill(filler);
                List<String> acknowledged = new ArrayList<>();
                String refusal = null;
                try (MllpTestClient client = new MllpTestClient(broker.listenerPort("lab"))) {
                    for (int i = 0; i < 200 && refusal == null; i++) {
                        String ack = client.send(big("FULL-" + i), StandardCharsets.UTF_8);
                        if ("AA".equals(MllpTestClient.field(ack, "MSA", 1))) {
                            acknowledged.add("FULL-" + i);
                        } else {
                            refusal = ack;
                        }
                    }
                }
                assertThat(refusal).as("the disk filled up before 200 MB were sent").isNotNull();
                assertThat(MllpTestClient.field(refusal, "MSA", 1)).isEqualTo("AE");
                assertThat(refusal).contains("207").contains("MB-0308");
                HttpResponse<String> health = get(broker, "/health");
                assertThat(health.statusCode()).isEqualTo(503);
                assertThat(health.body()).contains("\"journal\":{\"status\":\"DOWN\"");

                assertThat(broker.applier().awaitApplied(broker.journal().durableSeq(), Duration.ofSeconds(60))).isTrue();
                assertThat(storedControlIds(broker)).containsAll(acknowledged).hasSize(acknowledged.size());

                Files.delete(filler);
                try (MllpTestClient client = new MllpTestClient(broker.listenerPort("lab"))) {
                    String ack = client.send(small("AFTER-SPACE"), StandardCharsets.UTF_8);
                    assertThat(MllpTestClient.field(ack, "MSA", 1)).isEqualTo("AA");
                }
                assertThat(get(broker, "/health").body()).contains("\"journal\":{\"status\":\"UP\"");
            }
        } finally {
            run("umount", "-l", data.toString());
        }
    }

    private static List<String> storedControlIds(Broker broker) throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection connection = broker.store().dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT control_id FROM message WHERE control_id LIKE 'FULL-%'");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }

    /** Takes the space left on the tmpfs, so the journal runs out at its next new segment. */
    private static void fill(Path filler) throws IOException {
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException full) {
            assertThat(full.getMessage()).containsIgnoringCase("space");
        }
    }

    private static String big(String controlId) {
        return String.join("\r",
                "MSH|^~\\&|LIS|CLINIC|MEDBROKER|CLINIC|20240315101500+0300||ORU^R01^ORU_R01|" + controlId + "|P|2.5.1|||AL|NE||UNICODE UTF-8",
                "PID|1||PAT-1^^^CLINIC^MR||Test^Patient||19800214|F",
                "OBR|1|ORD-1|FIL-1|58410-2^CBC panel^LN|||20240315093000+0300",
                "OBX|1|TX|11502-2^Report^LN||" + "A".repeat(MESSAGE_BYTES) + "||||||F") + "\r";
    }

    private static String small(String controlId) {
        return Hl7IngestEndToEndTest.oru(controlId, "UNICODE UTF-8", "Test", "Patient", "5.5", "F");
    }

    private static HttpResponse<String> get(Broker broker, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + broker.httpPort() + path))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static boolean run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
