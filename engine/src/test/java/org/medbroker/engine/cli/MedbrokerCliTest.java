package org.medbroker.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MedbrokerCliTest {

    @TempDir
    Path dir;

    @Test
    void validatePrintsFileLineMessageAndExitsNonZero() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "http:\n  port: 99999\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = MedbrokerCli.run(new String[] {"validate", file.toString()}, new PrintStream(out), new PrintStream(err));
        assertThat(exit).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8).trim())
                .isEqualTo(file.toAbsolutePath() + ":2: 'port' must be between 0 and 65535, got 99999");
    }

    @Test
    void validateAcceptsTheSampleConfiguration() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = MedbrokerCli.run(new String[] {"validate", "../samples/config/medbroker.yaml"}, new PrintStream(out),
                new PrintStream(new ByteArrayOutputStream()));
        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("OK");
    }

    @Test
    void printsUsageForUnknownCommands() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = MedbrokerCli.run(new String[] {"frobnicate"}, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage:");
    }
}
