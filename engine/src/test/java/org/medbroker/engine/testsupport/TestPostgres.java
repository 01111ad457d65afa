package org.medbroker.engine.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A throwaway PostgreSQL server of the test's own (initdb, pg_ctl start/stop), so a test may stop
 * the store under a running broker. Skips the test when the PostgreSQL binaries are absent; as root
 * it runs them as the {@code postgres} user, like {@code .ci/postgres.sh}.
 */
public final class TestPostgres implements AutoCloseable {

    private final Path bin;
    private final Path root;
    private final int port;

    private TestPostgres(Path bin, Path root, int port) {
        this.bin = bin;
        this.root = root;
        this.port = port;
    }

    public static TestPostgres start() throws Exception {
        Path bin = findBin();
        Assumptions.assumeTrue(bin != null, "no PostgreSQL server binaries under /usr/lib/postgresql");
        Path root = Files.createTempDirectory("mb-test-pg-");
        if (isRoot()) {
            run(List.of("chown", "postgres:", root.toString()));
        }
        TestPostgres pg = new TestPostgres(bin, root, ChildBroker.freePort());
        pg.asOwner(List.of(bin.resolve("initdb").toString(), "-D", root.resolve("data").toString(), "-U", "postgres",
                "--auth=trust", "--encoding=UTF8", "--locale=C"));
        pg.startServer();
        return pg;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public void startServer() throws Exception {
        asOwner(List.of(bin.resolve("pg_ctl").toString(), "-D", root.resolve("data").toString(), "-l",
                root.resolve("server.log").toString(), "-w", "-t", "60", "-o",
                "-p " + port + " -c listen_addresses=127.0.0.1 -k " + root + " -c fsync=off", "start"));
    }

    /** Stops the server at once ({@code -m immediate}: like a crash of the database host). */
    public void stopServer() throws Exception {
        asOwner(List.of(bin.resolve("pg_ctl").toString(), "-D", root.resolve("data").toString(), "-m", "immediate", "-w", "stop"));
    }

    @Override
    public void close() throws Exception {
        try {
            stopServer();
        } catch (Exception alreadyStopped) {
            // fine
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private void asOwner(List<String> command) throws Exception {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        run(full);
    }

    private static void run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(90, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("failed: " + String.join(" ", command));
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static Path findBin() throws IOException {
        Path base = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(base)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(base)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparing(p -> Integer.parseInt(p.getParent().getFileName().toString().replaceAll("\\D", "0"))))
                    .orElse(null);
        }
    }
}
