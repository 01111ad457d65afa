package org.medbroker.samples.mis;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test MIS on loopback: answers AA to every HL7 message over MLLP (echoing MSH-10 in MSA-2),
 * counts distinct control ids and repeats, and, with {@code --expect N}, exits once N distinct
 * control ids arrived, printing one JSON line with the rate between the first and the last.
 * Runs as a single source file: {@code java TestMisServer.java --port 26661 --expect 3000}.
 */
public final class TestMisServer {

    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final AtomicLong repeats = new AtomicLong();
    private final AtomicLong firstNanos = new AtomicLong();
    private volatile long lastNanos;
    private final CountDownLatch done;
    private final long expect;

    private TestMisServer(long expect) {
        this.expect = expect;
        this.done = new CountDownLatch(1);
    }

    public static void main(String[] args) throws Exception {
        int port = 26661;
        long expect = Long.MAX_VALUE;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--expect" -> expect = Long.parseLong(args[++i]);
                default -> {
                    System.err.println("usage: java TestMisServer.java [--port N] [--expect N]");
                    System.exit(2);
                }
            }
        }
        TestMisServer mis = new TestMisServer(expect);
        try (ServerSocket server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> mis.accept(server), "accept");
            acceptor.setDaemon(true);
            acceptor.start();
            System.err.println("test MIS listening on 127.0.0.1:" + port);
            mis.done.await();
        }
        double seconds = (mis.lastNanos - mis.firstNanos.get()) / 1e9;
        System.out.printf("{\"distinct\":%d,\"repeats\":%d,\"firstToLastSeconds\":%.3f,\"messagesPerSecond\":%.1f}%n",
                mis.seen.size(), mis.repeats.get(), seconds, seconds > 0 ? (mis.seen.size() - 1) / seconds : 0.0);
    }

    private void accept(ServerSocket server) {
        while (true) {
            try {
                Socket socket = server.accept();
                Thread connection = new Thread(() -> serve(socket), "connection");
                connection.setDaemon(true);
                connection.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            String message;
            while ((message = readBlock(in)) != null) {
                String controlId = field(message, 10);
                long now = System.nanoTime();
                firstNanos.compareAndSet(0, now);
                if (seen.add(controlId)) {
                    lastNanos = now;
                } else {
                    repeats.incrementAndGet();
                }
                String ack = "MSH|^~\\&|TESTMIS|HOSPITAL|MEDBROKER|MEDBROKER|20260101000000||ACK|A" + controlId + "|P|2.5.1\r"
                        + "MSA|AA|" + controlId + "\r";
                out.write(0x0B);
                out.write(ack.getBytes(StandardCharsets.ISO_8859_1));
                out.write(0x1C);
                out.write(0x0D);
                out.flush();
                if (seen.size() >= expect) {
                    done.countDown();
                }
            }
        } catch (IOException e) {
            // the broker hung up; it reconnects
        }
    }

    /** MSH-n of the message (MSH-1 is the field separator itself). */
    private static String field(String message, int n) {
        int end = message.indexOf('\r');
        String[] fields = (end < 0 ? message : message.substring(0, end)).split("\\|", -1);
        return n - 1 < fields.length ? fields[n - 1] : "";
    }

    private static String readBlock(InputStream in) throws IOException {
        int b;
        while ((b = in.read()) != 0x0B) {
            if (b < 0) {
                return null;
            }
        }
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        while ((b = in.read()) != 0x1C) {
            if (b < 0) {
                return null;
            }
            block.write(b);
        }
        in.read();
        return block.toString(StandardCharsets.ISO_8859_1);
    }
}
