package org.medbroker.connectors.dicom.io;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs dcmtk command line tools; tests using it are skipped only where dcmtk is not installed. */
final class Dcmtk {

    record Result(int exitCode, String stdout, String stderr) {
    }

    private static final boolean AVAILABLE = probe();

    private Dcmtk() {
    }

    static void assumeInstalled() {
        assumeTrue(AVAILABLE, "dcmtk (dcmdump, dump2dcm, dcmconv) is not installed");
    }

    private static boolean probe() {
        try {
            return run(Path.of("."), "dcmdump", "--version").exitCode() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    static Result run(Path dir, String... command) throws IOException {
        Path out = Files.createTempFile("dcmtk", ".out");
        Path err = Files.createTempFile("dcmtk", ".err");
        try {
            Process p = new ProcessBuilder(List.of(command)).directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(command[0] + " did not finish within 60 s");
            }
            // dcmdump prints values in their own character set unless told +U8; never fail on decoding
            return new Result(p.exitValue(), new String(Files.readAllBytes(out), StandardCharsets.UTF_8),
                    new String(Files.readAllBytes(err), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Runs a command that must succeed silently, and returns its standard output. */
    static String runClean(Path dir, String... command) throws IOException {
        Result r = run(dir, command);
        if (r.exitCode() != 0 || !r.stderr().isEmpty()) {
            throw new AssertionError(String.join(" ", command) + " exited " + r.exitCode() + ": " + r.stderr());
        }
        return r.stdout();
    }
}
