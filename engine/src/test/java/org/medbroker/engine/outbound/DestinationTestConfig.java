package org.medbroker.engine.outbound;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The broker configuration destination tests share: the HL7 listener {@code lab} on loopback, the
 * record store, and one more destination that {@code lab} also feeds.
 */
final class DestinationTestConfig {

    private DestinationTestConfig() {}

    /** On free ports; {@code destination} is the destination's YAML list item, starting with {@code - name: X}. */
    static Path write(Path dir, String destination) throws IOException {
        return write(dir, 0, 0, destination);
    }

    /** On the given ports (a child broker's, which the test must know in advance). */
    static Path write(Path dir, int httpPort, int mllpPort, String destination) throws IOException {
        return write(dir, httpPort, mllpPort, destination, "");
    }

    /** With {@code store:} settings ("key: value" lines). */
    static Path write(Path dir, int httpPort, int mllpPort, String destination, String storeSettings) throws IOException {
        String name = destination.strip().lines().findFirst().orElseThrow().replaceFirst("^-\\s*name:\\s*", "").strip();
        Path config = dir.resolve("medbroker.yaml");
        Files.writeString(config, """
                dataDir: data
                %s
                http:
                  bind: 127.0.0.1
                  port: %d
                listeners:
                  - name: lab
                    type: hl7-mllp
                    bind: 127.0.0.1
                    port: %d
                destinations:
                  - name: store
                    type: store
                %s
                routes:
                  - from: lab
                    to: [store, %s]
                """.formatted(storeSettings.isBlank() ? "" : "store:\n" + storeSettings.strip().indent(2).stripTrailing(), httpPort, mllpPort, destination.strip().indent(2).stripTrailing(), name));
        return config;
    }
}
