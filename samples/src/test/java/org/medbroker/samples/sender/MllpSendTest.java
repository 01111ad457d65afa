package org.medbroker.samples.sender;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbroker.samples.AckingMllpServer;

class MllpSendTest {

    private static final String ORU_LF = "MSH|^~\\&|CBC|LAB|MEDBROKER|HOSP|20250101120000||ORU^R01^ORU_R01|FILE-1|P|2.5.1\n"
            + "PID|1||12345^^^HOSP^MR||DOE^JANE\n"
            + "OBR|1||LAB1|58410-2^CBC panel^LN\n"
            + "OBX|1|NM|718-7^Hemoglobin^LN||14.3|g/dL|13.5-17.5|N|||F\n";

    @TempDir
    Path dir;

    @Test
    void sendsAFileWithLfLineEndsAsCrSegmentsAndExitsZeroOnAa() throws Exception {
        Path file = write("oru.hl7", ORU_LF.getBytes(ISO_8859_1));
        try (AckingMllpServer server = AckingMllpServer.acceptingAll(ISO_8859_1)) {
            Run run = send("--port", String.valueOf(server.port()), file.toString());

            assertThat(run.exitCode).as(run.err).isZero();
            assertThat(server.received()).containsExactly(ORU_LF.replace('\n', '\r'));
            assertThat(run.out).contains("MSH-10 FILE-1", "    MSA|AA|FILE-1").doesNotContain("\r");
        }
    }

    @Test
    void normalisesCrLfBlankLinesAndABomAndSendsEveryMessageOfAFile() throws Exception {
        String two = ORU_LF.replace("\n", "\r\n") + "\r\n\r\n" + ORU_LF.replace("FILE-1", "FILE-2").replace("\n", "\r");
        byte[] withBom = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, two.getBytes(ISO_8859_1));
        Path file = write("two.hl7", withBom);
        try (AckingMllpServer server = AckingMllpServer.acceptingAll(ISO_8859_1)) {
            Run run = send("--port", String.valueOf(server.port()), file.toString());

            assertThat(run.exitCode).as(run.err).isZero();
            assertThat(server.received()).containsExactly(ORU_LF.replace('\n', '\r'),
                    ORU_LF.replace("FILE-1", "FILE-2").replace('\n', '\r'));
            assertThat(run.out).contains("(message 1 of 2)", "(message 2 of 2)");
        }
    }

    @Test
    void passesUtf8BytesThroughAndShowsTheAckInItsDeclaredCharset() throws Exception {
        String cyrillic = "MSH|^~\\&|CBC|LAB|MB|HOSP|20250101||ORU^R01|FILE-U|P|2.5.1||||||UNICODE UTF-8\n"
                + "PID|1||1^^^H^MR||ИВАНОВА^АННА\n";
        Path file = write("utf8.hl7", cyrillic.getBytes(UTF_8));
        try (AckingMllpServer server = AckingMllpServer.answering(UTF_8,
                message -> AckingMllpServer.ack(message, "AA", AckingMllpServer.controlId(message)) + "NTE|1||принято\r")) {
            Run run = send("--port", String.valueOf(server.port()), file.toString());

            assertThat(run.exitCode).as(run.err).isZero();
            assertThat(server.receivedBytes().get(0)).isEqualTo(cyrillic.replace('\n', '\r').getBytes(UTF_8));
            assertThat(run.out).contains("NTE|1||принято");
        }
    }

    @Test
    void exitsOneWhenAnyAckIsNotAa() throws Exception {
        Path good = write("good.hl7", ORU_LF.getBytes(ISO_8859_1));
        Path bad = write("bad.hl7", ORU_LF.replace("FILE-1", "FILE-BAD").getBytes(ISO_8859_1));
        try (AckingMllpServer server = AckingMllpServer.answering(ISO_8859_1, message -> AckingMllpServer.ack(message,
                AckingMllpServer.controlId(message).equals("FILE-BAD") ? "AE" : "AA", AckingMllpServer.controlId(message)))) {
            Run run = send("--port", String.valueOf(server.port()), good.toString(), bad.toString());

            assertThat(run.exitCode).isEqualTo(1);
            assertThat(server.received()).hasSize(2);
            assertThat(run.out).contains("MSA|AE|FILE-BAD", "not accepted: MSA-1 AE");
        }
    }

    @Test
    void exitsOneWhenTheAckNamesAnotherControlId() throws Exception {
        Path file = write("oru.hl7", ORU_LF.getBytes(ISO_8859_1));
        try (AckingMllpServer server = AckingMllpServer.answering(ISO_8859_1, message -> AckingMllpServer.ack(message, "AA", "OTHER"))) {
            Run run = send("--port", String.valueOf(server.port()), file.toString());
            assertThat(run.exitCode).isEqualTo(1);
            assertThat(run.out).contains("does not match MSH-10 'FILE-1'");
        }
    }

    @Test
    void exitsTwoWhenNothingListens() throws Exception {
        Path file = write("oru.hl7", ORU_LF.getBytes(ISO_8859_1));
        int port;
        try (java.net.ServerSocket closed = new java.net.ServerSocket(0)) {
            port = closed.getLocalPort();
        }
        Run run = send("--port", String.valueOf(port), file.toString());
        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("error: 127.0.0.1:" + port);
    }

    @Test
    void exitsTwoWhenNoAckComesInTime() throws Exception {
        Path file = write("oru.hl7", ORU_LF.getBytes(ISO_8859_1));
        try (AckingMllpServer server = AckingMllpServer.answering(ISO_8859_1, message -> null)) {
            Run run = send("--port", String.valueOf(server.port()), "--timeout-seconds", "1", file.toString());
            assertThat(run.exitCode).isEqualTo(2);
            assertThat(run.err).contains("no ACK within 1 s for FILE-1");
        }
    }

    @Test
    void exitsSixtyFourOnUsageAndFileErrors() throws Exception {
        assertThat(send().exitCode).isEqualTo(64);
        assertThat(send("--port", "x", "a.hl7").exitCode).isEqualTo(64);
        assertThat(send(dir.resolve("missing.hl7").toString()).exitCode).isEqualTo(64);
        Path notHl7 = write("notes.txt", "just some text\n".getBytes(ISO_8859_1));
        Run run = send(notHl7.toString());
        assertThat(run.exitCode).isEqualTo(64);
        assertThat(run.err).contains("not an HL7 v2 message");
    }

    // ---- helpers ----

    record Run(int exitCode, String out, String err) {}

    private Path write(String name, byte[] content) throws Exception {
        return Files.write(dir.resolve(name), content);
    }

    private static Run send(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = MllpSend.run(args, new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8));
        return new Run(code, out.toString(UTF_8), err.toString(UTF_8));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
