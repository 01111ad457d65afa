package org.medbroker.engine.imaging;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** dcmtk's command line tools, run as real peers of the broker. */
final class Dcmtk {

    record Result(int exitCode, String output) {}

    private Dcmtk() {}

    static boolean installed() {
        try {
            return new ProcessBuilder("storescu", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static Result run(Path workDir, String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile(workDir, "dcmtk-", ".txt");
        Process process = new ProcessBuilder(List.of(command)).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError(String.join(" ", command) + " did not finish in 120 s");
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1));
    }

    static Result ok(Path workDir, String... command) throws IOException, InterruptedException {
        Result result = run(workDir, command);
        if (result.exitCode() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + result.exitCode() + ":\n" + result.output());
        }
        return result;
    }

    /** A small DICOM file made by dump2dcm from a dump text written in {@code charset}. */
    static Path file(Path dir, String name, String dump, Charset charset) throws IOException, InterruptedException {
        Path text = dir.resolve(name + ".dump");
        Files.writeString(text, dump, charset);
        Path dcm = dir.resolve(name + ".dcm");
        ok(dir, "dump2dcm", "-g", text.toString(), dcm.toString());
        return dcm;
    }

    /**
     * A CT slice of a 4x4 image.
     *
     * @param charset (0008,0005) value, e.g. ISO_IR 192
     */
    static String ctSlice(String charset, String patientName, String patientId, String studyUid, String seriesUid,
            String sopUid, int instanceNumber, String accession, String studyDate) {
        return """
                (0008,0005) CS [%s]
                (0008,0016) UI =CTImageStorage
                (0008,0018) UI [%s]
                (0008,0020) DA [%s]
                (0008,0030) TM [101500]
                (0008,0050) SH [%s]
                (0008,0060) CS [CT]
                (0008,1030) LO [CT head]
                (0010,0010) PN [%s]
                (0010,0020) LO [%s]
                (0010,0021) LO [CLINIC]
                (0010,0030) DA [19800215]
                (0010,0040) CS [M]
                (0020,000d) UI [%s]
                (0020,000e) UI [%s]
                (0020,0011) IS [1]
                (0020,0013) IS [%d]
                (0028,0002) US 1
                (0028,0004) CS [MONOCHROME2]
                (0028,0010) US 4
                (0028,0011) US 4
                (0028,0100) US 16
                (0028,0101) US 12
                (0028,0102) US 11
                (0028,0103) US 0
                (7fe0,0010) OW 0001\\0002\\0003\\0004\\0005\\0006\\0007\\0008\\0009\\000a\\000b\\000c\\000d\\000e\\000f\\0010
                """.formatted(charset, sopUid, studyDate, accession, patientName, patientId, studyUid, seriesUid,
                instanceNumber);
    }
}
