package org.medbroker.connectors.hl7;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import org.medbroker.connectors.hl7.mllp.MllpFrameDecoder;

/**
 * A plain blocking MLLP sender for tests. Every read waits at most the socket timeout, so a missing
 * ACK fails the test instead of hanging it.
 */
final class MllpTestClient implements AutoCloseable {

    static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    MllpTestClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
        socket.setTcpNoDelay(true);
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    static MllpTestClient connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
        return new MllpTestClient(socket);
    }

    /** A minimal ORU^R01 whose MSH-10 is {@code controlId}. */
    static String message(String controlId) {
        return "MSH|^~\\&|CBC|LAB|MEDBROKER|HOSP|20250101120000||ORU^R01^ORU_R01|" + controlId + "|P|2.5.1\r"
                + "PID|1||12345^^^HOSP^MR||DOE^JANE||19700101|F\r"
                + "OBR|1||LAB1|58410-2^CBC panel^LN\r"
                + "OBX|1|NM|718-7^Hemoglobin^LN||14.3|g/dL|13.5-17.5|N|||F\r";
    }

    static byte[] frame(String message) {
        byte[] content = message.getBytes(ISO_8859_1);
        byte[] frame = new byte[content.length + 3];
        frame[0] = MllpFrameDecoder.VT;
        System.arraycopy(content, 0, frame, 1, content.length);
        frame[content.length + 1] = MllpFrameDecoder.FS;
        frame[content.length + 2] = MllpFrameDecoder.CR;
        return frame;
    }

    /** Frames every message and sends them all in one write (pipelining). */
    void send(String... messages) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (String message : messages) {
            all.writeBytes(frame(message));
        }
        write(all.toByteArray());
    }

    void write(byte[] raw) throws IOException {
        out.write(raw);
        out.flush();
    }

    /** The next MLLP block from the listener (bytes outside blocks are skipped). */
    String readAck() throws IOException {
        int b;
        while ((b = in.read()) != MllpFrameDecoder.VT) {
            if (b < 0) {
                throw new IOException("connection closed while waiting for an ACK");
            }
        }
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        while ((b = in.read()) != MllpFrameDecoder.FS) {
            if (b < 0) {
                throw new IOException("connection closed inside an ACK");
            }
            content.write(b);
        }
        if (in.read() != MllpFrameDecoder.CR) {
            throw new IOException("ACK not ended by <FS><CR>");
        }
        return content.toString(ISO_8859_1);
    }

    /** Reads until the listener closes the connection; true when it did within the read timeout. */
    boolean closedByPeer() {
        try {
            while (in.read() >= 0) {
                // an ACK or whatever else was in flight: keep reading to the end
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by the listener
        }
    }

    Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** MSA-n of an ACK; MSA-0 is the segment id. */
    static String msa(String ack, int n) {
        for (String segment : ack.split("\r")) {
            if (segment.startsWith("MSA")) {
                String[] fields = segment.split("\\" + segment.charAt(3), -1);
                return n < fields.length ? fields[n] : "";
            }
        }
        throw new AssertionError("no MSA in " + ack.replace('\r', '/'));
    }

    static String segment(String ack, String id) {
        for (String segment : ack.split("\r")) {
            if (segment.startsWith(id)) {
                return segment;
            }
        }
        throw new AssertionError("no " + id + " in " + ack.replace('\r', '/'));
    }
}
