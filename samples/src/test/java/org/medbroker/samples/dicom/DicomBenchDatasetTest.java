package org.medbroker.samples.dicom;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DicomBenchDatasetTest {

    @TempDir
    Path dir;

    @Test
    void writesACtSliceAsAPart10FileWithHalfAMebibyteOfPixelDataInExplicitLittleEndian() throws IOException {
        assertThat(DicomBenchDataset.write(dir, "ct300", 100)).isEqualTo(3);

        Map<Integer, byte[]> meta = new TreeMap<>();
        Map<Integer, byte[]> ds = parse(files(dir.resolve("ct300")).get(0), meta);

        assertThat(text(meta.get(0x00020010))).isEqualTo("1.2.840.10008.1.2.1");
        assertThat(text(meta.get(0x00020002))).isEqualTo(DicomBenchDataset.CT_IMAGE).isEqualTo(text(ds.get(0x00080016)));
        assertThat(text(meta.get(0x00020003))).isEqualTo(text(ds.get(0x00080018)));
        assertThat(ds.get(0x7FE00010)).hasSize(512 * 512 * 2);
        assertThat(us(ds.get(0x00280010))).isEqualTo(512);
        assertThat(text(ds.get(0x00100020))).isEqualTo("BENCH-CT300");
        assertThat(ds).doesNotContainKey(0x00100021);
    }

    @Test
    void writesTheCbctAsOneMultiFrameObjectWithPerFrameFunctionalGroups() throws IOException {
        assertThat(DicomBenchDataset.write(dir, "cbct", 40)).isEqualTo(1);

        Map<Integer, byte[]> ds = parse(files(dir.resolve("cbct")).get(0), new TreeMap<>());

        assertThat(text(ds.get(0x00080016))).isEqualTo(DicomBenchDataset.ENHANCED_CT);
        assertThat(text(ds.get(0x00280008))).isEqualTo("10");
        assertThat(ds.get(0x7FE00010)).hasSize(10 * 512 * 512 * 2);
        assertThat(ds).containsKeys(0x52009229, 0x52009230);
    }

    @Test
    void writesSmallObjectsOfThreeSopClassesAcrossStudies() throws IOException {
        DicomBenchDataset.write(dir, "small2000", 20);

        List<Path> files = files(dir.resolve("small2000"));
        Set<String> classes = new HashSet<>();
        Set<String> studies = new HashSet<>();
        for (Path f : files) {
            Map<Integer, byte[]> ds = parse(f, new TreeMap<>());
            classes.add(text(ds.get(0x00080016)));
            studies.add(text(ds.get(0x0020000D)));
            assertThat(Files.size(f)).isBetween(8_000L, 12_000L);
        }
        assertThat(files).hasSize(100);
        assertThat(classes).containsExactlyInAnyOrder(DicomBenchDataset.DX_FOR_PRESENTATION,
                DicomBenchDataset.IO_FOR_PRESENTATION, DicomBenchDataset.SECONDARY_CAPTURE);
        assertThat(studies).hasSize(5);
    }

    @Test
    void writesCyrillicAndLatinNamesInUtf8AndCountsWhatEachQueryMatches() throws IOException {
        DicomBenchDataset.write(dir, "find1000", 1);

        int smith = 0;
        int ivanov = 0;
        Set<String> studies = new HashSet<>();
        for (Path f : files(dir.resolve("find1000"))) {
            Map<Integer, byte[]> ds = parse(f, new TreeMap<>());
            assertThat(text(ds.get(0x00080005))).isEqualTo("ISO_IR 192");
            String name = new String(ds.get(0x00100010), UTF_8).trim();
            smith += name.startsWith("SMITH^") ? 1 : 0;
            ivanov += name.startsWith("Иванов") ? 1 : 0;
            studies.add(text(ds.get(0x0020000D)));
        }
        assertThat(studies).hasSize(1000);
        assertThat(smith).isPositive();
        assertThat(ivanov).isPositive();
        assertThat(Files.readAllLines(dir.resolve("find1000.expected"), UTF_8))
                .contains("latin SMITH* " + smith, "cyrillic Иванов* " + ivanov, "all * 1000");
    }

    @Test
    void writesTheSameBytesOnEveryRunWithValidUniqueUids() throws IOException {
        Path first = dir.resolve("a");
        Path second = dir.resolve("b");
        DicomBenchDataset.write(first, "warmup", 100);
        DicomBenchDataset.write(second, "warmup", 100);

        List<Path> a = files(first.resolve("warmup"));
        List<Path> b = files(second.resolve("warmup"));
        assertThat(a).hasSize(11);
        Set<String> uids = new HashSet<>();
        for (int i = 0; i < a.size(); i++) {
            assertThat(Files.readAllBytes(a.get(i))).isEqualTo(Files.readAllBytes(b.get(i)));
            String sop = text(parse(a.get(i), new TreeMap<>()).get(0x00080018));
            assertThat(sop).matches("2\\.25\\.[1-9][0-9]*").hasSizeLessThanOrEqualTo(64);
            uids.add(sop);
        }
        assertThat(uids).hasSize(a.size());
    }

    @Test
    void addsTheIssuerOfPatientIdOnlyWhenAsked() throws IOException {
        DicomBenchDataset.issuer = "CLINIC";
        try {
            DicomBenchDataset.write(dir, "ct300", 300);
        } finally {
            DicomBenchDataset.issuer = null;
        }
        assertThat(text(parse(files(dir.resolve("ct300")).get(0), new TreeMap<>()).get(0x00100021))).isEqualTo("CLINIC");
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private static String text(byte[] value) {
        return new String(value, US_ASCII).replace("\0", "").trim();
    }

    private static int us(byte[] value) {
        return ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xFFFF;
    }

    /** Reads a Part 10 file: checks the preamble, puts group 2 into {@code meta}, returns the top-level data set. */
    private static Map<Integer, byte[]> parse(Path file, Map<Integer, byte[]> meta) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(b.array(), 128, 4, US_ASCII)).isEqualTo("DICM");
        b.position(132);
        Map<Integer, byte[]> ds = new TreeMap<>();
        List<Integer> order = new ArrayList<>();
        while (b.hasRemaining()) {
            int tag = (b.getShort() & 0xFFFF) << 16 | (b.getShort() & 0xFFFF);
            byte[] value = element(b);
            order.add(tag);
            (tag >>> 16 == 2 ? meta : ds).put(tag, value);
        }
        assertThat(order).isSortedAccordingTo(Integer::compareUnsigned);
        return ds;
    }

    /** The value of the element whose tag was just read; a sequence of undefined length is skipped whole. */
    private static byte[] element(ByteBuffer b) {
        String vr = new String(new byte[] {b.get(), b.get()}, US_ASCII);
        long length;
        if (Set.of("OB", "OW", "SQ", "UT", "UN").contains(vr)) {
            b.getShort();
            length = b.getInt() & 0xFFFFFFFFL;
        } else {
            length = b.getShort() & 0xFFFF;
        }
        if (length == 0xFFFFFFFFL) {
            assertThat(vr).isEqualTo("SQ");
            skipUndefined(b);
            return new byte[0];
        }
        byte[] value = new byte[(int) length];
        b.get(value);
        return value;
    }

    private static void skipUndefined(ByteBuffer b) {
        while (true) {
            int tag = (b.getShort() & 0xFFFF) << 16 | (b.getShort() & 0xFFFF);
            int length = b.getInt();
            if (tag == 0xFFFEE0DD || tag == 0xFFFEE00D) {
                return;
            }
            assertThat(tag).isEqualTo(0xFFFEE000);
            assertThat(length).isEqualTo(-1);
            while (true) {
                int inner = (b.getShort() & 0xFFFF) << 16 | (b.getShort() & 0xFFFF);
                if (inner == 0xFFFEE00D) {
                    b.getInt();
                    break;
                }
                element(b);
            }
        }
    }
}
