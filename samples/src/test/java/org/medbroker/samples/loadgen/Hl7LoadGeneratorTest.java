package org.medbroker.samples.loadgen;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.medbroker.samples.AckingMllpServer;

class Hl7LoadGeneratorTest {

    @Test
    void buildsAnOruR01OfAboutThreeKilobytesWithTenObx() {
        String message = Hl7LoadGenerator.oruR01("CTRL-1", 1, ISO_8859_1, false, ZonedDateTime.now(ZoneOffset.UTC));
        String[] segments = message.split("\r");

        assertThat(message.getBytes(ISO_8859_1).length).isBetween(2_700, 3_100);
        assertThat(segments[0]).startsWith("MSH|^~\\&|").contains("|ORU^R01^ORU_R01|CTRL-1|P|2.5.1|").contains("|8859/1|");
        assertThat(segments).filteredOn(s -> s.startsWith("OBX|")).hasSize(10);
        assertThat(segments).filteredOn(s -> s.startsWith("OBR|")).hasSize(1);
        assertThat(message).endsWith("\r").doesNotContain("\n");
    }

    @Test
    void declaresUtf8InMsh18AndCarriesACyrillicNameWhenAsked() {
        String message = Hl7LoadGenerator.oruR01("CTRL-2", 2, UTF_8, true, ZonedDateTime.now(ZoneOffset.UTC));
        assertThat(message.split("\r")[0]).contains("|UNICODE UTF-8|");
        assertThat(message).containsPattern("PID\\|1\\|\\|\\d+\\^\\^\\^[^|]+\\|\\|[А-Я]+\\^");
        Charset iso88595 = Charset.forName("ISO-8859-5");
        assertThat(Hl7LoadGenerator.oruR01("C", 3, iso88595, true, ZonedDateTime.now(ZoneOffset.UTC))).contains("|8859/5|");
    }

    @Test
    void sendsEveryMessageWithItsOwnControlIdAndChecksEveryAck() throws Exception {
        try (AckingMllpServer server = AckingMllpServer.acceptingAll(ISO_8859_1)) {
            Run run = run("--port", server.port(), "--connections", 4, "--messages", 200, "--warmup", 20, "--id-prefix", "T1-");

            assertThat(run.exitCode).as(run.err).isZero();
            assertThat(run.json("acked")).isEqualTo(200);
            assertThat(run.json("aa")).isEqualTo(200);
            assertThat(run.json("ctrl_id_mismatch")).isZero();
            assertThat(run.json("errors")).isZero();
            assertThat(run.out).contains("\"mode\":\"closed-loop\"", "\"ok\":true");
            assertThat(run.err).contains("OK: every message acknowledged AA");
            List<String> ids = server.received().stream().map(AckingMllpServer::controlId).toList();
            assertThat(ids).hasSize(220).allMatch(id -> id.startsWith("T1-"));
            assertThat(new HashSet<>(ids)).hasSize(220);
        }
    }

    @Test
    void offersAFixedRateAndMeasuresFromTheScheduledTime() throws Exception {
        try (AckingMllpServer server = AckingMllpServer.acceptingAll(UTF_8)) {
            long start = System.nanoTime();
            Run run = run("--port", server.port(), "--connections", 2, "--messages", 100, "--warmup", 0, "--rate", 250,
                    "--charset", "UTF-8", "--cyrillic");
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(run.exitCode).as(run.err).isZero();
            assertThat(run.out).contains("\"mode\":\"open-loop\"", "\"offered_rate\":250.0", "\"charset\":\"UTF-8\"");
            assertThat(run.json("aa")).isEqualTo(100);
            assertThat(took).as("100 messages at 250/s take about 0.4 s").isGreaterThan(Duration.ofMillis(350));
            assertThat(server.received()).allMatch(m -> m.contains("|UNICODE UTF-8|"));
        }
    }

    @Test
    void countsNegativeAcksAndWrongControlIdsAndExitsWithOne() throws Exception {
        AtomicInteger n = new AtomicInteger();
        try (AckingMllpServer server = AckingMllpServer.answering(ISO_8859_1, message -> switch (n.incrementAndGet() % 4) {
            case 1 -> AckingMllpServer.ack(message, "AE", AckingMllpServer.controlId(message));
            case 2 -> AckingMllpServer.ack(message, "AA", "SOMEONE-ELSE");
            default -> AckingMllpServer.ack(message, "AA", AckingMllpServer.controlId(message));
        })) {
            Run run = run("--port", server.port(), "--messages", 40, "--warmup", 0);

            assertThat(run.exitCode).isEqualTo(1);
            assertThat(run.json("acked")).isEqualTo(40);
            assertThat(run.json("ae")).isEqualTo(10);
            assertThat(run.json("aa")).isEqualTo(30);
            assertThat(run.json("ctrl_id_mismatch")).isEqualTo(10);
            assertThat(run.out).contains("\"ok\":false");
            assertThat(run.err).contains("FAILED");
        }
    }

    @Test
    void stopsAtMaxSecondsWhenTheReceiverNeverAnswers() throws Exception {
        try (AckingMllpServer server = AckingMllpServer.answering(ISO_8859_1, message -> null)) {
            Run run = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> run("--port", server.port(), "--connections", 2, "--messages", 10, "--warmup", 0, "--max-seconds", 2));

            assertThat(run.exitCode).isEqualTo(1);
            assertThat(run.json("acked")).isZero();
            assertThat(run.json("errors") + run.json("not_sent")).isPositive();
        }
    }

    @Test
    void reportsAConnectionErrorWhenNothingListens() throws Exception {
        int port;
        try (java.net.ServerSocket closed = new java.net.ServerSocket(0)) {
            port = closed.getLocalPort();
        }
        Run run = run("--port", port, "--messages", 5, "--warmup", 0, "--max-seconds", 5);
        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.json("errors")).isPositive();
        assertThat(run.err).contains("connect");
    }

    @Test
    void refusesATargetOutsideLoopbackUnlessAllowed() {
        Run run = run("--host", "10.1.2.3", "--port", 2575);
        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("not a loopback address");
    }

    @Test
    void rejectsBadOptionsWithUsage() {
        assertThat(run("--connections", 0).exitCode).isEqualTo(2);
        assertThat(run("--cyrillic").err).contains("--cyrillic needs --charset UTF-8");
        assertThat(run("--charset", "EBCDIC").exitCode).isEqualTo(2);
        assertThat(run("--bogus").err).contains("unknown option --bogus", "usage:");
    }

    // ---- helpers ----

    record Run(int exitCode, String out, String err) {
        long json(String key) {
            Matcher m = Pattern.compile("\"" + key + "\":(\\d+)").matcher(out);
            assertThat(m.find()).as("%s in %s", key, out).isTrue();
            return Long.parseLong(m.group(1));
        }
    }

    private static Run run(Object... args) {
        String[] text = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            text[i] = String.valueOf(args[i]);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Hl7LoadGenerator.run(text, new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8));
        return new Run(code, out.toString(UTF_8), err.toString(UTF_8));
    }
}
