package org.medbroker.samples.dicom;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Writes the DICOM sets of the C-STORE and C-FIND benchmark (JDK 17, no dependencies, one file).
 *
 * <p>Run from the repository root, straight from source:
 * <pre>
 *   java samples/src/main/java/org/medbroker/samples/dicom/DicomBenchDataset.java /tmp/medbroker-dicomset
 *   java samples/src/main/java/org/medbroker/samples/dicom/DicomBenchDataset.java /tmp/medbroker-dicomset ct300 cbct
 * </pre>
 *
 * <p>Sets, each in its own directory below the output directory, as Part 10 files in Explicit VR
 * Little Endian:
 * <ul>
 *   <li>{@code ct300}: one CT study of one series, 300 CT Image Storage slices of 512x512 16-bit
 *       (512 KiB of pixel data each);
 *   <li>{@code small2000}: 2,000 single-frame 64x64 16-bit objects (Digital X-Ray, Digital Intra-Oral
 *       X-Ray and Secondary Capture, in turn) in 100 studies of 50 patients;
 *   <li>{@code cbct}: one Enhanced CT Image Storage object of 400 frames of 512x512 16-bit (200 MiB of
 *       pixel data) with shared and per-frame functional groups, as a dental CBCT sends (not X-Ray 3D
 *       Craniofacial: dcmtk 3.6.7's storescu does not propose that SOP class without {@code -R});
 *   <li>{@code find1000}: 1,000 studies of one 64x64 CT object each, over 500 patients whose names are
 *       Latin or Cyrillic, all in ISO_IR 192; {@code find1000.expected} lists how many studies the
 *       benchmark's C-FIND queries must return;
 *   <li>{@code warmup}: 1,000 small and 100 CT objects of a patient of their own, sent to every
 *       receiver before measuring;
 *   <li>{@code jvmwarmup}: 16,000 small and 300 CT objects of another patient, sent besides to a JVM
 *       receiver before measuring: HotSpot's C2 compiles a method after some 15,000 calls, so a
 *       method called once per object runs at its steady speed only after about that many objects.
 * </ul>
 *
 * <p>{@code --issuer X} adds (0010,0021) Issuer of Patient ID {@code X} to every object; without it the
 * objects carry a Patient ID without an issuer, as most modalities send them.
 *
 * <p>Everything is deterministic: UIDs are {@code 2.25} UUID-derived from the set and the object's
 * position, pixel values come from a fixed-seed generator, so two runs write identical bytes.
 */
public final class DicomBenchDataset {

    static final String EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1";
    static final String CT_IMAGE = "1.2.840.10008.5.1.4.1.1.2";
    static final String DX_FOR_PRESENTATION = "1.2.840.10008.5.1.4.1.1.1.1";
    static final String IO_FOR_PRESENTATION = "1.2.840.10008.5.1.4.1.1.1.3";
    static final String SECONDARY_CAPTURE = "1.2.840.10008.5.1.4.1.1.7";
    static final String ENHANCED_CT = "1.2.840.10008.5.1.4.1.1.2.1";
    static final String IMPLEMENTATION_CLASS_UID = uid("implementation");
    static final String IMPLEMENTATION_VERSION = "MEDBROKER_BENCH";

    static final List<String> SETS = List.of("ct300", "small2000", "cbct", "find1000", "warmup", "jvmwarmup");

    static final String[] LATIN_SURNAMES = {"SMITH", "JOHNSON", "WILLIAMS", "BROWN", "JONES", "GARCIA", "MILLER",
        "DAVIS", "WILSON", "ANDERSON", "TAYLOR", "MOORE", "JACKSON", "MARTIN", "WHITE", "HARRIS", "CLARK",
        "LEWIS", "WALKER", "YOUNG"};
    static final String[] LATIN_GIVEN = {"JOHN", "MARY", "JAMES", "ANNA", "ROBERT", "LINDA", "DAVID", "PAUL",
        "SUSAN", "PETER"};
    static final String[] CYRILLIC_SURNAMES = {"Иванов", "Петров", "Сидоров", "Смирнов", "Кузнецов", "Попов",
        "Васильев", "Соколов", "Михайлов", "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев",
        "Семёнов", "Егоров", "Павлов", "Козлов", "Степанов"};
    static final String[][] CYRILLIC_GIVEN = {{"Иван", "Иванович"}, {"Мария", "Ивановна"}, {"Пётр", "Петрович"},
        {"Ольга", "Николаевна"}, {"Алексей", "Сергеевич"}, {"Елена", "Андреевна"}, {"Дмитрий", "Фёдорович"},
        {"Наталья", "Юрьевна"}, {"Сергей", "Алексеевич"}, {"Юлия", "Олеговна"}};

    /** The C-FIND queries the benchmark times, by the PatientName they match ({@code *} = universal). */
    static final Map<String, String> FIND_QUERIES = new LinkedHashMap<>();

    static {
        FIND_QUERIES.put("latin", "SMITH*");
        FIND_QUERIES.put("cyrillic", "Иванов*");
        FIND_QUERIES.put("all", "*");
    }

    private DicomBenchDataset() {
    }

    /** (0010,0021) Issuer of Patient ID written into every object, or null for none (as most modalities send). */
    static String issuer;

    public static void main(String[] args) throws IOException {
        List<String> rest = new ArrayList<>(List.of(args));
        if (rest.size() >= 2 && rest.get(0).equals("--issuer")) {
            issuer = rest.get(1);
            rest = rest.subList(2, rest.size());
        }
        if (rest.isEmpty() || rest.get(0).startsWith("-")) {
            System.err.println("usage: java DicomBenchDataset.java [--issuer ISSUER] OUTDIR [" + String.join(" ", SETS) + "]");
            System.exit(2);
        }
        Path out = Path.of(rest.get(0));
        List<String> sets = rest.size() > 1 ? rest.subList(1, rest.size()) : SETS;
        for (String set : sets) {
            if (!SETS.contains(set)) {
                System.err.println("unknown set " + set + "; known: " + SETS);
                System.exit(2);
            }
        }
        for (String set : sets) {
            long t0 = System.nanoTime();
            int files = write(out, set, 1);
            System.out.printf(Locale.ROOT, "%s: %d files in %.1f s%n", set, files, (System.nanoTime() - t0) / 1e9);
        }
    }

    /** Writes one set below {@code out}; {@code scale} divides the object counts (tests use a smaller set). */
    static int write(Path out, String set, int scale) throws IOException {
        Path dir = out.resolve(set);
        Files.createDirectories(dir);
        return switch (set) {
            case "ct300" -> ctSeries(dir, "ct300", 300 / scale, "Bench^Ct300", "BENCH-CT300");
            case "warmup" -> smallObjects(dir, "warmup", 1000 / scale, 20, "Bench^Warmup", "BENCH-WARMUP")
                    + ctSeries(dir, "warmup-ct", 100 / scale, "Bench^Warmup", "BENCH-WARMUP");
            case "jvmwarmup" -> smallObjects(dir, "jvmwarmup", 16000 / scale, 20, "Bench^Jvmwarmup", "BENCH-JVMWARMUP")
                    + ctSeries(dir, "jvmwarmup-ct", 300 / scale, "Bench^Jvmwarmup", "BENCH-JVMWARMUP");
            case "small2000" -> smallObjects(dir, "small2000", 2000 / scale, 20, null, null);
            case "cbct" -> cbct(dir, 400 / scale);
            case "find1000" -> findStudies(dir, out.resolve("find1000.expected"), 1000 / scale);
            default -> throw new IllegalArgumentException(set);
        };
    }

    // ------------------------------------------------------------------------------------------ sets

    static int ctSeries(Path dir, String set, int slices, String patientName, String patientId) throws IOException {
        byte[] base = phantom(512, 1);
        String study = uid(set, "study");
        String series = uid(set, "series");
        for (int i = 0; i < slices; i++) {
            Dataset ds = new Dataset();
            patientStudy(ds, null, patientName, patientId, "19700101", "O", study, "20240115", "101500",
                    "ACC-" + set.toUpperCase(Locale.ROOT), "CT HEAD " + slices + " slices");
            image(ds, CT_IMAGE, uid(set, "sop", i), "CT", series, 1, i + 1, "Bench CT series");
            ctImage(ds, uid(set, "for"), -150.0 + i);
            pixelModule(ds, 512, 512, 1);
            writeFile(dir.resolve(String.format(Locale.ROOT, "%s_%04d.dcm", set, i + 1)), ds, base, 1, i);
        }
        return slices;
    }

    /** {@code count} 64x64 objects, {@code perStudy} to a study, DX, IO and SC in turn. */
    static int smallObjects(Path dir, String set, int count, int perStudy, String fixedName, String fixedId)
            throws IOException {
        byte[] base = phantom(64, 3);
        for (int k = 0; k < count; k++) {
            int s = k / perStudy;
            int p = s % 50;
            String name = fixedName != null ? fixedName : String.format(Locale.ROOT, "Small^Patient%02d", p);
            String id = fixedId != null ? fixedId : String.format(Locale.ROOT, "SMALL-%03d", p);
            Dataset ds = new Dataset();
            String sex = fixedName != null ? "O" : p % 2 == 0 ? "F" : "M";
            patientStudy(ds, null, name, id, "19700101", sex, uid(set, "study", s), "20240117",
                    "120000", String.format(Locale.ROOT, "ACC-S%04d", s), "Small object study");
            String series = uid(set, "series", s, k % 3);
            String sop = uid(set, "sop", k);
            switch (k % 3) {
                case 0 -> {
                    image(ds, DX_FOR_PRESENTATION, sop, "DX", series, 1, k + 1, "Bench DX");
                    projection(ds);
                }
                case 1 -> {
                    image(ds, IO_FOR_PRESENTATION, sop, "IO", series, 2, k + 1, "Bench intra-oral");
                    projection(ds);
                }
                default -> {
                    image(ds, SECONDARY_CAPTURE, sop, "OT", series, 3, k + 1, "Bench secondary capture");
                    ds.cs(0x00080064, "WSD");
                }
            }
            pixelModule(ds, 64, 64, 1);
            writeFile(dir.resolve(String.format(Locale.ROOT, "%s_%05d.dcm", set, k)), ds, base, 1, k);
        }
        return count;
    }

    static int cbct(Path dir, int frames) throws IOException {
        byte[] base = phantom(512, 2);
        Dataset ds = new Dataset();
        patientStudy(ds, null, "Bench^Cbct", "BENCH-CBCT", "19800202", "F", uid("cbct", "study"), "20240116",
                "090000", "ACC-CBCT", "DENTAL CBCT");
        image(ds, ENHANCED_CT, uid("cbct", "sop"), "CT", uid("cbct", "series"), 1, 1,
                "Bench dental CBCT volume");
        ds.cs(0x00080008, "ORIGINAL\\PRIMARY\\VOLUME\\NONE");
        ds.ui(0x00200052, uid("cbct", "for"));
        ds.lo(0x00201040, "");
        ds.is(0x00280008, Integer.toString(frames));
        ds.cs(0x00280301, "NO");
        ds.cs(0x00282110, "00");
        String dimensionOrganization = uid("cbct", "dimension-organization");
        ds.sq(0x00209221, List.of(new Dataset().ui(0x00209164, dimensionOrganization)));
        ds.cs(0x00209311, "3D");
        ds.sq(0x00209222, List.of(new Dataset().ui(0x00209164, dimensionOrganization)
                .at(0x00209165, 0x00200032).at(0x00209167, 0x00209113).lo(0x00209421, "Slice position")));
        Dataset shared = new Dataset()
                .sq(0x00289110, List.of(new Dataset().ds(0x00180050, "0.2").ds(0x00280030, "0.2\\0.2")))
                .sq(0x00209116, List.of(new Dataset().ds(0x00200037, "1\\0\\0\\0\\1\\0")))
                .sq(0x00289145, List.of(new Dataset().ds(0x00281052, "-1024").ds(0x00281053, "1").lo(0x00281054, "HU")))
                .sq(0x00289132, List.of(new Dataset().ds(0x00281050, "400").ds(0x00281051, "2000")));
        ds.sq(0x52009229, List.of(shared));
        List<Dataset> perFrame = new ArrayList<>(frames);
        for (int i = 0; i < frames; i++) {
            perFrame.add(new Dataset()
                    .sq(0x00209111, List.of(new Dataset().ul(0x00209157, i + 1).ul(0x00209057, i + 1)))
                    .sq(0x00209113, List.of(new Dataset().ds(0x00200032,
                            String.format(Locale.ROOT, "-51.2\\-51.2\\%.1f", -40.0 + 0.2 * i)))));
        }
        ds.sq(0x52009230, perFrame);
        pixelModule(ds, 512, 512, frames);
        writeFile(dir.resolve("cbct_" + frames + "f.dcm"), ds, base, frames, 0);
        return 1;
    }

    /** One study of one object each; study s belongs to patient s % (studies / 2), Latin or Cyrillic in turn. */
    static int findStudies(Path dir, Path expectedFile, int studies) throws IOException {
        byte[] base = phantom(64, 4);
        int patients = Math.max(1, studies / 2);
        Map<String, Integer> expected = new LinkedHashMap<>();
        FIND_QUERIES.keySet().forEach(q -> expected.put(q, 0));
        LocalDate first = LocalDate.of(2014, 1, 1);
        for (int s = 0; s < studies; s++) {
            int p = s % patients;
            String name = patientName(p);
            for (Map.Entry<String, String> q : FIND_QUERIES.entrySet()) {
                if (matchesPrefix(name, q.getValue())) {
                    expected.merge(q.getKey(), 1, Integer::sum);
                }
            }
            long r = mix(s);
            String date = first.plusDays(Math.floorMod(r, 3652)).format(DateTimeFormatter.BASIC_ISO_DATE);
            String time = String.format(Locale.ROOT, "%02d%02d00", 7 + Math.floorMod(r >> 16, 12), Math.floorMod(r >> 24, 60));
            boolean cyrillic = p % 2 == 1;
            Dataset ds = new Dataset();
            patientStudy(ds, "ISO_IR 192", name, String.format(Locale.ROOT, "FIND-%04d", p),
                    LocalDate.of(1930, 1, 1).plusDays(Math.floorMod(mix(p + 7919), 30000)).format(DateTimeFormatter.BASIC_ISO_DATE),
                    p % 4 < 2 ? "M" : "F", uid("find1000", "study", s), date, time,
                    String.format(Locale.ROOT, "ACC-F%05d", s), cyrillic ? "КТ головы" : "CT HEAD");
            image(ds, CT_IMAGE, uid("find1000", "sop", s), "CT", uid("find1000", "series", s), 1, 1, "Find test series");
            ctImage(ds, uid("find1000", "for", s), 0.0);
            pixelModule(ds, 64, 64, 1);
            writeFile(dir.resolve(String.format(Locale.ROOT, "find1000_%05d.dcm", s)), ds, base, 1, s);
        }
        StringBuilder text = new StringBuilder("# query PatientName expected-studies (study level, Study Root)\n");
        expected.forEach((q, n) -> text.append(q).append(' ').append(FIND_QUERIES.get(q)).append(' ').append(n).append('\n'));
        Files.writeString(expectedFile, text, StandardCharsets.UTF_8);
        return studies;
    }

    static String patientName(int p) {
        int k = p / 2;
        if (p % 2 == 0) {
            return LATIN_SURNAMES[k % LATIN_SURNAMES.length] + "^" + LATIN_GIVEN[(k / LATIN_SURNAMES.length) % LATIN_GIVEN.length];
        }
        String[] given = CYRILLIC_GIVEN[(k / CYRILLIC_SURNAMES.length) % CYRILLIC_GIVEN.length];
        String surname = CYRILLIC_SURNAMES[k % CYRILLIC_SURNAMES.length];
        boolean feminine = given[0].endsWith("а") || given[0].endsWith("я");
        return (feminine ? surname + "а" : surname) + "^" + given[0] + "^" + given[1];
    }

    /** DICOM PN matching of the benchmark's queries: a prefix followed by {@code *}, case-insensitive. */
    static boolean matchesPrefix(String name, String pattern) {
        String prefix = pattern.substring(0, pattern.length() - 1);
        return name.toUpperCase(Locale.ROOT).startsWith(prefix.toUpperCase(Locale.ROOT));
    }

    // --------------------------------------------------------------------------------- modules

    static void patientStudy(Dataset ds, String charset, String name, String id, String birth, String sex,
            String studyUid, String date, String time, String accession, String description) {
        ds.cs(0x00080005, charset);
        ds.da(0x00080020, date).tm(0x00080030, time).sh(0x00080050, accession).lo(0x00080070, "MEDBROKER BENCH")
                .pn(0x00080090, "").lo(0x00081030, description);
        ds.pn(0x00100010, name).lo(0x00100020, id).lo(0x00100021, issuer).da(0x00100030, birth).cs(0x00100040, sex);
        ds.ui(0x0020000D, studyUid).sh(0x00200010, accession.substring(4));
    }

    static void image(Dataset ds, String sopClass, String sopInstance, String modality, String series, int seriesNumber,
            int instanceNumber, String seriesDescription) {
        ds.cs(0x00080008, "ORIGINAL\\PRIMARY");
        ds.ui(0x00080016, sopClass).ui(0x00080018, sopInstance).da(0x00080023, "20240115").tm(0x00080033, "101500")
                .cs(0x00080060, modality).lo(0x0008103E, seriesDescription);
        ds.ui(0x0020000E, series).is(0x00200011, Integer.toString(seriesNumber))
                .is(0x00200013, Integer.toString(instanceNumber));
    }

    static void ctImage(Dataset ds, String frameOfReference, double z) {
        String position = String.format(Locale.ROOT, "%.1f", z);
        ds.cs(0x00080008, "ORIGINAL\\PRIMARY\\AXIAL");
        ds.ds(0x00180050, "1.0").ds(0x00180060, "120").cs(0x00185100, "HFS");
        ds.ds(0x00200032, "-128\\-128\\" + position).ds(0x00200037, "1\\0\\0\\0\\1\\0").ui(0x00200052, frameOfReference)
                .lo(0x00201040, "").ds(0x00201041, position);
        ds.ds(0x00280030, "0.5\\0.5").ds(0x00281050, "40").ds(0x00281051, "400").ds(0x00281052, "-1024")
                .ds(0x00281053, "1").lo(0x00281054, "HU");
    }

    static void projection(Dataset ds) {
        ds.cs(0x00080068, "FOR PRESENTATION").ds(0x00181164, "0.1\\0.1").cs(0x00282110, "00")
                .cs(0x20500020, "IDENTITY");
    }

    static void pixelModule(Dataset ds, int rows, int columns, int frames) {
        ds.us(0x00280002, 1).cs(0x00280004, "MONOCHROME2").us(0x00280010, rows).us(0x00280011, columns)
                .us(0x00280100, 16).us(0x00280101, 12).us(0x00280102, 11).us(0x00280103, 0);
    }

    // --------------------------------------------------------------------------------- pixels

    /** A 12-bit slice: an elliptic "head" with a brighter core and fixed-seed noise, little endian. */
    static byte[] phantom(int n, long seed) {
        ByteBuffer image = ByteBuffer.allocate(n * n * 2).order(ByteOrder.LITTLE_ENDIAN);
        long x = seed * 0x9E3779B97F4A7C15L + 1;
        double c = (n - 1) / 2.0;
        for (int row = 0; row < n; row++) {
            for (int col = 0; col < n; col++) {
                double body = sq((col - c) / (0.42 * n)) + sq((row - c) / (0.34 * n));
                double core = sq((col - c) / (0.10 * n)) + sq((row - c) / (0.10 * n));
                int v = core < 1 ? 1724 : body < 1 ? 1064 : 24;
                x ^= x << 13;
                x ^= x >>> 7;
                x ^= x << 17;
                v += (int) Math.floorMod(x, 41L) - 20;
                image.putShort((short) Math.max(0, Math.min(4095, v)));
            }
        }
        return image.array();
    }

    private static double sq(double v) {
        return v * v;
    }

    private static long mix(long v) {
        long z = v * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    // --------------------------------------------------------------------------------- Part 10

    /** {@code 2.25} UID from a name-based UUID of the parts: the same parts give the same UID on every run. */
    static String uid(Object... parts) {
        StringBuilder name = new StringBuilder("medbroker-bench");
        for (Object p : parts) {
            name.append('|').append(p);
        }
        UUID u = UUID.nameUUIDFromBytes(name.toString().getBytes(StandardCharsets.UTF_8));
        byte[] bytes = ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits()).array();
        return "2.25." + new BigInteger(1, bytes);
    }

    /**
     * Writes a Part 10 file: preamble, file meta information, the data set and then the Pixel Data,
     * {@code frames} copies of {@code frame}, each rotated by a few rows so frames differ, streamed
     * through a buffer (a 200 MiB object is never held whole in memory).
     */
    static void writeFile(Path file, Dataset ds, byte[] frame, int frames, int variant) throws IOException {
        String sopClass = ds.string(0x00080016);
        String sopInstance = ds.string(0x00080018);
        Dataset meta = new Dataset().ob(0x00020001, new byte[] {0, 1}).ui(0x00020002, sopClass).ui(0x00020003, sopInstance)
                .ui(0x00020010, EXPLICIT_VR_LITTLE_ENDIAN).ui(0x00020012, IMPLEMENTATION_CLASS_UID)
                .sh(0x00020013, IMPLEMENTATION_VERSION);
        byte[] metaBytes = meta.encode();
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            out.write(new byte[128]);
            out.write("DICM".getBytes(StandardCharsets.US_ASCII));
            out.write(new Dataset().ul(0x00020000, metaBytes.length).encode());
            out.write(metaBytes);
            out.write(ds.encode());
            long pixelBytes = (long) frame.length * frames;
            ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            header.putShort((short) 0x7FE0).putShort((short) 0x0010).put((byte) 'O').put((byte) 'W').putShort((short) 0)
                    .putInt((int) pixelBytes);
            out.write(header.array());
            int rowBytes = (int) Math.sqrt(frame.length / 2.0) * 2;
            for (int f = 0; f < frames; f++) {
                int shift = ((variant + f) * 3 * rowBytes) % frame.length;
                out.write(frame, shift, frame.length - shift);
                out.write(frame, 0, shift);
            }
        }
    }

    /** Data elements in tag order, encoded in Explicit VR Little Endian; the Pixel Data is written apart. */
    static final class Dataset {
        private final TreeMap<Long, byte[]> elements = new TreeMap<>();
        private final Map<Long, String> strings = new TreeMap<>();

        Dataset cs(int tag, String v) {
            return text(tag, "CS", v);
        }

        Dataset da(int tag, String v) {
            return text(tag, "DA", v);
        }

        Dataset tm(int tag, String v) {
            return text(tag, "TM", v);
        }

        Dataset sh(int tag, String v) {
            return text(tag, "SH", v);
        }

        Dataset lo(int tag, String v) {
            return text(tag, "LO", v);
        }

        Dataset pn(int tag, String v) {
            return text(tag, "PN", v);
        }

        Dataset ds(int tag, String v) {
            return text(tag, "DS", v);
        }

        Dataset is(int tag, String v) {
            return text(tag, "IS", v);
        }

        Dataset ui(int tag, String v) {
            return text(tag, "UI", v);
        }

        Dataset us(int tag, int v) {
            return put(tag, "US", ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) v).array());
        }

        Dataset ul(int tag, long v) {
            return put(tag, "UL", ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array());
        }

        Dataset at(int tag, int v) {
            return put(tag, "AT", ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN)
                    .putShort((short) (v >>> 16)).putShort((short) v).array());
        }

        Dataset ob(int tag, byte[] v) {
            return put(tag, "OB", v);
        }

        /** A sequence of undefined length with items of undefined length. */
        Dataset sq(int tag, List<Dataset> items) {
            List<byte[]> parts = new ArrayList<>();
            for (Dataset item : items) {
                parts.add(item.encode());
            }
            int size = 12 + 8;
            for (byte[] p : parts) {
                size += 8 + p.length + 8;
            }
            ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
            putTag(b, tag);
            b.put((byte) 'S').put((byte) 'Q').putShort((short) 0).putInt(-1);
            for (byte[] p : parts) {
                putTag(b, 0xFFFEE000);
                b.putInt(-1).put(p);
                putTag(b, 0xFFFEE00D);
                b.putInt(0);
            }
            putTag(b, 0xFFFEE0DD);
            b.putInt(0);
            elements.put(Integer.toUnsignedLong(tag), b.array());
            return this;
        }

        String string(int tag) {
            return strings.get(Integer.toUnsignedLong(tag));
        }

        /** Text VRs in UTF-8 (ISO_IR 192 or ASCII), padded to even length: UI with NUL, others with space. */
        private Dataset text(int tag, String vr, String v) {
            if (v == null) {
                return this;
            }
            byte[] bytes = v.getBytes(StandardCharsets.UTF_8);
            if (bytes.length % 2 == 1) {
                byte[] padded = new byte[bytes.length + 1];
                System.arraycopy(bytes, 0, padded, 0, bytes.length);
                padded[bytes.length] = (byte) (vr.equals("UI") ? 0 : ' ');
                bytes = padded;
            }
            strings.put(Integer.toUnsignedLong(tag), v);
            return put(tag, vr, bytes);
        }

        private Dataset put(int tag, String vr, byte[] value) {
            boolean longLength = vr.equals("OB") || vr.equals("OW") || vr.equals("UT") || vr.equals("UN");
            ByteBuffer b = ByteBuffer.allocate((longLength ? 12 : 8) + value.length).order(ByteOrder.LITTLE_ENDIAN);
            putTag(b, tag);
            b.put((byte) vr.charAt(0)).put((byte) vr.charAt(1));
            if (longLength) {
                b.putShort((short) 0).putInt(value.length);
            } else {
                b.putShort((short) value.length);
            }
            b.put(value);
            elements.put(Integer.toUnsignedLong(tag), b.array());
            return this;
        }

        private static void putTag(ByteBuffer b, int tag) {
            b.putShort((short) (tag >>> 16)).putShort((short) tag);
        }

        byte[] encode() {
            int size = elements.values().stream().mapToInt(e -> e.length).sum();
            ByteBuffer b = ByteBuffer.allocate(size);
            elements.values().forEach(b::put);
            return b.array();
        }
    }
}
