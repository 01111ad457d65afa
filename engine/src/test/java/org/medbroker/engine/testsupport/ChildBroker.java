package org.medbroker.engine.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.medbroker.engine.cli.MedbrokerCli;

/** The broker as a separate JVM ({@code medbroker run --config}), for tests that kill it with SIGKILL. */
public final class ChildBroker implements AutoCloseable {

    private final Process process;

    private ChildBroker(Process process) {
        this.process = process;
    }

    public static ChildBroker start(Path config, String logName) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), MedbrokerCli.class.getName(),
                "run", "--config", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(Path.of("target", logName + "-" + System.nanoTime() + ".log").toFile())
                .start();
        return new ChildBroker(process);
    }

    /** Waits until the broker accepts connections on {@code port}. */
    public void awaitPort(int port) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("broker exited with " + process.exitValue());
            }
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                TimeUnit.MILLISECONDS.sleep(50);
            }
        }
        throw new AssertionError("broker did not open port " + port);
    }

    /** SIGKILL: no shutdown hook, no flush. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM and wait for the orderly shutdown. */
    public boolean stop() throws InterruptedException {
        process.destroy();
        return process.waitFor(60, TimeUnit.SECONDS);
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
