package org.medbroker.connectors.astm;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.medbroker.connectors.astm.codec.E1381;

/**
 * An instrument on a loopback socket: writes a session one byte at a time (as a serial-to-TCP bridge
 * does) and reads the broker's replies with a deadline. It never answers anything itself.
 */
final class AstmTestInstrument implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    AstmTestInstrument(int port, Duration deadline) throws IOException {
        this(new Socket(InetAddress.getLoopbackAddress(), port), deadline);
    }

    /** On a socket already connected (a TLS one, say). */
    AstmTestInstrument(Socket connected, Duration deadline) throws IOException {
        socket = connected;
        socket.setSoTimeout((int) deadline.toMillis());
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** Writes every byte in its own write call. */
    void sendByteByByte(byte[] bytes) throws IOException {
        for (byte b : bytes) {
            out.write(b);
            out.flush();
        }
    }

    void send(byte... bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next byte from the broker; fails with {@link java.net.SocketTimeoutException} after the deadline, -1 at end of stream. */
    int read() throws IOException {
        return in.read();
    }

    /** Closes with a reset (SO_LINGER 0), as an instrument losing power or a bridge dropping the line. */
    void drop() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    // ---- captures

    /** The capture directory, found as {@code corpus.AstmCorpusTest} finds it. */
    static Path corpus() {
        Path module = Path.of("").toAbsolutePath();
        List<Path> candidates = List.of(module.resolve("../../../shared/corpus/astm"),
                module.resolve("../../../../shared/corpus/astm"), Path.of("/work/shared/corpus/astm"));
        return candidates.stream().map(Path::normalize).filter(Files::isDirectory).findFirst()
                .orElseThrow(() -> new IllegalStateException("ASTM corpus not found; looked in " + candidates
                        + ". Check out the shared/ repository beside the medbroker clone."));
    }

    /** A capture cut at each STX: every element is one frame with its trailer, exactly as recorded. */
    static List<byte[]> frames(String capture) throws IOException {
        byte[] session = Files.readAllBytes(corpus().resolve(capture));
        List<byte[]> frames = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= session.length; i++) {
            if (i == session.length || session[i] == E1381.STX) {
                if (start >= 0) {
                    frames.add(Arrays.copyOfRange(session, start, i));
                }
                start = i;
            }
        }
        return frames;
    }

    /** The text of E1381 frames (between the frame number and ETB/ETX), concatenated: what the records are. */
    static byte[] texts(List<byte[]> frames) {
        return texts(frames, 2);
    }

    /** The text of frames whose text starts at {@code start} (1 in PLAIN framing), concatenated. */
    static byte[] texts(List<byte[]> frames, int start) {
        ByteArrayOutputStream texts = new ByteArrayOutputStream();
        for (byte[] frame : frames) {
            int end = start;
            while (frame[end] != E1381.ETX && frame[end] != E1381.ETB) {
                end++;
            }
            texts.write(frame, start, end - start);
        }
        return texts.toByteArray();
    }

    /** The same frame with its first checksum digit changed. */
    static byte[] withBadChecksum(byte[] frame) {
        byte[] bad = frame.clone();
        int end = 2;
        while (bad[end] != E1381.ETX && bad[end] != E1381.ETB) {
            end++;
        }
        bad[end + 1] = (byte) (bad[end + 1] == '0' ? '1' : '0');
        return bad;
    }

    static String text(byte[] bytes) {
        return new String(bytes, ISO_8859_1);
    }
}
