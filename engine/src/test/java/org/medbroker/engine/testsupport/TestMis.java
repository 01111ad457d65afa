package org.medbroker.engine.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * A test MIS: an MLLP server on loopback (plain sockets, so it shares no code with the client it
 * tests) that answers each message according to its {@link Mode}, and records what it accepted.
 * Like a careful MIS it discards a control id it has already accepted (answering AA again) and
 * counts the repeat.
 */
public final class TestMis implements AutoCloseable {

    /** How the MIS answers. */
    public enum Mode {
        /** AA for every message. */
        ACCEPT,
        /** AE with an error text, for every message. */
        ERROR,
        /** Reads the message and never answers. */
        HANG,
        /** Not listening: connections are refused. */
        REFUSE
    }

    /** One accepted message: its MSH-10 and the whole text (ISO-8859-1 decoded). */
    public record Received(String controlId, String text) {
        public String field(String segment, int n) {
            for (String line : text.split("\r")) {
                if (line.startsWith(segment + "|")) {
                    String[] fields = line.split("\\|", -1);
                    int index = segment.equals("MSH") ? n - 1 : n;
                    return index < fields.length ? fields[index] : "";
                }
            }
            return null;
        }
    }

    private final int port;
    private final javax.net.ServerSocketFactory sockets;
    private volatile Mode mode = Mode.ACCEPT;
    private volatile ServerSocket server;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final Map<String, Received> accepted = new LinkedHashMap<>();
    private final List<Received> acceptedInOrder = new ArrayList<>();
    private int repeats;
    private int answeredAe;
    private final List<String> answeredAeControlIds = new ArrayList<>();
    private int hung;

    private TestMis(int port, javax.net.ServerSocketFactory sockets) {
        this.port = port;
        this.sockets = sockets;
    }

    public static TestMis start() throws IOException {
        return start(javax.net.ServerSocketFactory.getDefault());
    }

    /** An MIS speaking MLLP over TLS with the key and certificate in {@code keyStore} (PKCS12). */
    public static TestMis startTls(java.nio.file.Path keyStore, String password) throws Exception {
        java.security.KeyStore keys = java.security.KeyStore.getInstance("PKCS12");
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(keyStore)) {
            keys.load(in, password.toCharArray());
        }
        javax.net.ssl.KeyManagerFactory factory = javax.net.ssl.KeyManagerFactory.getInstance(
                javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, password.toCharArray());
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        return start(context.getServerSocketFactory());
    }

    private static TestMis start(javax.net.ServerSocketFactory sockets) throws IOException {
        ServerSocket first = sockets.createServerSocket();
        first.setReuseAddress(true);
        first.bind(new InetSocketAddress("127.0.0.1", 0));
        TestMis mis = new TestMis(first.getLocalPort(), sockets);
        mis.listen(first);
        return mis;
    }

    public int port() {
        return port;
    }

    /** Switches the answer; REFUSE closes the listening socket and every connection, leaving it rebinds the same port. */
    public synchronized void mode(Mode next) throws IOException {
        if (next == Mode.REFUSE && mode != Mode.REFUSE) {
            server.close();
            dropConnections();
        } else if (next != Mode.REFUSE && mode == Mode.REFUSE) {
            ServerSocket again = sockets.createServerSocket();
            again.setReuseAddress(true);
            again.bind(new InetSocketAddress("127.0.0.1", port));
            listen(again);
        }
        if (mode == Mode.HANG && next != Mode.HANG) {
            dropConnections();
        }
        mode = next;
    }

    public synchronized List<Received> acceptedInOrder() {
        return List.copyOf(acceptedInOrder);
    }

    public synchronized int acceptedCount() {
        return acceptedInOrder.size();
    }

    /** Messages whose control id had already been accepted. */
    public synchronized int repeats() {
        return repeats;
    }

    public synchronized int answeredAe() {
        return answeredAe;
    }

    /** The MSH-10 of each message answered AE, in order. */
    public synchronized List<String> answeredAeControlIds() {
        return List.copyOf(answeredAeControlIds);
    }

    public synchronized int hung() {
        return hung;
    }

    /** Waits until {@code condition} holds. */
    public static void await(Duration timeout, BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    private void listen(ServerSocket socket) {
        server = socket;
        Thread acceptor = new Thread(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket connection = socket.accept();
                    connections.add(connection);
                    Thread reader = new Thread(() -> serve(connection), "test-mis-connection");
                    reader.setDaemon(true);
                    reader.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }, "test-mis-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void serve(Socket connection) {
        try (connection) {
            InputStream in = connection.getInputStream();
            OutputStream out = connection.getOutputStream();
            while (true) {
                String message = readBlock(in);
                if (message == null) {
                    return;
                }
                String reply = answer(message);
                if (reply != null) {
                    out.write(("\u000b" + reply + "\u001c\r").getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                }
            }
        } catch (SocketException closed) {
            // the MIS went down or the broker hung up
        } catch (IOException e) {
            // same: the test looks at what was accepted
        } finally {
            connections.remove(connection);
        }
    }

    private synchronized String answer(String message) {
        Received received = new Received(null, message);
        String controlId = received.field("MSH", 10);
        received = new Received(controlId, message);
        switch (mode) {
            case HANG, REFUSE -> {
                hung++;
                return null;
            }
            case ERROR -> {
                answeredAe++;
                answeredAeControlIds.add(controlId);
                return ack("AE", controlId, "MIS-17 patient unknown in MIS");
            }
            default -> {
                if (accepted.putIfAbsent(controlId, received) == null) {
                    acceptedInOrder.add(received);
                } else {
                    repeats++;
                }
                return ack("AA", controlId, "");
            }
        }
    }

    private static String ack(String code, String controlId, String text) {
        return "MSH|^~\\&|MIS|HOSPITAL|MEDBROKER|MEDBROKER|20260101000000||ACK^R01^ACK|A" + controlId + "|P|2.5.1\r"
                + "MSA|" + code + "|" + controlId + "|" + text + "\r"
                + (code.equals("AA") ? "" : "ERR||||E|||" + text + "\r");
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

    private void dropConnections() {
        for (Socket connection : connections) {
            try {
                connection.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        connections.clear();
    }

    @Override
    public synchronized void close() throws IOException {
        if (server != null) {
            server.close();
        }
        dropConnections();
    }
}
