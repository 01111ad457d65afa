package org.medbroker.connectors.dicom.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * dcmtk's command line tools as real peers and references in tests. Tests that need them are
 * skipped only where dcmtk is not installed and CI is not set: CI installs dcmtk, so there they run.
 */
public final class Dcmtk {

    /** What a tool said: its exit code and its two outputs. */
    public record Result(int exitCode, String stdout, String stderr) {
        public String all() {
            return stdout + stderr;
        }
    }

    private static final boolean INSTALLED = probe();

    private Dcmtk() {
    }

    public static boolean installed() {
        return INSTALLED;
    }

    public static void assumeInstalled() {
        if (System.getenv("CI") != null && !INSTALLED) {
            throw new AssertionError("dcmtk is not installed; CI must install it (see .ci/run)");
        }
        assumeTrue(INSTALLED, "dcmtk (dcmdump, dump2dcm, storescu, ...) is not installed");
    }

    private static boolean probe() {
        try {
            return new ProcessBuilder("dcmdump", "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public static Result run(Path dir, String... command) throws IOException {
        Path out = Files.createTempFile("dcmtk", ".out");
        Path err = Files.createTempFile("dcmtk", ".err");
        try {
            Process p = new ProcessBuilder(List.of(command)).directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new IOException(String.join(" ", command) + " did not finish within 180 s");
            }
            // UTF-8, leniently: dcmdump prints values in their own character set (+U8 converts to UTF-8).
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

    /** Runs a command that must succeed. */
    public static Result ok(Path dir, String... command) throws IOException {
        Result r = run(dir, command);
        if (r.exitCode() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + r.exitCode() + ":\n" + r.all());
        }
        return r;
    }

    /** Runs a command that must succeed silently, and returns its standard output. */
    public static String runClean(Path dir, String... command) throws IOException {
        Result r = run(dir, command);
        if (r.exitCode() != 0 || !r.stderr().isEmpty()) {
            throw new AssertionError(String.join(" ", command) + " exited " + r.exitCode() + ": " + r.stderr());
        }
        return r.stdout();
    }

    /** A DICOM file made by dump2dcm (with a new File Meta Information) from dump text written in {@code charset}. */
    public static Path fromDump(Path dir, String name, String dump, Charset charset) throws IOException {
        Path text = dir.resolve(name + ".dump");
        Files.writeString(text, dump, charset);
        Path dcm = dir.resolve(name + ".dcm");
        ok(dir, "dump2dcm", "-g", text.toString(), dcm.toString());
        return dcm;
    }
}
