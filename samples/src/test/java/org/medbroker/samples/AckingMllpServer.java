package org.medbroker.samples;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.Charset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A tiny MLLP receiver for tests: loopback, port 0, a thread per connection, and an ACK for every
 * block computed by {@code answer} (null: stay silent). It records every message it received.
 */
public final class AckingMllpServer implements AutoCloseable {

    private static final byte VT = 0x0B;
    private static final byte FS = 0x1C;
    private static final byte CR = 0x0D;

    private final ServerSocket server;
    private final Charset charset;
    private final Function<String, String> answer;
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<byte[]> receivedBytes = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    private AckingMllpServer(Charset charset, Function<String, String> answer) throws IOException {
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        this.charset = charset;
        this.answer = answer;
        this.acceptor = new Thread(this::acceptLoop, "acking-mllp-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Answers every message with {@code MSA|AA|<its MSH-10>}. */
    public static AckingMllpServer acceptingAll(Charset charset) throws IOException {
        return new AckingMllpServer(charset, message -> ack(message, "AA", controlId(message)));
    }

    public static AckingMllpServer answering(Charset charset, Function<String, String> answer) throws IOException {
        return new AckingMllpServer(charset, answer);
    }

    public int port() {
        return server.getLocalPort();
    }

    public List<String> received() {
        return received;
    }

    public List<byte[]> receivedBytes() {
        return receivedBytes;
    }

    /** A minimal original-mode ACK for {@code message}, with MSA-1 {@code code} and MSA-2 {@code ackedId}. */
    public static String ack(String message, String code, String ackedId) {
        String[] msh = message.substring(0, message.indexOf('\r') < 0 ? message.length() : message.indexOf('\r')).split("\\|", -1);
        String msh18 = msh.length > 17 ? msh[17] : "";
        return "MSH|^~\\&|ECHO|TEST|" + (msh.length > 2 ? msh[2] : "") + "|" + (msh.length > 3 ? msh[3] : "")
                + "|20250101000000||ACK^R01^ACK|A-" + ackedId + "|P|2.5.1||||||" + msh18 + "\r"
                + "MSA|" + code + "|" + ackedId + "\r";
    }

    public static String controlId(String message) {
        String[] msh = message.substring(0, message.indexOf('\r') < 0 ? message.length() : message.indexOf('\r')).split("\\|", -1);
        return msh.length > 9 ? msh[9] : "";
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.add(socket);
                Thread reader = new Thread(() -> serve(socket), "acking-mllp-connection");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            for (byte[] block; (block = readBlock(in)) != null; ) {
                receivedBytes.add(block);
                String message = new String(block, charset);
                received.add(message);
                String ack = answer.apply(message);
                if (ack != null) {
                    byte[] bytes = ack.getBytes(charset);
                    ByteArrayOutputStream frame = new ByteArrayOutputStream(bytes.length + 3);
                    frame.write(VT);
                    frame.writeBytes(bytes);
                    frame.write(FS);
                    frame.write(CR);
                    out.write(frame.toByteArray());
                    out.flush();
                }
            }
        } catch (IOException e) {
            // the client went away, or the server is closing
        }
    }

    private static byte[] readBlock(InputStream in) throws IOException {
        int b;
        while ((b = in.read()) != VT) {
            if (b < 0) {
                return null;
            }
        }
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        while ((b = in.read()) != FS) {
            if (b < 0) {
                return null;
            }
            block.write(b);
        }
        in.read(); // CR
        return block.toByteArray();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : connections) {
            socket.close();
        }
    }
}
