package org.medbroker.engine.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbroker.engine.Broker;
import org.medbroker.engine.MllpTestClient;
import org.medbroker.engine.config.ConfigLoader;
import org.medbroker.engine.testsupport.TestMis;

/** A {@code file} destination: one file per message, named by the stable control id, written atomically. */
class FileDestinationTest {

    @TempDir
    Path dir;

    @Test
    void writesEachMessageOnceUnderItsControlIdAndWaitsWhileTheFolderIsUnwritable() throws Exception {
        Path outbox = dir.resolve("outbox");
        Files.writeString(outbox, "a file where the folder should be");
        Path config = DestinationTestConfig.write(dir, """
                - name: archive
                  type: file
                  directory: outbox
                  maxAttempts: 1
                  initialBackoff: 50ms
                  maxBackoff: 200ms
                """);
        try (Broker broker = Broker.start(new ConfigLoader(Map.of()).load(config))) {
            try (MllpTestClient client = new MllpTestClient(broker.listenerPort("lab"))) {
                for (int i = 0; i < 3; i++) {
                    client.send(OutboundMessages.oru("F-" + i, "P" + i), StandardCharsets.UTF_8);
                }
            }
            TestMis.await(Duration.ofSeconds(30), () -> broker.applier().appliedSeq() == 3, "stored");
            Thread.sleep(300); // a few failed attempts against the unwritable folder
            assertThat(Files.isRegularFile(outbox)).isTrue();

            Files.delete(outbox);
            TestMis.await(Duration.ofSeconds(30), () -> files(outbox).size() == 3, "three files");
            List<Path> written = files(outbox);
            try (Stream<Path> all = Files.list(outbox)) {
                assertThat(all.filter(p -> p.getFileName().toString().startsWith("."))).as("temporary files left").isEmpty();
            }
            assertThat(written.stream().map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(ControlIds.stable(1, "archive") + ".hl7", ControlIds.stable(2, "archive") + ".hl7",
                            ControlIds.stable(3, "archive") + ".hl7");
            String first = Files.readString(outbox.resolve(ControlIds.stable(1, "archive") + ".hl7"));
            assertThat(first).startsWith("MSH|^~\\&|MEDBROKER|MEDBROKER|MEDBROKER|CLINIC|").contains("|" + ControlIds.stable(1, "archive") + "|")
                    .contains("OBR|1|ORD-F-0|F-0|");
        }
    }

    private static List<Path> files(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
