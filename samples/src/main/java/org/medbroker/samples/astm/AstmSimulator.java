package org.medbroker.samples.astm;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A laboratory analyzer on an ASTM line, for testing without hardware. It plays the instrument in CLSI
 * LIS1-A (E1381) in both roles, written independently of medbroker's own stack: as sender,
 * establishment (ENQ; NAK retried after a pause, at most six times; on contention the instrument keeps
 * priority and bids again after 1 s), frames {@code STX FN text ETB|ETX C1 C2 CR LF} of at most 240
 * characters numbered 1..7, 0, retransmission on NAK (at most six times), receiver interrupt honoured,
 * EOT; as receiver, ACK/NAK per frame by checksum and number, EOT. Records are LIS2-A2 (E1394).
 *
 * <p>It sends results of three device profiles ({@code hematology-xn}, {@code chemistry-c111},
 * {@code coagulation-ca}), asks host queries, and misbehaves on request ({@link Misbehaviour}).
 *
 * <pre>
 *   java samples/src/main/java/org/medbroker/samples/astm/AstmSimulator.java --port 5100 --profile hematology-xn \
 *       --barcode 100234 --patient MRN-77012 [--query] [--count 10] [--misbehave bad-checksum]
 *   java ... --device /dev/ttyUSB0 ...     (a serial line or pty set up with stty, e.g. stty -F /dev/ttyUSB0 9600 raw)
 *   java ... --listen 6000 ...             (the analyzer listens; the broker connects: transport tcp-client)
 * </pre>
 */
public final class AstmSimulator implements Closeable {

    public static final byte STX = 0x02, ETX = 0x03, EOT = 0x04, ENQ = 0x05, ACK = 0x06, LF = 0x0A, CR = 0x0D, NAK = 0x15,
            ETB = 0x17;
    static final int MAX_TEXT = 240;
    static final int MAX_ATTEMPTS = 6;

    /** Ways to break the protocol on purpose, each once per message. */
    public enum Misbehaviour {
        NONE,
        /** The first frame goes out with a wrong checksum; the receiver must NAK it and get it again. */
        BAD_CHECKSUM,
        /** After the first frame is acknowledged the simulator falls silent: the receiver's 30 s timer must fire. */
        TIMEOUT,
        /** Answers the host's ENQ with its own ENQ (line contention); as instrument it keeps priority. */
        CONTENTION,
        /** As receiver, answers the first frame with EOT instead of ACK (receiver interrupt). */
        INTERRUPT,
        /** As receiver, answers the host's first ENQ with NAK (busy); the host must retry after its pause. */
        BUSY
    }

    /** How a transfer ended. */
    public enum Outcome { DELIVERED, INTERRUPTED, REFUSED, NO_REPLY, SILENCED }

    /** One test an analyzer profile reports: code as sent, unit, reference range and typical value. */
    public record Test(String code, String unit, double low, double high, int decimals) {}

    /** A device profile: how the analyzer names itself, formats its universal test id, and what it measures. */
    public record Profile(String name, String sender, String testIdPrefix, List<Test> tests) {}

    public static final Map<String, Profile> PROFILES = new LinkedHashMap<>();

    static {
        PROFILES.put("hematology-xn", new Profile("hematology-xn", "XN-550^00-24^22723^^^^BD634545", "^^^^", List.of(
                new Test("WBC", "10*3/uL", 3.5, 10.0, 2), new Test("RBC", "10*6/uL", 3.8, 5.1, 2),
                new Test("HGB", "g/dL", 11.7, 15.5, 1), new Test("HCT", "%", 35.0, 45.0, 1), new Test("MCV", "fL", 80, 100, 1),
                new Test("MCH", "pg", 27, 33, 1), new Test("MCHC", "g/dL", 32, 36, 1), new Test("PLT", "10*3/uL", 150, 400, 0),
                new Test("RDW-SD", "fL", 39, 46, 1), new Test("RDW-CV", "%", 11.5, 14.5, 1), new Test("MPV", "fL", 7.4, 10.4, 1),
                new Test("NEUT#", "10*3/uL", 1.8, 7.7, 2), new Test("LYMPH#", "10*3/uL", 1.0, 4.8, 2),
                new Test("MONO#", "10*3/uL", 0.1, 0.8, 2), new Test("EO#", "10*3/uL", 0.0, 0.5, 2),
                new Test("BASO#", "10*3/uL", 0.0, 0.2, 2), new Test("NEUT%", "%", 40, 75, 1), new Test("LYMPH%", "%", 20, 45, 1),
                new Test("MONO%", "%", 2, 10, 1), new Test("EO%", "%", 0, 5, 1), new Test("BASO%", "%", 0, 1, 1))));
        PROFILES.put("chemistry-c111", new Profile("chemistry-c111", "c111^Roche^c111^4.2.2^1^13147", "^^^", List.of(
                new Test("401", "mmol/L", 3.9, 6.1, 2), new Test("402", "umol/L", 62, 106, 0), new Test("403", "mmol/L", 2.5, 8.3, 1),
                new Test("404", "mmol/L", 3.0, 5.2, 2), new Test("406", "U/L", 7, 40, 0), new Test("407", "U/L", 10, 40, 0),
                new Test("409", "mg/L", 0, 5, 1), new Test("413", "g/L", 35, 52, 2))));
        PROFILES.put("coagulation-ca", new Profile("coagulation-ca", "CA-660^00-11^A1042", "^^^", List.of(
                new Test("PT", "s", 11.0, 13.5, 1), new Test("PT-INR", "{INR}", 0.85, 1.15, 2), new Test("APTT", "s", 25, 36, 1),
                new Test("FBG", "g/L", 2.0, 4.0, 2), new Test("TT", "s", 14, 21, 1))));
    }

    private final Closeable channel;
    private final OutputStream out;
    private final BlockingQueue<Integer> received = new LinkedBlockingQueue<>();
    private final Charset charset;
    private final Random random;
    private Misbehaviour misbehaviour = Misbehaviour.NONE;
    private Duration replyTimeout = Duration.ofSeconds(15);
    private Duration frameTimeout = Duration.ofSeconds(30);
    private Duration retryDelay = Duration.ofSeconds(10);
    private final List<String> log = new ArrayList<>();
    private volatile long lastEotSentNanos;
    /** Time from the last byte of each frame sent to the receiver's reply, for the benchmark; null unless recording. */
    private List<Long> frameReplyNanos;
    private volatile long lastEnqReceivedNanos;

    private AstmSimulator(Closeable channel, InputStream in, OutputStream out, Charset charset, long seed) {
        this.channel = channel;
        this.out = out;
        this.charset = charset;
        this.random = new Random(seed);
        Thread reader = new Thread(() -> {
            try {
                int b;
                while ((b = in.read()) >= 0) {
                    received.add(b);
                }
            } catch (IOException e) {
                // closed
            }
            received.add(-1);
        }, "astm-simulator-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Connects to a listener over TCP. */
    public static AstmSimulator tcp(String host, int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), 10_000);
        socket.setTcpNoDelay(true);
        return new AstmSimulator(socket, socket.getInputStream(), socket.getOutputStream(), StandardCharsets.ISO_8859_1, 1);
    }

    /** Plays an analyzer that listens (the broker's tcp-client transport): over a connection it accepted. */
    public static AstmSimulator over(Socket accepted) throws IOException {
        accepted.setTcpNoDelay(true);
        return new AstmSimulator(accepted, accepted.getInputStream(), accepted.getOutputStream(), StandardCharsets.ISO_8859_1, 1);
    }

    /** Waits for the broker to connect on {@code port} (the analyzer listens), then plays the analyzer on that connection. */
    public static AstmSimulator listen(int port) throws IOException {
        try (java.net.ServerSocket server = new java.net.ServerSocket(port)) {
            return over(server.accept());
        }
    }

    /** Opens a serial device (or pty) already set up with stty (speed, raw mode). */
    public static AstmSimulator device(Path device) throws IOException {
        FileInputStream in = new FileInputStream(device.toFile());
        FileOutputStream out = new FileOutputStream(device.toFile());
        Closeable both = () -> {
            try {
                out.close();
            } finally {
                in.close();
            }
        };
        return new AstmSimulator(both, in, out, StandardCharsets.ISO_8859_1, 1);
    }

    public AstmSimulator misbehave(Misbehaviour misbehaviour) {
        this.misbehaviour = misbehaviour;
        return this;
    }

    /** Shorter timers than E1381's 15 s / 30 s / 10 s, for tests. */
    public AstmSimulator timers(Duration replyTimeout, Duration frameTimeout, Duration retryDelay) {
        this.replyTimeout = replyTimeout;
        this.frameTimeout = frameTimeout;
        this.retryDelay = retryDelay;
        return this;
    }

    /** From the EOT ending the last message sent to the host's ENQ that began its reply (the host's turnaround). */
    public Duration lastTurnaround() {
        return Duration.ofNanos(lastEnqReceivedNanos - lastEotSentNanos);
    }

    /** What happened on the line, one event a line (no record content). */
    public List<String> events() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    // ---- E1394 messages

    /** H, P, O, R ..., L: one specimen's results from {@code profile}; values are pseudo-random, flagged against the range. */
    public List<String> results(String profileName, String barcode, String patientId, LocalDateTime completed) {
        Profile profile = profile(profileName);
        String time = completed.format(DateTimeFormatter.ofPattern("uuuuMMddHHmmss"));
        List<String> records = new ArrayList<>();
        records.add("H|\\^&|||" + profile.sender() + "||||||||E1394-97|" + time);
        records.add("P|1|" + patientId);
        StringBuilder tests = new StringBuilder();
        for (Test t : profile.tests()) {
            tests.append(tests.isEmpty() ? "" : "\\").append(profile.testIdPrefix()).append(t.code());
        }
        records.add("O|1|" + barcode + "||" + tests + "|R||||||N||||||||||||||F");
        int n = 0;
        for (Test t : profile.tests()) {
            double span = t.high() - t.low();
            double value = t.low() - span * 0.2 + random.nextDouble() * span * 1.4;
            String flag = value < t.low() ? "L" : value > t.high() ? "H" : "N";
            String v = String.format(Locale.ROOT, "%." + t.decimals() + "f", value);
            String range = String.format(Locale.ROOT, "%." + t.decimals() + "f to %." + t.decimals() + "f", t.low(), t.high());
            records.add("R|" + (++n) + "|" + profile.testIdPrefix() + t.code() + (profile.testIdPrefix().length() == 4 ? "^1" : "")
                    + "|" + v + "|" + t.unit() + "|" + range + "|" + flag + "||F||||" + time);
        }
        records.add("L|1|N");
        return records;
    }

    /** H, Q, L: which tests are ordered for these specimen ids (one Q.3 repeat each). */
    public List<String> query(String profileName, String... barcodes) {
        Profile profile = profile(profileName);
        String ids = String.join("\\", Arrays.stream(barcodes).map(b -> "^" + b).toList());
        return List.of("H|\\^&|||" + profile.sender() + "||||||||E1394-97", "Q|1|" + ids + "||^^^ALL||||||||O", "L|1|N");
    }

    private static Profile profile(String name) {
        Profile profile = PROFILES.get(name);
        if (profile == null) {
            throw new IllegalArgumentException("unknown profile " + name + "; known: " + PROFILES.keySet());
        }
        return profile;
    }

    // ---- E1381 sender

    /** Sends one message (records without their CR) as the E1381 sender. */
    public Outcome send(List<String> records) throws IOException, InterruptedException {
        Misbehaviour once = misbehaviour;
        int refusals = 0;
        while (true) {
            write(ENQ);
            event("> ENQ");
            int reply = readControl(replyTimeout);
            if (reply == ACK) {
                event("< ACK");
                break;
            }
            if (reply == NAK) {
                event("< NAK (receiver busy)");
                if (++refusals >= MAX_ATTEMPTS) {
                    return Outcome.REFUSED;
                }
                Thread.sleep(retryDelay.toMillis());
                continue;
            }
            if (reply == ENQ) {
                event("< ENQ (contention: the instrument keeps priority, bids again in 1 s)");
                Thread.sleep(1_000);
                continue;
            }
            event("no reply to ENQ");
            write(EOT);
            return Outcome.NO_REPLY;
        }
        int number = 1;
        boolean first = true;
        for (byte[] frame : frames(records)) {
            frame[1] = (byte) ('0' + number);
            setChecksum(frame);
            int attempts = 0;
            while (true) {
                byte[] wire = frame;
                if (first && once == Misbehaviour.BAD_CHECKSUM) {
                    wire = frame.clone();
                    wire[wire.length - 4] = (byte) (wire[wire.length - 4] == '0' ? '1' : '0');
                    once = Misbehaviour.NONE;
                    event("> frame " + number + " with a bad checksum");
                } else {
                    event("> frame " + number);
                }
                write(wire);
                long written = System.nanoTime();
                int reply = readControl(replyTimeout);
                if (frameReplyNanos != null && reply == ACK) {
                    frameReplyNanos.add(System.nanoTime() - written);
                }
                if (reply == ACK) {
                    event("< ACK");
                    break;
                }
                if (reply == EOT) {
                    event("< EOT (receiver interrupt)");
                    write(EOT);
                    return Outcome.INTERRUPTED;
                }
                if (reply == NAK) {
                    event("< NAK");
                    if (++attempts >= MAX_ATTEMPTS) {
                        write(EOT);
                        return Outcome.REFUSED;
                    }
                    continue;
                }
                event("no reply to frame " + number);
                write(EOT);
                return Outcome.NO_REPLY;
            }
            if (first && once == Misbehaviour.TIMEOUT) {
                event("silent after the first frame (timeout on purpose)");
                return Outcome.SILENCED;
            }
            first = false;
            number = (number + 1) % 8;
        }
        write(EOT);
        lastEotSentNanos = System.nanoTime();
        event("> EOT");
        return Outcome.DELIVERED;
    }

    /** Each record split into frames of at most 240 characters: ETB frames, the record's last one ETX. Number and checksum set later. */
    private List<byte[]> frames(List<String> records) {
        List<byte[]> frames = new ArrayList<>();
        for (String record : records) {
            byte[] text = (record + "\r").getBytes(charset);
            for (int offset = 0; offset < text.length; offset += MAX_TEXT) {
                int length = Math.min(MAX_TEXT, text.length - offset);
                boolean last = offset + length == text.length;
                byte[] frame = new byte[length + 7];
                frame[0] = STX;
                System.arraycopy(text, offset, frame, 2, length);
                frame[length + 2] = last ? ETX : ETB;
                frame[length + 5] = CR;
                frame[length + 6] = LF;
                frames.add(frame);
            }
        }
        return frames;
    }

    private static void setChecksum(byte[] frame) {
        int sum = 0;
        for (int i = 1; i <= frame.length - 5; i++) {
            sum += frame[i] & 0xFF;
        }
        String hex = String.format("%02X", sum & 0xFF);
        frame[frame.length - 4] = (byte) hex.charAt(0);
        frame[frame.length - 3] = (byte) hex.charAt(1);
    }

    // ---- E1381 receiver

    /**
     * Waits up to {@code wait} for the host's ENQ and receives one message; the records (without CR), or
     * an empty list when nothing came. With {@link Misbehaviour#CONTENTION} the host's ENQ is answered with
     * ENQ and {@code instead} is sent first, as the instrument with priority.
     */
    public List<String> receive(Duration wait, List<String> instead) throws IOException, InterruptedException {
        int enq = readControl(wait);
        if (enq != ENQ) {
            return List.of();
        }
        lastEnqReceivedNanos = System.nanoTime();
        event("< ENQ");
        if (misbehaviour == Misbehaviour.BUSY) {
            write(NAK);
            event("> NAK (busy on purpose)");
            enq = readControl(wait);
            if (enq != ENQ) {
                return List.of();
            }
            event("< ENQ (retried)");
        } else if (misbehaviour == Misbehaviour.CONTENTION) {
            event("> ENQ (contention on purpose)");
            Misbehaviour saved = misbehaviour;
            misbehaviour = Misbehaviour.NONE;
            try {
                write(ENQ);
                Thread.sleep(1_000);
                // our own message first (the host must have yielded and answer this ENQ)
                if (send(instead) != Outcome.DELIVERED) {
                    return List.of();
                }
            } finally {
                misbehaviour = saved;
            }
            enq = readControl(wait);
            if (enq != ENQ) {
                return List.of();
            }
            event("< ENQ (host bids again after our EOT)");
        }
        write(ACK);
        event("> ACK");
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        int expected = 1;
        boolean interrupted = false;
        while (true) {
            int b = read(frameTimeout);
            if (b < 0) {
                event("receiver timeout");
                break;
            }
            if (b == EOT) {
                event("< EOT");
                break;
            }
            if (b != STX) {
                continue;
            }
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            frame.write(STX);
            while (true) {
                int c = read(frameTimeout);
                if (c < 0) {
                    return split(text);
                }
                frame.write(c);
                if (c == LF) {
                    break;
                }
            }
            byte[] f = frame.toByteArray();
            if (!intact(f) || f[1] - '0' != expected) {
                write(NAK);
                event("> NAK");
                continue;
            }
            if (misbehaviour == Misbehaviour.INTERRUPT && !interrupted) {
                interrupted = true;
                write(EOT);
                event("> EOT (receiver interrupt on purpose)");
                text.write(f, 2, f.length - 7);
                continue;
            }
            text.write(f, 2, f.length - 7);
            expected = (expected + 1) % 8;
            write(ACK);
            event("> ACK");
        }
        return split(text);
    }

    private static boolean intact(byte[] f) {
        if (f.length < 7 || (f[f.length - 5] != ETX && f[f.length - 5] != ETB)) {
            return false;
        }
        int sum = 0;
        for (int i = 1; i <= f.length - 5; i++) {
            sum += f[i] & 0xFF;
        }
        String hex = String.format("%02X", sum & 0xFF);
        return f[f.length - 4] == hex.charAt(0) && f[f.length - 3] == hex.charAt(1);
    }

    private List<String> split(ByteArrayOutputStream text) {
        String all = text.toString(charset);
        List<String> records = new ArrayList<>();
        for (String r : all.split("\r")) {
            if (!r.isEmpty()) {
                records.add(r);
            }
        }
        return records;
    }

    // ---- bytes

    private void write(byte... bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next control character (ENQ, ACK, NAK, EOT) within the timeout, other bytes skipped; -1 on timeout or end. */
    private int readControl(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return -1;
            }
            Integer b = received.poll(left, TimeUnit.NANOSECONDS);
            if (b == null || b < 0) {
                if (b != null) {
                    received.add(-1);
                }
                return -1;
            }
            if (b == ENQ || b == ACK || b == NAK || b == EOT) {
                return b;
            }
        }
    }

    private int read(Duration timeout) throws InterruptedException {
        Integer b = received.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (b != null && b < 0) {
            received.add(-1);
        }
        return b == null ? -1 : b;
    }

    private void event(String text) {
        synchronized (log) {
            log.add(text);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    // ---- command line

    /** Closed loop on one connection: N result messages (ENQ to EOT each) or N host queries (EOT to the reply's ENQ). */
    static void bench(Map<String, String> options) throws Exception {
        String kind = options.get("bench");
        int count = Integer.parseInt(options.getOrDefault("count", "1000"));
        String profile = options.getOrDefault("profile", "hematology-xn");
        String barcode = options.getOrDefault("barcode", "BENCH");
        long[] nanos = new long[count];
        try (AstmSimulator simulator = tcp(options.getOrDefault("host", "127.0.0.1"), Integer.parseInt(options.getOrDefault("port", "5100")))) {
            simulator.frameReplyNanos = new ArrayList<>();
            long started = System.nanoTime();
            for (int i = 0; i < count; i++) {
                if (kind.equals("queries")) {
                    if (simulator.send(simulator.query(profile, barcode)) != Outcome.DELIVERED
                            || simulator.receive(Duration.ofSeconds(30), List.of()).isEmpty()) {
                        throw new IllegalStateException("query " + i + " not answered");
                    }
                    nanos[i] = simulator.lastTurnaround().toNanos();
                } else {
                    long t0 = System.nanoTime();
                    if (simulator.send(simulator.results(profile, barcode + "-" + i, "BENCH-" + (i % 500), LocalDateTime.now()))
                            != Outcome.DELIVERED) {
                        throw new IllegalStateException("message " + i + " not delivered");
                    }
                    nanos[i] = System.nanoTime() - t0;
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            Arrays.sort(nanos);
            System.out.printf(Locale.ROOT, "{\"bench\":\"%s\",\"count\":%d,\"seconds\":%.2f,\"perSecond\":%.1f,"
                    + "\"p50ms\":%.2f,\"p99ms\":%.2f,\"maxms\":%.2f}%n", kind, count, seconds, count / seconds,
                    nanos[count / 2] / 1e6, nanos[(int) Math.min(count - 1, Math.ceil(count * 0.99) - 1)] / 1e6, nanos[count - 1] / 1e6);
            long[] frames = simulator.frameReplyNanos.stream().mapToLong(Long::longValue).sorted().toArray();
            if (frames.length > 0) {
                System.out.printf(Locale.ROOT, "{\"bench\":\"frame-ack\",\"frames\":%d,\"p50ms\":%.3f,\"p99ms\":%.3f,\"maxms\":%.2f}%n",
                        frames.length, frames[frames.length / 2] / 1e6, frames[(int) Math.ceil(frames.length * 0.99) - 1] / 1e6,
                        frames[frames.length - 1] / 1e6);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String key = args[i].replaceFirst("^--", "");
            if (key.equals("query") || key.equals("verbose")) {
                options.put(key, "true");
            } else if (i + 1 < args.length) {
                options.put(key, args[++i]);
            }
        }
        if (options.containsKey("help") || args.length == 0) {
            System.out.println("usage: AstmSimulator (--port N [--host H] | --listen N | --device /dev/ttyX) [--profile " + PROFILES.keySet()
                    + "] [--barcode B] [--patient P] [--count N] [--query] [--misbehave none|bad-checksum|timeout|contention|interrupt|busy]"
                    + " [--verbose]\n       AstmSimulator --port N --bench results|queries --count N [--barcode B]   (timings, one connection)");
            return;
        }
        if (options.containsKey("bench")) {
            bench(options);
            return;
        }
        String profile = options.getOrDefault("profile", "hematology-xn");
        String barcode = options.getOrDefault("barcode", "100234");
        String patient = options.getOrDefault("patient", "");
        int count = Integer.parseInt(options.getOrDefault("count", "1"));
        Misbehaviour misbehaviour = Misbehaviour.valueOf(options.getOrDefault("misbehave", "none").toUpperCase(Locale.ROOT).replace('-', '_'));
        try (AstmSimulator simulator = options.containsKey("device") ? device(Path.of(options.get("device")))
                : options.containsKey("listen") ? listen(Integer.parseInt(options.get("listen")))
                : tcp(options.getOrDefault("host", "127.0.0.1"), Integer.parseInt(options.getOrDefault("port", "5100")))) {
            simulator.misbehave(misbehaviour);
            long started = System.nanoTime();
            for (int i = 0; i < count; i++) {
                String b = count == 1 ? barcode : barcode + "-" + i;
                if (options.containsKey("query")) {
                    Outcome sent = simulator.send(simulator.query(profile, b));
                    List<String> reply = simulator.receive(Duration.ofSeconds(30), simulator.results(profile, b, patient, LocalDateTime.now()));
                    System.out.println("query " + b + ": " + sent + ", reply of " + reply.size() + " records");
                    reply.forEach(r -> System.out.println("  " + r));
                } else {
                    Outcome sent = simulator.send(simulator.results(profile, b, patient, LocalDateTime.now()));
                    System.out.println("results " + b + ": " + sent);
                }
            }
            System.out.printf("%d message(s) in %d ms%n", count, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            if (options.containsKey("verbose")) {
                simulator.events().forEach(e -> System.out.println("  " + e));
            }
        }
    }
}
