package org.medbroker.samples.loadgen;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * HL7 v2 load generator over MLLP (JDK 17, no dependencies, one file).
 *
 * <p>Run from the repository root, straight from source:
 * <pre>
 *   java samples/src/main/java/org/medbroker/samples/loadgen/Hl7LoadGenerator.java --port 2575 --connections 8 --messages 20000
 *   java samples/src/main/java/org/medbroker/samples/loadgen/Hl7LoadGenerator.java --port 2575 --connections 16 --rate 1000 --messages 30000
 * </pre>
 *
 * <p>Each connection keeps one message in flight and waits for its ACK before sending the next, as
 * real senders do. Without {@code --rate} the connections send as fast as the ACKs come back (closed
 * loop). With {@code --rate R} the run offers R messages/s in total on a fixed schedule (open loop):
 * message k is due at start + k/R, and its latency is measured from that due time, not from when it
 * could actually be sent, so a stalled receiver shows up in the percentiles instead of silently
 * slowing the sender down (no coordinated omission). "service" times are measured from the real send.
 *
 * <p>The message is a ~2.9 KB ORU^R01 v2.5.1 complete blood count with 10 OBX; every message has its
 * own MSH-10 ({@code --id-prefix} + sequence). Every ACK is checked: MSA-1 must be AA and MSA-2 must
 * equal the message's MSH-10. The run is bounded by message count and by {@code --max-seconds};
 * it talks to loopback addresses only unless {@code --allow-non-loopback} is given.
 *
 * <p>Output: a readable summary on stderr and one JSON line on stdout. Exit code 0 when every measured
 * message got an AA echoing its MSH-10, 1 otherwise, 2 on a usage error.
 */
public final class Hl7LoadGenerator {

    static final String USAGE = """
            usage: java Hl7LoadGenerator.java [options]
              --host H               receiver address (default 127.0.0.1; loopback only unless --allow-non-loopback)
              --port P               receiver port (default 2575)
              --connections N        parallel connections, one message in flight each (default 1)
              --messages M           measured messages in total (default 10000)
              --warmup W             unmeasured messages sent first, in total (default 1000)
              --rate R               offered load in messages/s over all connections; 0 = as fast as ACKs allow (default 0)
              --max-seconds S        hard bound for the whole run (default 300)
              --charset C            ISO-8859-1, UTF-8 or ISO-8859-5, declared in MSH-18 (default ISO-8859-1)
              --cyrillic             Cyrillic patient names (needs --charset UTF-8 or ISO-8859-5)
              --id-prefix X          MSH-10 prefix, so reruns do not collide (default LG<time>-)
              --read-timeout-ms T    longest wait for one ACK (default 30000)
              --label L              free text copied into the JSON line
              --dump-message         print one message (segments on lines) and exit
              --allow-non-loopback   allow a receiver that is not on this machine
            """;

    static final byte VT = 0x0B;
    static final byte FS = 0x1C;
    static final byte CR = 0x0D;

    private Hl7LoadGenerator() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the generator; returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        if (options.help) {
            out.print(USAGE);
            return 0;
        }
        if (options.dumpMessage) {
            out.println(oruR01(options.idPrefix + "000000001", 1, options.charset, options.cyrillic,
                    ZonedDateTime.now(ZoneOffset.UTC)).replace('\r', '\n'));
            return 0;
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(options.host);
        } catch (UnknownHostException e) {
            err.println("error: unknown host " + options.host);
            return 2;
        }
        if (!address.isLoopbackAddress() && !options.allowNonLoopback) {
            err.println("error: refusing " + address.getHostAddress() + ": not a loopback address (add --allow-non-loopback)");
            return 2;
        }
        Result result = new LoadRun(options, address).execute();
        result.printSummary(err);
        out.println(result.json());
        return result.ok() ? 0 : 1;
    }

    // ---------------------------------------------------------------- options

    static final class Options {
        String host = "127.0.0.1";
        int port = 2575;
        int connections = 1;
        int messages = 10_000;
        int warmup = 1_000;
        double rate;
        int maxSeconds = 300;
        Charset charset = StandardCharsets.ISO_8859_1;
        boolean cyrillic;
        String idPrefix = "LG" + Long.toString(System.currentTimeMillis() / 1000 % 2_176_782_336L, 36).toUpperCase(Locale.ROOT) + "-";
        int readTimeoutMs = 30_000;
        String label = "";
        boolean dumpMessage;
        boolean allowNonLoopback;
        boolean help;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                switch (name) {
                    case "--host" -> o.host = value(args, ++i, name);
                    case "--port" -> o.port = integer(args, ++i, name, 1, 65_535);
                    case "--connections" -> o.connections = integer(args, ++i, name, 1, 1_000);
                    case "--messages" -> o.messages = integer(args, ++i, name, 1, 100_000_000);
                    case "--warmup" -> o.warmup = integer(args, ++i, name, 0, 100_000_000);
                    case "--rate" -> o.rate = decimal(args, ++i, name);
                    case "--max-seconds" -> o.maxSeconds = integer(args, ++i, name, 1, 86_400);
                    case "--charset" -> o.charset = charset(value(args, ++i, name));
                    case "--cyrillic" -> o.cyrillic = true;
                    case "--id-prefix" -> o.idPrefix = value(args, ++i, name);
                    case "--read-timeout-ms" -> o.readTimeoutMs = integer(args, ++i, name, 1, 3_600_000);
                    case "--label" -> o.label = value(args, ++i, name);
                    case "--dump-message" -> o.dumpMessage = true;
                    case "--allow-non-loopback" -> o.allowNonLoopback = true;
                    case "--help", "-h" -> o.help = true;
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            }
            if (o.cyrillic && o.charset.equals(StandardCharsets.ISO_8859_1)) {
                throw new IllegalArgumentException("--cyrillic needs --charset UTF-8 or ISO-8859-5");
            }
            if (o.idPrefix.indexOf('|') >= 0 || o.idPrefix.indexOf('^') >= 0 || o.idPrefix.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("--id-prefix must not contain HL7 delimiters");
            }
            return o;
        }

        private static String value(String[] args, int i, String name) {
            if (i >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            return args[i];
        }

        private static int integer(String[] args, int i, String name, int min, int max) {
            String text = value(args, i, name);
            try {
                int v = Integer.parseInt(text);
                if (v < min || v > max) {
                    throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", got " + v);
                }
                return v;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " needs a whole number, got " + text);
            }
        }

        private static double decimal(String[] args, int i, String name) {
            String text = value(args, i, name);
            try {
                double v = Double.parseDouble(text);
                if (!(v >= 0 && v <= 10_000_000)) {
                    throw new IllegalArgumentException(name + " must be between 0 and 10000000, got " + text);
                }
                return v;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " needs a number, got " + text);
            }
        }

        private static Charset charset(String name) {
            return switch (name.toUpperCase(Locale.ROOT)) {
                case "ISO-8859-1", "8859/1", "LATIN1" -> StandardCharsets.ISO_8859_1;
                case "UTF-8", "UTF8", "UNICODE UTF-8" -> StandardCharsets.UTF_8;
                case "ISO-8859-5", "8859/5" -> Charset.forName("ISO-8859-5");
                default -> throw new IllegalArgumentException("--charset must be ISO-8859-1, UTF-8 or ISO-8859-5, got " + name);
            };
        }
    }

    // ---------------------------------------------------------------- the run

    /** One run: connect, warm up, start every connection at the same instant, measure, collect. */
    static final class LoadRun {
        private final Options options;
        private final InetAddress address;
        private final AtomicLong sequence = new AtomicLong();
        private final long deadline;
        private final CountDownLatch ready;
        private final CountDownLatch go = new CountDownLatch(1);
        private volatile long measureStart;

        LoadRun(Options options, InetAddress address) {
            this.options = options;
            this.address = address;
            this.deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.maxSeconds);
            this.ready = new CountDownLatch(options.connections);
        }

        Result execute() {
            int n = options.connections;
            List<Connection> connections = new ArrayList<>(n);
            for (int c = 0; c < n; c++) {
                // connection c sends the measured messages k = c, c+n, c+2n, ... (k is the schedule slot)
                int measured = (options.messages - c + n - 1) / n;
                int warm = options.warmup / n + (c < options.warmup % n ? 1 : 0);
                connections.add(new Connection(this, c, warm, measured));
            }
            connections.forEach(Thread::start);
            try {
                ready.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            measureStart = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
            go.countDown();
            for (Connection connection : connections) {
                try {
                    connection.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) + 5_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (connection.isAlive()) {
                    connection.stopNow();
                    try {
                        connection.join(5_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
            return Result.collect(options, connections, measureStart);
        }

        String nextControlId() {
            return options.idPrefix + String.format(Locale.ROOT, "%09d", sequence.incrementAndGet());
        }
    }

    /** One MLLP connection on its own thread, with one message in flight. */
    static final class Connection extends Thread {
        private final LoadRun run;
        private final int index;
        private final int warm;
        private final int measured;
        final long[] latencies;
        final long[] serviceTimes;
        int recorded;
        long sent;
        long acked;
        long aa;
        long ae;
        long ar;
        long otherCode;
        long mismatch;
        long errors;
        long notSent;
        long lastAck;
        String firstProblem;
        private Socket socket;
        private InputStream in;
        private OutputStream out;
        private volatile boolean stopped;

        Connection(LoadRun run, int index, int warm, int measured) {
            super("hl7-loadgen-" + index);
            setDaemon(true);
            this.run = run;
            this.index = index;
            this.warm = warm;
            this.measured = measured;
            this.latencies = new long[measured];
            this.serviceTimes = new long[measured];
        }

        @Override
        public void run() {
            boolean signalled = false;
            try {
                connect();
                for (int i = 0; i < warm && !overDeadline(); i++) {
                    try {
                        exchange(false, 0);
                    } catch (IOException e) {
                        problem("warm-up: " + e.getMessage());
                        if (!reconnect()) {
                            break;
                        }
                    }
                }
                run.ready.countDown();
                signalled = true;
                if (!run.go.await(Math.max(0, run.deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    notSent = measured;
                    return;
                }
                long start = run.measureStart;
                int n = run.options.connections;
                double rate = run.options.rate;
                for (int j = 0; j < measured; j++) {
                    if (overDeadline() || stopped) {
                        notSent += measured - j;
                        problem("time bound of " + run.options.maxSeconds + " s reached");
                        break;
                    }
                    long due = start;
                    if (rate > 0) {
                        long slot = (long) j * n + index;
                        due = start + (long) (slot * 1e9 / rate);
                        waitUntil(due);
                    }
                    try {
                        exchange(true, rate > 0 ? due : 0);
                    } catch (IOException e) {
                        errors++;
                        problem(e.getMessage());
                        if (!reconnect()) {
                            notSent += measured - j - 1;
                            break;
                        }
                    }
                }
            } catch (IOException e) {
                problem("connect: " + e.getMessage());
                errors++;
                notSent = measured - sent;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                notSent = measured - sent;
            } finally {
                if (!signalled) {
                    run.ready.countDown();
                    if (notSent == 0 && sent == 0) {
                        notSent = measured;
                    }
                }
                close();
            }
        }

        /** Sends one message and reads its ACK; only measured messages are counted. */
        private void exchange(boolean measuredMessage, long due) throws IOException {
            String controlId = run.nextControlId();
            byte[] frame = frame(oruR01(controlId, run.sequence.get(), run.options.charset, run.options.cyrillic,
                    ZonedDateTime.now(ZoneOffset.UTC)).getBytes(run.options.charset));
            int remainingMs = (int) Math.max(1, Math.min(run.options.readTimeoutMs,
                    TimeUnit.NANOSECONDS.toMillis(run.deadline - System.nanoTime())));
            socket.setSoTimeout(remainingMs);
            long sendTime = System.nanoTime();
            out.write(frame);
            out.flush();
            if (measuredMessage) {
                sent++;
            }
            byte[] ack = readBlock(in);
            long ackTime = System.nanoTime();
            if (!measuredMessage) {
                return;
            }
            acked++;
            lastAck = ackTime;
            latencies[recorded] = ackTime - (due == 0 ? sendTime : due);
            serviceTimes[recorded] = ackTime - sendTime;
            recorded++;
            String[] msa = msa(new String(ack, run.options.charset));
            String code = msa.length > 1 ? msa[1] : "";
            switch (code) {
                case "AA" -> aa++;
                case "AE" -> ae++;
                case "AR" -> ar++;
                default -> otherCode++;
            }
            if (!code.equals("AA")) {
                problem("MSA-1 " + (code.isEmpty() ? "missing" : code) + " for " + controlId);
            }
            if (msa.length < 3 || !controlId.equals(msa[2])) {
                mismatch++;
                problem("MSA-2 " + (msa.length < 3 ? "missing" : "'" + msa[2] + "'") + " for " + controlId);
            }
        }

        private void connect() throws IOException {
            Socket s = new Socket();
            s.setTcpNoDelay(true);
            s.setKeepAlive(true);
            s.connect(new InetSocketAddress(run.address, run.options.port),
                    (int) Math.max(1, Math.min(10_000, TimeUnit.NANOSECONDS.toMillis(run.deadline - System.nanoTime()))));
            socket = s;
            in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
            out = s.getOutputStream();
        }

        /** A new connection after a failure; false when the time bound leaves no room for one. */
        private boolean reconnect() throws IOException {
            close();
            if (overDeadline() || stopped) {
                return false;
            }
            connect();
            return true;
        }

        private boolean overDeadline() {
            return System.nanoTime() - run.deadline >= 0;
        }

        private void waitUntil(long due) {
            for (long left; (left = due - System.nanoTime()) > 0 && !stopped; ) {
                LockSupport.parkNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
            }
        }

        private void problem(String text) {
            if (firstProblem == null) {
                firstProblem = "connection " + index + ": " + text;
            }
        }

        void stopNow() {
            stopped = true;
            close(); // unblocks a read stuck past the bound
        }

        private void close() {
            Socket s = socket;
            if (s != null) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }

    // ---------------------------------------------------------------- results

    record Result(Options options, int messageBytes, long sent, long acked, long aa, long ae, long ar, long otherCode,
            long mismatch, long errors, long notSent, double elapsedSeconds, long[] latencies, long[] serviceTimes,
            List<String> problems) {

        static Result collect(Options options, List<Connection> connections, long measureStart) {
            long sent = 0, acked = 0, aa = 0, ae = 0, ar = 0, other = 0, mismatch = 0, errors = 0, notSent = 0, lastAck = 0;
            int total = 0;
            for (Connection c : connections) {
                total += c.recorded;
            }
            long[] latencies = new long[total];
            long[] service = new long[total];
            int at = 0;
            List<String> problems = new ArrayList<>();
            for (Connection c : connections) {
                sent += c.sent;
                acked += c.acked;
                aa += c.aa;
                ae += c.ae;
                ar += c.ar;
                other += c.otherCode;
                mismatch += c.mismatch;
                errors += c.errors;
                notSent += c.notSent;
                lastAck = Math.max(lastAck, c.lastAck);
                System.arraycopy(c.latencies, 0, latencies, at, c.recorded);
                System.arraycopy(c.serviceTimes, 0, service, at, c.recorded);
                at += c.recorded;
                if (c.firstProblem != null && problems.size() < 5) {
                    problems.add(c.firstProblem);
                }
            }
            Arrays.sort(latencies);
            Arrays.sort(service);
            double elapsed = lastAck == 0 ? 0 : (lastAck - measureStart) / 1e9;
            int bytes = oruR01(options.idPrefix + "000000001", 1, options.charset, options.cyrillic,
                    ZonedDateTime.now(ZoneOffset.UTC)).getBytes(options.charset).length;
            return new Result(options, bytes, sent, acked, aa, ae, ar, other, mismatch, errors, notSent, Math.max(0, elapsed),
                    latencies, service, problems);
        }

        boolean ok() {
            return aa == options.messages && acked == options.messages && mismatch == 0 && errors == 0 && notSent == 0;
        }

        double throughput() {
            return elapsedSeconds > 0 ? acked / elapsedSeconds : 0;
        }

        static double percentileMs(long[] sorted, double p) {
            if (sorted.length == 0) {
                return 0;
            }
            int i = (int) Math.ceil(p / 100 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
        }

        String mode() {
            return options.rate > 0 ? "open-loop" : "closed-loop";
        }

        void printSummary(PrintStream err) {
            err.printf(Locale.ROOT, "%s%s, %d connection(s), %s%s, %s, %d-byte ORU^R01%n",
                    options.label.isEmpty() ? "" : options.label + ": ", options.host + ":" + options.port,
                    options.connections, mode(), options.rate > 0 ? String.format(Locale.ROOT, " at %.0f msg/s", options.rate) : "",
                    options.charset.name(), messageBytes);
            err.printf(Locale.ROOT, "  measured %d: sent %d, acked %d (AA %d, AE %d, AR %d, other %d), MSA-2 mismatches %d, errors %d, not sent %d%n",
                    options.messages, sent, acked, aa, ae, ar, otherCode, mismatch, errors, notSent);
            err.printf(Locale.ROOT, "  %.3f s, %.1f msg/s; ACK latency p50 %.3f ms, p99 %.3f ms, max %.3f ms%s%n",
                    elapsedSeconds, throughput(), percentileMs(latencies, 50), percentileMs(latencies, 99),
                    percentileMs(latencies, 100), options.rate > 0 ? " (from the scheduled send time)" : "");
            for (String problem : problems) {
                err.println("  problem: " + problem);
            }
            err.println(ok() ? "  OK: every message acknowledged AA with its own MSH-10" : "  FAILED");
        }

        String json() {
            return String.format(Locale.ROOT,
                    "{\"tool\":\"hl7-loadgen\",\"label\":%s,\"host\":%s,\"port\":%d,\"connections\":%d,\"mode\":\"%s\","
                            + "\"offered_rate\":%.1f,\"charset\":\"%s\",\"message_bytes\":%d,\"messages\":%d,\"warmup\":%d,"
                            + "\"sent\":%d,\"acked\":%d,\"aa\":%d,\"ae\":%d,\"ar\":%d,\"other_code\":%d,\"ctrl_id_mismatch\":%d,"
                            + "\"errors\":%d,\"not_sent\":%d,\"elapsed_s\":%.3f,\"msgs_per_s\":%.1f,"
                            + "\"p50_ms\":%.3f,\"p90_ms\":%.3f,\"p99_ms\":%.3f,\"p999_ms\":%.3f,\"max_ms\":%.3f,"
                            + "\"service_p50_ms\":%.3f,\"service_p99_ms\":%.3f,\"ok\":%s}",
                    jsonString(options.label), jsonString(options.host), options.port, options.connections, mode(),
                    options.rate, options.charset.name(), messageBytes, options.messages, options.warmup,
                    sent, acked, aa, ae, ar, otherCode, mismatch, errors, notSent, elapsedSeconds, throughput(),
                    percentileMs(latencies, 50), percentileMs(latencies, 90), percentileMs(latencies, 99),
                    percentileMs(latencies, 99.9), percentileMs(latencies, 100),
                    percentileMs(serviceTimes, 50), percentileMs(serviceTimes, 99), ok());
        }

        static String jsonString(String s) {
            StringBuilder b = new StringBuilder(s.length() + 2).append('"');
            for (char ch : s.toCharArray()) {
                switch (ch) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    default -> {
                        if (ch < 0x20) {
                            b.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
                        } else {
                            b.append(ch);
                        }
                    }
                }
            }
            return b.append('"').toString();
        }
    }

    // ---------------------------------------------------------------- MLLP and HL7

    static byte[] frame(byte[] message) {
        byte[] frame = new byte[message.length + 3];
        frame[0] = VT;
        System.arraycopy(message, 0, frame, 1, message.length);
        frame[message.length + 1] = FS;
        frame[message.length + 2] = CR;
        return frame;
    }

    /** Reads the next {@code <VT>...<FS><CR>} block; bytes before {@code <VT>} are skipped. */
    static byte[] readBlock(InputStream in) throws IOException {
        int b;
        while ((b = in.read()) != VT) {
            if (b < 0) {
                throw new IOException("connection closed while waiting for an ACK");
            }
        }
        ByteArrayOutputStream block = new ByteArrayOutputStream(256);
        while ((b = in.read()) != FS) {
            if (b < 0) {
                throw new IOException("connection closed inside an ACK");
            }
            block.write(b);
        }
        if (in.read() != CR) {
            throw new IOException("ACK not ended by <FS><CR>");
        }
        return block.toByteArray();
    }

    /** The MSA fields (index 0 is "MSA"), split with the ACK's own field separator; empty if no MSA. */
    static String[] msa(String ack) {
        for (String segment : ack.split("[\r\n]+")) {
            if (segment.startsWith("MSA") && segment.length() > 3) {
                return segment.split(java.util.regex.Pattern.quote(String.valueOf(segment.charAt(3))), -1);
            }
        }
        return new String[0];
    }

    static String msh18(Charset charset) {
        if (charset.equals(StandardCharsets.UTF_8)) {
            return "UNICODE UTF-8";
        }
        return charset.name().equalsIgnoreCase("ISO-8859-5") ? "8859/5" : "8859/1";
    }

    private static final DateTimeFormatter HL7_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ");

    /** Complete blood count: LOINC code, name, UCUM unit, reference range, typical value. */
    private static final String[][] CBC = {
        {"6690-2", "Leukocytes [#/volume] in Blood by Automated count", "10*3/uL", "3.9-10.2", "6.8"},
        {"789-8", "Erythrocytes [#/volume] in Blood by Automated count", "10*6/uL", "4.3-5.75", "4.92"},
        {"718-7", "Hemoglobin [Mass/volume] in Blood", "g/dL", "13.5-17.2", "14.6"},
        {"4544-3", "Hematocrit [Volume Fraction] of Blood by Automated count", "%", "39.5-50.5", "43.8"},
        {"787-2", "MCV [Entitic volume] by Automated count", "fL", "80-99", "89.0"},
        {"785-6", "MCH [Entitic mass] by Automated count", "pg", "27-33.5", "29.7"},
        {"786-4", "MCHC [Mass/volume] by Automated count", "g/dL", "31.5-36", "33.3"},
        {"788-0", "Erythrocyte distribution width [Ratio] by Automated count", "%", "11.5-15.0", "12.9"},
        {"777-3", "Platelets [#/volume] in Blood by Automated count", "10*3/uL", "150-370", "262"},
        {"32623-1", "Platelet mean volume [Entitic volume] in Blood by Automated count", "fL", "7.4-12.2", "10.1"},
    };

    private static final String[] LATIN_NAMES = {
        "MUSTERMANN^ERIKA^M^^^^L", "NORDSTROM^LARS^^^^^L", "OKONKWO^CHIAMAKA^^^^^L", "DUBOIS^CAMILLE^A^^^^L",
    };
    private static final String[] CYRILLIC_NAMES = {
        "ИВАНОВА^АННА^СЕРГЕЕВНА^^^^L", "ПЕТРОВ^ДМИТРИЙ^ОЛЕГОВИЧ^^^^L", "СМИРНОВА^ЕЛЕНА^ПАВЛОВНА^^^^L", "КУЗНЕЦОВ^ИГОРЬ^^^^^L",
    };

    /**
     * A ~2.9 KB ORU^R01 v2.5.1 (original-mode acknowledgement: MSH-15/16 empty) from a haematology
     * analyser: CBC panel, 10 numeric OBX, specimen and a note. {@code seq} varies the patient and values.
     */
    static String oruR01(String controlId, long seq, Charset charset, boolean cyrillic, ZonedDateTime now) {
        String ts = HL7_TIME.format(now);
        String collected = HL7_TIME.format(now.minusMinutes(47));
        String received = HL7_TIME.format(now.minusMinutes(21));
        long patient = 4_000_000 + Math.floorMod(seq * 7_919, 900_000);
        String name = (cyrillic ? CYRILLIC_NAMES : LATIN_NAMES)[(int) Math.floorMod(seq, 4)];
        String sex = Math.floorMod(seq, 4) % 2 == 0 ? "F" : "M";
        String order = "ORD" + (700_000 + Math.floorMod(seq, 300_000));
        String sample = "S" + (10_000_000 + Math.floorMod(seq, 90_000_000));
        String doctor = "D0417^WAGNER^THOMAS^^^DR^^^CITYHOSP&1.2.276.0.76.3.1.2&ISO^L^^^DN";
        String tech = "T22^BRANDT^SOPHIE";
        StringBuilder m = new StringBuilder(3_200);
        m.append("MSH|^~\\&|XN-1000^1.2.276.0.76.3.1.1.7^ISO|CORELAB^1.2.276.0.76.3.1.1^ISO|MEDBROKER|CITYHOSP^1.2.276.0.76.3.1.2^ISO|")
                .append(ts).append("||ORU^R01^ORU_R01|").append(controlId).append("|P|2.5.1|||||DEU|").append(msh18(charset))
                .append("|de^German^ISO639\r");
        m.append("SFT|Sysmex Corporation^L^^^^&1.2.276.0.76.3.1.1.9&ISO^XX^^^42|00-22|XN-1000 IPU|00-22-4711||20240301\r");
        m.append("PID|1||").append(patient).append("^^^CITYHOSP&1.2.276.0.76.3.1.2&ISO^MR||").append(name).append("||")
                .append(1940 + Math.floorMod(seq, 60)).append("0").append(1 + Math.floorMod(seq, 9)).append("1").append(Math.floorMod(seq, 9))
                .append('|').append(sex).append("|||Hauptstrasse 12^^Musterstadt^^12345^DEU^H||^PRN^PH^^49^30^5550123|||||ACC")
                .append(patient).append("\r");
        m.append("PV1|1|O|HAEM^^^CITYHOSP||||").append(doctor).append("||||||||||||OP|V").append(patient).append("\r");
        m.append("ORC|RE|").append(order).append("^CITYHOSP|").append(sample).append("^CORELAB||CM||||").append(ts)
                .append("|||").append(doctor).append("\r");
        m.append("OBR|1|").append(order).append("^CITYHOSP|").append(sample)
                .append("^CORELAB|58410-2^CBC panel - Blood by Automated count^LN|||").append(collected).append("|||||||")
                .append(received).append("||").append(doctor).append("||||||").append(ts).append("||HM|F\r");
        for (int i = 0; i < CBC.length; i++) {
            String[] o = CBC[i];
            m.append("OBX|").append(i + 1).append("|NM|").append(o[0]).append('^').append(o[1]).append("^LN||")
                    .append(vary(o[4], seq + i)).append('|').append(o[2]).append('^').append(o[2]).append("^UCUM|")
                    .append(o[3]).append("|N|||F|||").append(collected).append("||").append(tech)
                    .append("|XN-1000^^99DEV|").append(ts).append("\r");
        }
        m.append("SPM|1|").append(sample).append("&CORELAB||BLDV^Blood venous^HL70487|||||||P||||||").append(collected)
                .append('|').append(received).append("\r");
        m.append("NTE|1|L|Measured on XN-1000 module 1; no analyser flags.\r");
        return m.toString();
    }

    /** The typical value moved by up to +-4 % so consecutive messages differ. */
    private static String vary(String typical, long seed) {
        int decimals = typical.indexOf('.') < 0 ? 0 : typical.length() - typical.indexOf('.') - 1;
        double value = Double.parseDouble(typical) * (1 + (Math.floorMod(seed * 31, 81) - 40) / 1000.0);
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
