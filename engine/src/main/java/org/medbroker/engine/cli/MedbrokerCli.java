package org.medbroker.engine.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.medbroker.engine.Broker;
import org.medbroker.engine.config.BrokerConfig;
import org.medbroker.engine.config.ConfigError;
import org.medbroker.engine.config.ConfigException;
import org.medbroker.engine.config.ConfigLoader;

/** {@code java -jar medbroker.jar run --config FILE | validate FILE | admin ...}. */
public final class MedbrokerCli {

    static final String USAGE = """
            usage: java -jar medbroker.jar run --config FILE
                   java -jar medbroker.jar validate FILE
                   java -jar medbroker.jar admin --url URL [--token-file FILE] COMMAND   (admin without COMMAND: help)
            """;

    private MedbrokerCli() {}

    public static void main(String[] args) throws Exception {
        int exit = run(args, System.out, System.err);
        if (exit != Integer.MIN_VALUE) {
            System.exit(exit);
        }
    }

    /** The process exit code, or {@code Integer.MIN_VALUE} when the broker runs on until stopped. */
    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length >= 1 && args[0].equals("admin")) {
            return AdminCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length), System.getenv(), out, err);
        }
        if (args.length == 2 && args[0].equals("validate")) {
            return validate(Path.of(args[1]), out, err);
        }
        if (args.length == 3 && args[0].equals("run") && args[1].equals("--config")) {
            return start(Path.of(args[2]), err);
        }
        err.print(USAGE);
        return 2;
    }

    private static int validate(Path file, PrintStream out, PrintStream err) {
        try {
            ConfigLoader.withSystemEnvironment().load(file);
            out.println(file + ": OK");
            return 0;
        } catch (ConfigException e) {
            for (ConfigError error : e.errors()) {
                err.println(error);
            }
            return 1;
        }
    }

    private static int start(Path file, PrintStream err) throws Exception {
        BrokerConfig config;
        try {
            config = ConfigLoader.withSystemEnvironment().load(file);
        } catch (ConfigException e) {
            e.errors().forEach(err::println);
            return 1;
        }
        System.setProperty("medbroker.logDir", config.dataDir().resolve("logs").toString());
        AtomicReference<Broker> running = new AtomicReference<>();
        CountDownLatch startFinished = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        // Registered before anything starts; a SIGTERM during start-up waits for the start to
        // finish and then stops everything in order, so the store is never left half-written.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                startFinished.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Broker broker = running.getAndSet(null);
            if (broker != null) {
                broker.close();
            }
            stopped.countDown();
        }, "shutdown"));
        try {
            running.set(Broker.start(config));
        } finally {
            startFinished.countDown();
        }
        stopped.await();
        return Integer.MIN_VALUE;
    }
}
