package org.medbroker.engine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/** A minimal MLLP sender for tests: frames bytes, reads one framed reply per message. */
public final class MllpTestClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public MllpTestClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(15_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    public static byte[] frame(byte[] message) {
        byte[] framed = new byte[message.length + 3];
        framed[0] = 0x0B;
        System.arraycopy(message, 0, framed, 1, message.length);
        framed[framed.length - 2] = 0x1C;
        framed[framed.length - 1] = 0x0D;
        return framed;
    }

    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends one message and returns the ACK decoded as ISO-8859-1 (segments separated by CR). */
    public String send(byte[] message) throws IOException {
        sendRaw(frame(message));
        return readAck(StandardCharsets.ISO_8859_1);
    }

    public String send(String message, Charset charset) throws IOException {
        sendRaw(frame(message.getBytes(charset)));
        return readAck(charset);
    }

    public String readAck(Charset charset) throws IOException {
        ByteArrayOutputStream ack = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != 0x0B) {
            if (b < 0) {
                throw new IOException("connection closed before an ACK");
            }
        }
        while ((b = in.read()) != 0x1C) {
            if (b < 0) {
                throw new IOException("connection closed inside an ACK");
            }
            ack.write(b);
        }
        in.read();
        return ack.toString(charset);
    }

    /** Field {@code n} of the first segment named {@code segment} in an ACK. */
    public static String field(String ack, String segment, int n) {
        for (String line : ack.split("\r")) {
            if (line.startsWith(segment + "|")) {
                String[] fields = line.split("\\|", -1);
                int index = segment.equals("MSH") ? n - 1 : n;
                return index < fields.length ? fields[index] : "";
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
