package org.medbroker.engine.testsupport;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;

/**
 * A pair of connected pseudo terminals from Debian's socat, standing in for an RS-232 cable: {@link #broker()}
 * and {@link #analyzer()} are the two ends (symbolic links). Tests are skipped when socat is not installed.
 */
public final class SocatPty implements AutoCloseable {

    private final Path broker;
    private final Path analyzer;
    private Process socat;

    public SocatPty(Path dir) throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/socat")) || Files.isExecutable(Path.of("/bin/socat")),
                "socat is not installed (apt-get install socat)");
        this.broker = dir.resolve("broker-tty");
        this.analyzer = dir.resolve("analyzer-tty");
        start();
    }

    /** (Re)creates the pair: the cable plugged in. */
    public void start() throws IOException {
        socat = new ProcessBuilder("socat", "pty,raw,echo=0,link=" + broker, "pty,raw,echo=0,link=" + analyzer)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(broker) && Files.exists(analyzer));
    }

    /** Ends socat: both ptys disappear, as a USB adapter being unplugged. */
    public void unplug() throws InterruptedException {
        socat.destroy();
        socat.waitFor();
        await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(broker));
    }

    public Path broker() {
        return broker;
    }

    public Path analyzer() {
        return analyzer;
    }

    @Override
    public void close() throws InterruptedException {
        if (socat != null && socat.isAlive()) {
            socat.destroy();
            socat.waitFor();
        }
    }
}
