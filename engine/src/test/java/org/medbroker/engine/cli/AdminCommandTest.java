package org.medbroker.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbroker.engine.MllpTestClient;
import org.medbroker.engine.TestBroker;
import org.medbroker.engine.outbound.OutboundMessages;

/** {@code medbroker admin} against a running broker's {@code /admin/api}. */
class AdminCommandTest {

    @TempDir
    Path dir;

    @Test
    void listsShowsAndReprocessesMessagesWithTheAdminToken() throws Exception {
        try (TestBroker broker = TestBroker.start(dir.resolve("broker"), null, null)) {
            try (MllpTestClient client = broker.client()) {
                client.send(OutboundMessages.oru("CLI-1", "P1"), StandardCharsets.UTF_8);
            }
            broker.awaitApplied();
            String url = "http://127.0.0.1:" + broker.broker().httpPort();
            Path tokenFile = dir.resolve("admin.token");
            Files.writeString(tokenFile, TestBroker.TOKEN + "\n");

            Result list = run(Map.of(), "--url", url, "--token-file", tokenFile.toString(), "messages", "status=processed",
                    "controlId=CLI-1");
            assertThat(list.exit).isZero();
            assertThat(list.out).contains("\"controlId\":\"CLI-1\"");

            Result show = run(Map.of("MEDBROKER_ADMIN_TOKEN", TestBroker.TOKEN), "--url", url, "show", "1");
            assertThat(show.exit).isZero();
            assertThat(show.out).contains("\"raw\":\"MSH|");

            Result reprocess = run(Map.of("MEDBROKER_ADMIN_TOKEN", TestBroker.TOKEN), "--url", url, "reprocess", "1");
            assertThat(reprocess.out).contains("\"status\":\"processed\"");

            Result wrongToken = run(Map.of("MEDBROKER_ADMIN_TOKEN", TestBroker.READER_TOKEN), "--url", url, "show", "1");
            assertThat(wrongToken.exit).isEqualTo(1);
            assertThat(wrongToken.err).contains("MB-0742");

            assertThat(run(Map.of(), "--url", url, "show", "1").exit).isEqualTo(2);
        }
    }

    @Test
    void findsMessagesBySampleIdAndAccession() throws Exception {
        try (TestBroker broker = TestBroker.start(dir.resolve("broker"), null, null)) {
            try (MllpTestClient client = broker.client()) {
                client.send(String.join("\r",
                        "MSH|^~\\&|MIS|CLINIC|LIS|LAB|20240320090512||OML^O21^OML_O21|CLI-ORDER|P|2.5.1",
                        "PID|1||MRN-9^^^CLINIC^MR||Petrova^Anna||19790412|F",
                        "ORC|NW|ACC-CLI^MIS|||SC",
                        "OBR|1|ACC-CLI^MIS||58410-2^CBC^LN",
                        "SPM|1|BC-CLI&MIS||BLD^Blood^HL70487") + "\r", StandardCharsets.UTF_8);
                client.send(OutboundMessages.oru("CLI-2", "P2"), StandardCharsets.UTF_8);
            }
            broker.awaitApplied();
            String url = "http://127.0.0.1:" + broker.broker().httpPort();
            Map<String, String> env = Map.of("MEDBROKER_ADMIN_TOKEN", TestBroker.TOKEN);

            Result bySample = run(env, "--url", url, "messages", "sampleId=BC-CLI");
            assertThat(bySample.exit).isZero();
            assertThat(bySample.out).contains("\"controlId\":\"CLI-ORDER\"").doesNotContain("CLI-2", "Petrova", "MRN-9");
            Result byAccession = run(env, "--url", url, "messages", "accession=ACC-CLI");
            assertThat(byAccession.out).contains("\"controlId\":\"CLI-ORDER\"", "\"studies\":[]").doesNotContain("CLI-2");
            assertThat(run(env, "--url", url, "messages", "sampleId=NOPE").out.trim()).isEqualTo("{\"messages\":[]}");
        }
    }

    private record Result(int exit, String out, String err) {}

    private static Result run(Map<String, String> environment, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = AdminCommand.run(args, environment, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
